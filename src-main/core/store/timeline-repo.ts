import type { AuditRecord } from '../../contract';
import { auditRecordFromRow, type AuditRow } from './audit-repo';
import type { Db } from './database';

export interface TimelineRun {
  id: string;
  title: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the incident timeline reads: audit records of hosts in a time range, and the workflow
 * runs that touched them (a run appears when its audited changes name the host, or its params do).
 */
export class TimelineRepo {
  constructor(private readonly db: Db) {}

  audit(hosts: readonly string[], since: string, until: string, limit = 2000): AuditRecord[] {
    if (hosts.length === 0) return [];
    const marks = hosts.map(() => '?').join(', ');
    const rows = this.db
      .prepare(
        `SELECT id, at, door, target, action, detail, outcome, run_id FROM audit
         WHERE target COLLATE NOCASE IN (${marks}) AND at >= ? AND at <= ? ORDER BY at LIMIT ?`,
      )
      .all(...hosts, since, until, limit) as AuditRow[];
    return rows.map(auditRecordFromRow);
  }

  /** Runs overlapping [since, until] whose id is given or whose params name one of the hosts (by name or id). */
  runs(
    hosts: readonly string[],
    runIds: readonly string[],
    since: string,
    until: string,
  ): (TimelineRun & { params: string })[] {
    const rows = this.db
      .prepare(
        `SELECT id, title, status, created_at, updated_at, params_json FROM workflow_runs
         WHERE created_at <= ? AND updated_at >= ? ORDER BY created_at LIMIT 500`,
      )
      .all(until, since) as {
      id: string;
      title: string;
      status: string;
      created_at: string;
      updated_at: string;
      params_json: string;
    }[];
    const ids = new Set(runIds);
    return rows
      .filter((r) => ids.has(r.id) || paramsName(r.params_json, hosts))
      .map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        params: r.params_json,
      }));
  }
}

/** Whether a run's params (JSON) name one of `refs` as a whole string value (case-insensitive). */
export function paramsName(paramsJson: string, refs: readonly string[]): boolean {
  const text = paramsJson.toLowerCase();
  return refs.some((r) => text.includes(`"${r.toLowerCase()}"`));
}
