import type { FailoverKind, FailoverReport } from '../../contract';
import type { Db } from './database';

interface Row {
  id: string;
  cluster: string;
  kind: FailoverKind;
  drill: number;
  automatic: number;
  run_id: string | null;
  old_master: string;
  new_master: string | null;
  status: string;
  report_json: string;
  started_at: string;
  finished_at: string | null;
}

/** Reports of switchovers, failovers, rejoins and drills: timeline, seconds per phase, loss. */
export class FailoversRepo {
  constructor(private readonly db: Db) {}

  save(report: FailoverReport): void {
    this.db
      .prepare(
        `INSERT INTO mysql_failovers (id, cluster, kind, drill, automatic, run_id, old_master, new_master, status, report_json, started_at, finished_at)
         VALUES (@id, @cluster, @kind, @drill, @automatic, @runId, @oldMaster, @newMaster, @status, @json, @startedAt, @finishedAt)
         ON CONFLICT(id) DO UPDATE SET new_master = excluded.new_master, status = excluded.status,
           report_json = excluded.report_json, finished_at = excluded.finished_at`,
      )
      .run({
        id: report.id,
        cluster: report.cluster,
        kind: report.kind,
        drill: report.drill ? 1 : 0,
        automatic: report.automatic ? 1 : 0,
        runId: report.runId ?? null,
        oldMaster: report.oldMaster,
        newMaster: report.newMaster ?? null,
        status: report.status,
        json: JSON.stringify(report),
        startedAt: report.startedAt,
        finishedAt: report.finishedAt ?? null,
      });
  }

  get(id: string): FailoverReport | undefined {
    const row = this.db.prepare('SELECT * FROM mysql_failovers WHERE id = ?').get(id) as
      Row | undefined;
    return row && toReport(row);
  }

  list(cluster: string | undefined, limit: number): FailoverReport[] {
    const rows = (
      cluster
        ? this.db
            .prepare(
              'SELECT * FROM mysql_failovers WHERE cluster = ? ORDER BY started_at DESC LIMIT ?',
            )
            .all(cluster, limit)
        : this.db
            .prepare('SELECT * FROM mysql_failovers ORDER BY started_at DESC LIMIT ?')
            .all(limit)
    ) as Row[];
    return rows.map(toReport);
  }

  /** Failovers (not switchovers, rejoins or drills) of a cluster since `since`, whatever their outcome (anti-flap). */
  failoversSince(cluster: string, since: string): FailoverReport[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM mysql_failovers WHERE cluster = ? AND kind = 'failover' AND drill = 0
           AND started_at >= ? ORDER BY started_at DESC`,
      )
      .all(cluster, since) as Row[];
    return rows.map(toReport);
  }
}

function toReport(row: Row): FailoverReport {
  return JSON.parse(row.report_json) as FailoverReport;
}
