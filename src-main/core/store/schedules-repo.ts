import type { Retention, Schedule, ScheduleWhen } from '../../contract';
import type { Db } from './database';

interface Row {
  id: string;
  name: string;
  host_name: string;
  kind: Schedule['kind'];
  destination: string | null;
  when_json: string;
  retention_json: string;
  restore_test_on: string | null;
  verify_on: string | null;
  runner: Schedule['runner'];
  enabled: number;
  cron_installed: number;
  last_run_at: string | null;
  last_run_id: string | null;
  created_at: string;
}

const toSchedule = (r: Row): Omit<Schedule, 'nextRunAt'> => ({
  id: r.id,
  name: r.name,
  hostName: r.host_name,
  kind: r.kind,
  ...(r.destination ? { to: r.destination } : {}),
  when: JSON.parse(r.when_json) as ScheduleWhen,
  retention: JSON.parse(r.retention_json) as Retention,
  ...(r.restore_test_on ? { restoreTestOn: r.restore_test_on } : {}),
  ...(r.verify_on ? { verifyOn: r.verify_on } : {}),
  runner: r.runner,
  enabled: r.enabled === 1,
  cronInstalled: r.cron_installed === 1,
  ...(r.last_run_at ? { lastRunAt: r.last_run_at } : {}),
  ...(r.last_run_id ? { lastRunId: r.last_run_id } : {}),
  createdAt: r.created_at,
});

/** Backup schedules (run by Opsdeck, or installed as cron entries). */
export class SchedulesRepo {
  constructor(private readonly db: Db) {}

  list(): Omit<Schedule, 'nextRunAt'>[] {
    return (this.db.prepare('SELECT * FROM backup_schedules ORDER BY name').all() as Row[]).map(
      toSchedule,
    );
  }

  get(idOrName: string): Omit<Schedule, 'nextRunAt'> | undefined {
    const row = this.db
      .prepare('SELECT * FROM backup_schedules WHERE id = ? OR name = ? COLLATE NOCASE')
      .get(idOrName, idOrName) as Row | undefined;
    return row ? toSchedule(row) : undefined;
  }

  upsert(s: Omit<Schedule, 'nextRunAt' | 'cronInstalled' | 'lastRunAt' | 'lastRunId'>): void {
    this.db
      .prepare(
        `INSERT INTO backup_schedules (id, name, host_name, kind, destination, when_json, retention_json, restore_test_on, verify_on, runner, enabled, created_at)
         VALUES (@id, @name, @host, @kind, @to, @when, @retention, @restore, @verifyOn, @runner, @enabled, @created)
         ON CONFLICT(id) DO UPDATE SET name = @name, host_name = @host, kind = @kind, destination = @to, when_json = @when,
           retention_json = @retention, restore_test_on = @restore, verify_on = @verifyOn, runner = @runner, enabled = @enabled`,
      )
      .run({
        id: s.id,
        name: s.name,
        host: s.hostName,
        kind: s.kind,
        to: s.to ?? null,
        when: JSON.stringify(s.when),
        retention: JSON.stringify(s.retention),
        restore: s.restoreTestOn ?? null,
        verifyOn: s.verifyOn ?? null,
        runner: s.runner,
        enabled: s.enabled ? 1 : 0,
        created: s.createdAt,
      });
  }

  markRun(id: string, at: string, runId: string): void {
    this.db
      .prepare('UPDATE backup_schedules SET last_run_at = ?, last_run_id = ? WHERE id = ?')
      .run(at, runId, id);
  }

  setCronInstalled(id: string, installed: boolean): void {
    this.db
      .prepare('UPDATE backup_schedules SET cron_installed = ? WHERE id = ?')
      .run(installed ? 1 : 0, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM backup_schedules WHERE id = ?').run(id);
  }
}
