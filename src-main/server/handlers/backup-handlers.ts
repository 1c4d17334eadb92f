import { OpsdeckError } from '../../contract';
import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type BackupMethod = Extract<keyof Handlers, `backups.${string}`>;

/** The backup catalog and schedules: thin bindings to core.backups. */
export function backupHandlers(core: Core): Pick<Handlers, BackupMethod> {
  const b = core.backups;
  const sch = core.schedules;
  return {
    'backups.schedules.list': () => sch.list(),
    'backups.schedules.save': ({ id, schedule }) => sch.save(schedule, id),
    'backups.schedules.remove': ({ id }) => sch.remove(id),
    'backups.schedules.cronPlan': ({ id }) => sch.cronPlan(id),
    'backups.schedules.installCron': ({ id }, call) => sch.installCron(id, call.door),
    'backups.schedules.removeCron': ({ id }, call) => sch.removeCron(id, call.door),
    'backups.schedules.runNow': ({ id }, call) => sch.runNow(id, call.door),
    'backups.importCron': ({ schedule }) => sch.importCron(schedule),
    'backups.list': ({ host, kind, status, runId, limit }) =>
      b.list({
        ...(host ? { host } : {}),
        ...(runId ? { runId } : {}),
        ...(kind ? { kind } : {}),
        ...(status ? { status } : {}),
        limit,
      }),
    'backups.get': ({ id }) => b.get(id),
    'backups.remove': async ({ id, confirm }, call) => {
      const entry = b.get(id);
      if (confirm !== entry.id)
        throw new OpsdeckError(
          'CONFIRMATION_REQUIRED',
          `Deleting backup ${entry.id} of ${entry.hostName} removes ${entry.location}.`,
          'Type the backup id to confirm.',
        );
      const audit = (outcome: 'ok' | 'failed') =>
        core.audit.append({
          at: core.clock.now().toISOString(),
          door: call.door,
          target: entry.hostName,
          action: 'backups.remove',
          detail: `delete ${entry.location}`,
          outcome,
        });
      try {
        const removed = await b.remove(id);
        audit('ok');
        return removed;
      } catch (err) {
        audit('failed');
        throw err;
      }
    },
  };
}
