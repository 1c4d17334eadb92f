import { OpsdeckError, type BackupRestoreParams, type Host } from '../../../contract';
import { databasesReplaced } from '../../backups/restore/overwrite';
import { requireRestorable, requireRestoreTools } from '../../backups/restore/restore-backup';
import { serverInfo, type ServerInfo } from '../../backups/server-info';
import { serviceCommands } from '../../mysql/physical-restore';
import { profileDetector } from '../replication-setup/profile-detect';
import { setTarget } from '../../backups/snapshot/restore-set';
import type { OutputOf, Step, StepContext } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { CHECK } from './outputs';
import { notRestorable, putBackTest } from './restore-test';

type P = BackupRestoreParams;

/**
 * Everything checked before the target changes: the backup is whole and verified, it can roll
 * forward if asked, the target is not its source, the target has the tools; and what of the
 * target's data the restore replaces. The restore test shows `running` from here; the undo puts
 * the previous one back when the run is rolled back before it judged anything.
 */
export const check = (deps: BackupWorkflowDeps): Step<P, OutputOf<typeof CHECK>> => ({
  ...CHECK,
  title: 'Check the backup and the target',
  async run(ctx) {
    const entry = deps.catalog.get(ctx.params.backupId);
    requireRestorable(entry);
    if (ctx.params.until && entry.kind !== 'snapshot' && !entry.coordinates.file)
      throw notRestorable(
        `Backup ${entry.id} has no binlog coordinates; it cannot be rolled forward to a point in time.`,
        'Pick a backup taken with the binary log on.',
      );
    const onto = ctx.host(ctx.params.onto);
    if (onto.id === entry.hostId || onto.name === entry.hostName)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `Backup ${entry.id} was taken on ${entry.hostName}; restoring onto the same host would replace its live data.`,
        'Restore onto a scratch host (a spare lab host or a new instance), then move data as you decide.',
      );
    const info = await serverInfo(ctx, onto);
    requireRestoreTools(entry, info, onto);
    // A hot backup replaces the data dir with the server stopped: its stop/start commands are
    // found now (a profile never detected is detected, read-only) — not after the point of no return.
    if (entry.kind === 'hot') serviceCommands(await withServiceCommands(ctx, deps, onto, info));
    const set =
      entry.kind === 'snapshot'
        ? await setTarget(ctx, {
            entry,
            onto,
            instanceId: ctx.params.instanceId,
            zone: ctx.params.zone,
          })
        : undefined;
    const startedAt = deps.now().toISOString();
    const previous = entry.restoreTest?.runId === ctx.runId ? undefined : entry.restoreTest;
    if (ctx.params.test && !ctx.dryRun)
      deps.catalog.setCheck(entry.id, 'restoreTest', {
        status: 'running',
        at: startedAt,
        host: onto.name,
        runId: ctx.runId,
        message: `restoring onto ${onto.name}`,
      });
    return {
      startedAt,
      datadir: info.datadir,
      replaced: databasesReplaced(entry, info.userDatabases),
      ...(previous ? { previousTest: previous } : {}),
      ...(set ? { set } : {}),
    };
  },
  async undo(ctx) {
    putBackTest(ctx, deps);
  },
});

/** The target with its MySQL service commands: detected (and kept) when its profile lacks them. */
async function withServiceCommands(
  ctx: StepContext<P, unknown>,
  deps: BackupWorkflowDeps,
  onto: Host,
  info: ServerInfo,
): Promise<Host> {
  const save = deps.saveDetectedProfile;
  if ((onto.profile.mysqlServiceStop && onto.profile.mysqlServiceStart) || !save) return onto;
  const detect = profileDetector(
    (host, command) => ctx.ssh.read(host, command, { okCodes: [0, 1, 2, 127], timeoutMs: 60_000 }),
    save,
  );
  const fresh = await detect(onto, info.dialect.flavor);
  ctx.log(
    `${onto.name}: server profile detected — stop \`${fresh.profile.mysqlServiceStop ?? '(none found)'}\`, start \`${fresh.profile.mysqlServiceStart ?? '(none found)'}\`${fresh.profile.sudo ? ', through sudo' : ''}`,
  );
  return fresh;
}

/**
 * A restore onto a host that holds data the restore replaces is confirmed by a person who types
 * the host's name — at this moment, in whichever door they are (the window's dialog, the web
 * page, the CLI's terminal, `opsdeck workflow approve --typed`). Databases typed in advance
 * (`overwrite`, as the replication wizard asks; a schedule's confirmed scratch host) count as
 * that answer. An empty target needs no answer.
 */
export const confirm = (deps: BackupWorkflowDeps): Step<P> => ({
  id: 'confirm',
  title: 'Confirm replacing the target’s data',
  async run(ctx) {
    const { replaced } = ctx.get(CHECK);
    const entry = deps.catalog.get(ctx.params.backupId);
    const onto = ctx.params.onto;
    if (!replaced.length) {
      ctx.log(`${onto} holds no data this restore replaces.`);
      return;
    }
    const unconfirmed = replaced.filter((d) => !ctx.params.overwrite.includes(d));
    if (!unconfirmed.length) {
      ctx.log(`Confirmed in advance: ${replaced.join(', ')} on ${onto} may be replaced.`);
      return;
    }
    const how =
      entry.kind === 'dump'
        ? 'each is dropped and re-created from the backup'
        : entry.kind === 'hot'
          ? 'its whole data directory is replaced; the old content is kept aside'
          : 'the restored volumes are mounted over its data directory; its own data stays underneath';
    await ctx.confirm({
      title: `Replace data on ${onto}?`,
      message: `Restoring ${entry.kind} backup ${entry.id} of ${entry.hostName} replaces ${replaced.join(', ')} on ${onto} (${how}). Type ${onto} to go on.`,
      confirmLabel: `Restore onto ${onto}`,
      typed: onto,
    });
  },
});
