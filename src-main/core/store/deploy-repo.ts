import type { DeployCheck, DeployReport, DeploySuite } from '../../contract';
import type { Db } from './database';

interface SuiteRow {
  id: string;
  name: string;
  spec_json: string;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

const suite = (r: SuiteRow): DeploySuite => {
  const spec = JSON.parse(r.spec_json) as {
    role: string;
    checks: DeployCheck[];
    everyMinutes?: number;
  };
  return {
    id: r.id,
    name: r.name,
    role: spec.role,
    checks: spec.checks,
    ...(spec.everyMinutes ? { everyMinutes: spec.everyMinutes } : {}),
    ...(r.last_run_at ? { lastRunAt: r.last_run_at } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** Deployment check suites (one per role) and their pass/fail reports. */
export class DeployRepo {
  constructor(private readonly db: Db) {}

  suites(): DeploySuite[] {
    return (this.db.prepare('SELECT * FROM deploy_suites ORDER BY name').all() as SuiteRow[]).map(
      suite,
    );
  }

  find(ref: string): DeploySuite | undefined {
    const row = this.db
      .prepare('SELECT * FROM deploy_suites WHERE id = ? OR name = ? COLLATE NOCASE')
      .get(ref, ref) as SuiteRow | undefined;
    return row && suite(row);
  }

  save(s: DeploySuite): void {
    const spec = {
      role: s.role,
      checks: s.checks,
      ...(s.everyMinutes ? { everyMinutes: s.everyMinutes } : {}),
    };
    this.db
      .prepare(
        `INSERT INTO deploy_suites (id, name, spec_json, last_run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, spec_json = excluded.spec_json, updated_at = excluded.updated_at`,
      )
      .run(s.id, s.name, JSON.stringify(spec), s.lastRunAt ?? null, s.createdAt, s.updatedAt);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM deploy_suites WHERE id = ?').run(id).changes > 0;
  }

  saveReport(r: DeployReport): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO deploy_reports (id, suite_id, started_at, report_json) VALUES (?, ?, ?, ?)',
        )
        .run(r.id, r.suiteId, r.startedAt, JSON.stringify(r));
      this.db
        .prepare('UPDATE deploy_suites SET last_run_at = ? WHERE id = ?')
        .run(r.finishedAt, r.suiteId);
    })();
  }

  reports(suiteId: string | undefined, limit: number): DeployReport[] {
    const rows = (
      suiteId
        ? this.db
            .prepare(
              'SELECT report_json FROM deploy_reports WHERE suite_id = ? ORDER BY started_at DESC LIMIT ?',
            )
            .all(suiteId, limit)
        : this.db
            .prepare('SELECT report_json FROM deploy_reports ORDER BY started_at DESC LIMIT ?')
            .all(limit)
    ) as { report_json: string }[];
    return rows.map((r) => JSON.parse(r.report_json) as DeployReport);
  }
}
