import { randomUUID } from 'node:crypto';
import {
  OpsdeckError,
  ScheduleInput,
  type CronPlan,
  type Host,
  type RunEvent,
  type Schedule,
} from '../../../contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../event-bus';
import type { MysqlExecutor } from '../../mysql/connection';
import { isSystemSchema } from '../../mysql/sql';
import type { SchedulesRepo } from '../../store/schedules-repo';
import type { AuditRepo } from '../../store/audit-repo';
import type { WorkflowRunner } from '../../workflows/engine/runner';
import { asRoot } from '../../workflows/prepare-disks/remote';
import { stamp } from '../../workflows/backup-run/naming';
import { serverInfo } from '../server-info';
import { pickCompression } from '../tools/compression';
import { cronScript, installCommands, removeCommands } from './cron-script';
import { nextRun } from './next-run';

export interface ScheduleDeps {
  repo: SchedulesRepo;
  runner: Pick<WorkflowRunner, 'start' | 'detail'>;
  bus: EventBus;
  clock: Clock;
  audit: AuditRepo;
  host(idOrName: string): Host;
  ssh: {
    exec(
      host: Host,
      command: string,
      o?: { timeoutMs?: number; stdin?: string },
    ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  };
  mysql: MysqlExecutor;
}

/**
 * Backup schedules: run by Opsdeck while it is open (a timer checks every 30 s), or installed as
 * a cron entry on the host (the script is shown first; the crontab is backed up; the line is
 * tagged so removing takes out exactly it). After a scheduled backup succeeds, its restore test
 * runs on the schedule's scratch host.
 */
export class ScheduleService {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** backup-run id → schedule, while it runs (restore tests follow it). */
  private readonly pending = new Map<string, string>();

  constructor(private readonly deps: ScheduleDeps) {}

  list(): Schedule[] {
    const now = this.deps.clock.now();
    return this.deps.repo.list().map((s) => ({
      ...s,
      ...(s.enabled && s.runner === 'opsdeck'
        ? {
            nextRunAt: nextRun(
              s.when,
              now,
              s.lastRunAt ? new Date(s.lastRunAt) : undefined,
            ).toISOString(),
          }
        : {}),
    }));
  }

  get(idOrName: string): Schedule {
    const s = this.list().find(
      (x) => x.id === idOrName || x.name.toLowerCase() === idOrName.toLowerCase(),
    );
    if (!s)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No backup schedule ${idOrName}.`,
        'List them with backups.schedules.list.',
      );
    return s;
  }

  save(raw: ScheduleInput, id?: string): Schedule {
    const input = ScheduleInput.parse(raw);
    const host = this.deps.host(input.host);
    if (input.kind !== 'snapshot' && !input.to)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `A ${input.kind} schedule needs a destination.`,
        'Give to: file://, ssh:// or s3://.',
      );
    if (input.restoreTestOn) {
      const scratch = this.deps.host(input.restoreTestOn);
      if (scratch.id === host.id)
        throw new OpsdeckError(
          'INVALID_PARAMS',
          'Restore tests run on a scratch host, never on the source.',
          'Pick a spare host.',
        );
      if (input.confirmScratch !== scratch.name)
        throw new OpsdeckError(
          'CONFIRMATION_REQUIRED',
          `Every restore test replaces the databases on ${scratch.name}.`,
          `Type ${scratch.name} to confirm it is a scratch host.`,
        );
    }
    const existing = id ? this.get(id) : undefined;
    this.deps.repo.upsert({
      id: existing?.id ?? randomUUID(),
      name: input.name,
      hostName: host.name,
      kind: input.kind,
      ...(input.to ? { to: input.to } : {}),
      when: input.when,
      retention: input.retention,
      ...(input.restoreTestOn ? { restoreTestOn: this.deps.host(input.restoreTestOn).name } : {}),
      runner: input.runner,
      enabled: input.enabled,
      createdAt: existing?.createdAt ?? this.deps.clock.now().toISOString(),
    });
    const saved = this.get(input.name);
    this.changed(saved.id, 'saved');
    return saved;
  }

  remove(idOrName: string): Schedule {
    const s = this.get(idOrName);
    if (s.cronInstalled)
      throw new OpsdeckError(
        'CONFLICT',
        `${s.name} is installed in ${s.hostName}'s crontab.`,
        'Remove the cron entry first.',
      );
    this.deps.repo.remove(s.id);
    this.changed(s.id, 'removed');
    return s;
  }

  /** The script and crontab line a cron schedule installs, to be read before installing. */
  async cronPlan(idOrName: string): Promise<CronPlan> {
    const s = this.get(idOrName);
    const host = this.deps.host(s.hostName);
    const info = await serverInfo(this.readOnly(), host);
    return cronScript(s, {
      dialect: info.dialect,
      databases: info.userDatabases,
      binlog: info.binlog,
      compression: pickCompression('auto', info.programs, host.name),
    });
  }

  async installCron(idOrName: string, door: string): Promise<CronPlan> {
    const s = this.get(idOrName);
    const plan = await this.cronPlan(s.id);
    await this.rootScript(
      s,
      installCommands(plan, s.id, stamp(this.deps.clock.now())),
      'install the cron entry',
      door,
    );
    this.deps.repo.setCronInstalled(s.id, true);
    this.changed(s.id, 'cron installed');
    return plan;
  }

  async removeCron(idOrName: string, door: string): Promise<Schedule> {
    const s = this.get(idOrName);
    const plan = await this.cronPlan(s.id);
    await this.rootScript(
      s,
      removeCommands(plan, s.id, stamp(this.deps.clock.now())),
      'remove the cron entry',
      door,
    );
    this.deps.repo.setCronInstalled(s.id, false);
    this.changed(s.id, 'cron removed');
    return this.get(s.id);
  }

  /** Start the schedule's backup now; returns the run id. */
  runNow(idOrName: string, door = 'schedule'): { runId: string } {
    const s = this.get(idOrName);
    const { runId } = this.deps.runner.start(
      'backup-run',
      {
        host: s.hostName,
        kind: s.kind,
        ...(s.to ? { to: s.to } : {}),
        retention: s.retention,
        scheduleId: s.id,
      },
      door,
    );
    this.deps.repo.markRun(s.id, this.deps.clock.now().toISOString(), runId);
    if (s.restoreTestOn) this.pending.set(runId, s.id);
    this.changed(s.id, 'started');
    return { runId };
  }

  /** Run what is due (every 30 s while a long-lived door is open). */
  tick(): void {
    const now = this.deps.clock.now();
    for (const s of this.list()) {
      if (!s.enabled || s.runner !== 'opsdeck' || !s.nextRunAt || new Date(s.nextRunAt) > now)
        continue;
      if (s.lastRunId && this.deps.runner.detail(s.lastRunId).status === 'running') continue;
      this.runNow(s.id);
    }
  }

  start(intervalMs = 30_000): void {
    this.unsubscribe = this.deps.bus.subscribe((m) => {
      if (m.topic !== 'workflow.event') return;
      const e = m.payload as RunEvent;
      if (e.type !== 'run' || !this.pending.has(e.runId) || e.run.status === 'running') return;
      const scheduleId = this.pending.get(e.runId) as string;
      this.pending.delete(e.runId);
      if (e.run.status === 'succeeded')
        void this.restoreTest(scheduleId, e.runId).catch(() => undefined);
    });
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  private async restoreTest(scheduleId: string, backupRunId: string) {
    const s = this.get(scheduleId);
    const backupId = this.deps.runner.detail(backupRunId).output.backupId;
    if (!s.restoreTestOn || typeof backupId !== 'string') return;
    const scratch = this.deps.host(s.restoreTestOn);
    const dbs = (await this.deps.mysql.query(scratch, 'SHOW DATABASES')).rows
      .map((r) => String(Object.values(r)[0]))
      .filter((d) => !isSystemSchema(d));
    // The scratch host was confirmed when the schedule was saved: its databases may be replaced.
    this.deps.runner.start(
      'backup-restore',
      { backupId, onto: scratch.name, overwrite: dbs, test: true },
      'schedule',
    );
  }

  private readOnly() {
    const { ssh, mysql } = this.deps;
    return {
      mysql: { read: async (h: Host, sql: string) => (await mysql.query(h, sql)).rows },
      ssh: {
        read: async (h: Host, cmd: string) => {
          const r = await ssh.exec(h, cmd, { timeoutMs: 30_000 });
          return { ...r, durationMs: 0 };
        },
      },
    };
  }

  private async rootScript(s: Schedule, script: string, what: string, door: string) {
    const host = this.deps.host(s.hostName);
    const r = await this.deps.ssh.exec(host, asRoot(host, 'bash -s'), {
      stdin: script,
      timeoutMs: 60_000,
    });
    const ok = r.code === 0;
    this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      door,
      target: host.name,
      action: `backups.schedules: ${what}`,
      detail: `${s.name}: ${what}${ok ? '' : ` → exit ${r.code}`}`,
      outcome: ok ? 'ok' : 'failed',
    });
    if (!ok)
      throw new OpsdeckError(
        'SSH_COMMAND_FAILED',
        `Could not ${what} on ${host.name}: ${r.stderr.trim() || `exit ${r.code}`}.`,
        `Check root's crontab on ${host.name} (a copy was saved under /var/backups before the change).`,
      );
  }

  private changed(id: string, reason: string) {
    this.deps.bus.emit('backups.changed', { ids: [id], reason: `schedule ${reason}` });
  }
}
