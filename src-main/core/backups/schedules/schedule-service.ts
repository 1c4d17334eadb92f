import { randomUUID } from 'node:crypto';
import {
  ACTIVE_RUN_STATUSES,
  OpsdeckError,
  ScheduleInput,
  type BackupCheck,
  type CronImportResult,
  type CronPlan,
  type Host,
  type Schedule,
} from '../../../contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../event-bus';
import type { MysqlExecutor } from '../../mysql/executor';
import { isSystemSchema } from '../../mysql/sql';
import type { SchedulesRepo } from '../../store/schedules-repo';
import type { AuditRepo } from '../../store/audit-repo';
import type { WorkflowRunner } from '../../workflows/engine/runner';
import { parseDestination } from '../destinations/url';
import { CronInstaller, type SshExec } from './cron-installer';
import { dueSlot, nextSlot } from './next-run';
import { importCronBackups, type ImportDeps } from './cron-import';

export interface ScheduleDeps {
  repo: SchedulesRepo;
  bus: EventBus;
  clock: Clock;
  audit: AuditRepo;
  host(idOrName: string): Host;
  /** The catalog's restore-test record (a test is shown queued as soon as it is started). */
  catalog: ImportDeps['catalog'] & {
    setCheck(id: string, which: 'restoreTest', check: BackupCheck): void;
  };
  /** The areas a schedule reaches, loaded when first needed (listing them loads nothing). */
  runner(): Promise<Pick<WorkflowRunner, 'start' | 'detail'>>;
  ssh(): Promise<SshExec>;
  mysql(): Promise<MysqlExecutor>;
}

/** A slot missed by more than this (Opsdeck was not running) is skipped, not caught up. */
export const GRACE_MS = 30 * 60_000;

/** Installed cron schedules' backups are imported into the catalog this often by the timer. */
export const IMPORT_EVERY_MS = 10 * 60_000;

/**
 * Backup schedules: run by Opsdeck (a timer in the core that holds the data folder's lease, and
 * only in a long-lived one: the desktop window's or `opsdeck serve`'s — see create-core.ts), or
 * installed as a cron entry on the host. After a scheduled backup succeeds (backup-run's
 * onSuccess), its restore test is started on the schedule's confirmed scratch host.
 */
export class ScheduleService {
  private timer: NodeJS.Timeout | undefined;
  /** When cron backups were last imported (the timer refreshes them every IMPORT_EVERY_MS). */
  private lastImport = 0;
  /** Cron imports under way, by schedule id (joined by any caller while they run). */
  private readonly imports = new Map<string, Promise<CronImportResult>>();
  private readonly cron: CronInstaller;

  constructor(private readonly deps: ScheduleDeps) {
    this.cron = new CronInstaller(deps);
  }

  list(): Schedule[] {
    const now = this.deps.clock.now();
    return this.deps.repo.list().map((s) => {
      if (!s.enabled || s.runner !== 'opsdeck') return s;
      const since = this.since(s);
      const next = dueSlot(s.when, now, since, GRACE_MS) ?? nextSlot(s.when, since, now);
      return { ...s, nextRunAt: next.toISOString() };
    });
  }

  get(idOrName: string): Schedule {
    const s = this.list().find(
      (x) => x.id === idOrName || x.name.toLowerCase() === idOrName.toLowerCase(),
    );
    if (!s)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No backup schedule ${idOrName}.`,
        'List them with `opsdeck backup schedule list`.',
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
    if (input.runner === 'cron' && input.kind === 'snapshot')
      throw new OpsdeckError(
        'INVALID_PARAMS',
        'Snapshot sets need the EC2 API: Opsdeck runs them, cron cannot.',
        'Choose runner opsdeck for a snapshot schedule.',
      );
    const dest = input.to ? parseDestination(input.to) : undefined;
    if (input.runner === 'cron' && (dest?.kind !== 'ssh' || dest.host !== host.name))
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `cron on ${host.name} writes its backups to a folder on ${host.name}: the destination must be ssh://${host.name}/path.`,
        'Pick a folder on the host (a local disk or an NFS mount), or let Opsdeck run the schedule.',
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
    if (existing?.cronInstalled)
      throw new OpsdeckError(
        'CONFLICT',
        `${existing.name} is installed in ${existing.hostName}'s crontab: a change here would not reach the host.`,
        `Remove its cron entry from ${existing.hostName} first, change the schedule, then install it again.`,
      );
    const clash = this.deps.repo.get(input.name);
    if (clash && clash.id !== existing?.id)
      throw new OpsdeckError(
        'CONFLICT',
        `A schedule named ${input.name} exists already.`,
        'Pick another name, or change that schedule.',
      );
    this.deps.repo.upsert({
      id: existing?.id ?? randomUUID(),
      name: input.name,
      hostName: host.name,
      kind: input.kind,
      ...(input.to ? { to: input.to } : {}),
      when: input.when,
      retention: input.retention,
      ...(input.restoreTestOn ? { restoreTestOn: this.deps.host(input.restoreTestOn).name } : {}),
      ...(input.verifyOn ? { verifyOn: this.deps.host(input.verifyOn).name } : {}),
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
        'Remove the cron entry first (opsdeck backup schedule remove-cron).',
      );
    this.deps.repo.remove(s.id);
    this.changed(s.id, 'removed');
    return s;
  }

  /** The script and crontab line a cron schedule installs, to be read before installing. */
  cronPlan(idOrName: string): Promise<CronPlan> {
    return this.cron.plan(this.get(idOrName));
  }

  async installCron(idOrName: string, door: string): Promise<CronPlan> {
    const s = this.get(idOrName);
    const plan = await this.cron.install(s, door);
    this.deps.repo.setCronInstalled(s.id, true);
    this.changed(s.id, 'cron installed');
    return plan;
  }

  async removeCron(idOrName: string, door: string): Promise<Schedule> {
    const s = this.get(idOrName);
    await this.cron.remove(s, door);
    this.deps.repo.setCronInstalled(s.id, false);
    this.changed(s.id, 'cron removed');
    return this.get(s.id);
  }

  /**
   * Bring the backups cron schedules made (or one schedule's) into the catalog from their
   * manifests on the hosts. A host that cannot be read is reported as skipped, not fatal. An
   * import of a schedule already under way is joined, never started twice (the timer and the
   * Import button would otherwise both create the same entries).
   */
  async importCron(idOrName?: string): Promise<CronImportResult> {
    if (idOrName) {
      const s = this.get(idOrName);
      if (s.runner !== 'cron')
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `${s.name} is run by Opsdeck, not by cron: its backups are in the catalog already.`,
          'Import the backups of a schedule installed in a host’s crontab (runner cron).',
        );
      return this.importOne(s);
    }
    this.lastImport = this.deps.clock.now().getTime();
    const total: CronImportResult = { imported: [], removed: [], skipped: [], missingFolders: [] };
    const cron = this.list().filter((x) => x.runner === 'cron');
    const results = await Promise.allSettled(cron.map((s) => this.importOne(s)));
    results.forEach((r, i) => {
      const s = cron[i];
      if (!s) return;
      if (r.status === 'fulfilled') {
        total.imported.push(...r.value.imported);
        total.removed.push(...r.value.removed);
        total.skipped.push(...r.value.skipped);
        total.missingFolders.push(...r.value.missingFolders);
      } else
        total.skipped.push({
          host: s.hostName,
          file: s.to ?? '',
          message: r.reason instanceof Error ? r.reason.message : String(r.reason),
        });
    });
    return total;
  }

  /** One schedule's import: the one under way if there is one. */
  private importOne(s: Schedule): Promise<CronImportResult> {
    const running = this.imports.get(s.id);
    if (running) return running;
    const p = importCronBackups(this.deps, s).finally(() => this.imports.delete(s.id));
    this.imports.set(s.id, p);
    return p;
  }

  /** Start the schedule's backup now (a lock held by another run is waited for). */
  async runNow(idOrName: string, door = 'schedule'): Promise<{ runId: string }> {
    const s = this.get(idOrName);
    const runner = await this.deps.runner();
    const { runId } = runner.start(
      {
        workflow: 'backup-run',
        params: {
          host: s.hostName,
          kind: s.kind,
          ...(s.to ? { to: s.to } : {}),
          retention: s.retention,
          ...(s.verifyOn ? { verifyOn: s.verifyOn } : {}),
          scheduleId: s.id,
        },
      },
      door,
    );
    this.deps.repo.markRun(s.id, this.deps.clock.now().toISOString(), runId);
    this.changed(s.id, 'started');
    return { runId };
  }

  /**
   * After a scheduled backup succeeded: its restore test on the schedule's scratch host, whose
   * databases were confirmed replaceable when the schedule was saved. Never throws (the backup
   * stays good whatever happens here); returns the restore run's id.
   */
  async afterBackup(scheduleId: string, backupId: string): Promise<string | undefined> {
    const s = this.deps.repo.get(scheduleId);
    if (!s?.restoreTestOn) return undefined;
    try {
      const scratch = this.deps.host(s.restoreTestOn);
      const [runner, mysql] = await Promise.all([this.deps.runner(), this.deps.mysql()]);
      const dbs = (await mysql.query(scratch, 'SHOW DATABASES')).rows
        .map((r) => String(Object.values(r)[0]))
        .filter((d) => !isSystemSchema(d));
      const { runId } = runner.start(
        { workflow: 'backup-restore', params: { backupId, onto: scratch.name, overwrite: dbs } },
        'schedule',
      );
      this.deps.catalog.setCheck(backupId, 'restoreTest', {
        status: 'running',
        at: this.deps.clock.now().toISOString(),
        host: scratch.name,
        runId,
        message: `queued on ${scratch.name} by schedule ${s.name}`,
      });
      return runId;
    } catch (err) {
      this.deps.catalog.setCheck(backupId, 'restoreTest', {
        status: 'failed',
        at: this.deps.clock.now().toISOString(),
        host: s.restoreTestOn,
        message: `the scheduled restore test could not start: ${err instanceof Error ? err.message : String(err)}`,
      });
      return undefined;
    }
  }

  /** Start what is due (no schedule twice while its last run is still going). */
  async tick(): Promise<string[]> {
    const now = this.deps.clock.now();
    const started: string[] = [];
    for (const s of this.deps.repo.list()) {
      if (!s.enabled || s.runner !== 'opsdeck') continue;
      if (!dueSlot(s.when, now, this.since(s), GRACE_MS)) continue;
      if (s.lastRunId && (await this.isActive(s.lastRunId))) continue;
      started.push((await this.runNow(s.id)).runId);
    }
    const cron = this.deps.repo.list().some((s) => s.runner === 'cron' && s.cronInstalled);
    if (cron && now.getTime() - this.lastImport >= IMPORT_EVERY_MS) {
      this.lastImport = now.getTime(); // before it starts: the next tick must not start another
      await this.importCron().catch(() => undefined);
    }
    return started;
  }

  /**
   * Check every `intervalMs` while `owns()` (this core holds the lease). Called only by a
   * long-lived core; a CLI's own core, which lives for one command, never runs schedules.
   */
  start(owns: () => boolean, intervalMs = 30_000): void {
    this.stop();
    const check = () => {
      if (owns()) void this.tick().catch(() => undefined);
    };
    this.timer = setInterval(check, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private since(s: Pick<Schedule, 'lastRunAt' | 'createdAt'>): Date {
    return new Date(s.lastRunAt ?? s.createdAt);
  }

  private async isActive(runId: string): Promise<boolean> {
    try {
      return ACTIVE_RUN_STATUSES.includes((await this.deps.runner()).detail(runId).status);
    } catch {
      return false; // a run that no longer exists is not going
    }
  }

  private changed(id: string, reason: string) {
    this.deps.bus.emit('backups.changed', { ids: [id], reason: `schedule ${reason}` });
  }
}
