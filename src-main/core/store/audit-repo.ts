import type { AuditRecord } from '../../contract';
import type { Clock } from '../clock';
import type { Db } from './database';

export type NewAuditRecord = Omit<AuditRecord, 'id'>;

/** An audit record as a service reports it: the time is stamped when it is appended. */
export type AuditEntry = Omit<NewAuditRecord, 'at'>;

/** Appends `entry` to `deps.audit`, stamped with `deps.clock`'s current time; returns its id. */
export function appendAuditNow(
  deps: { audit: Pick<AuditRepo, 'append'>; clock: Clock },
  entry: AuditEntry,
): number {
  return deps.audit.append({ at: deps.clock.now().toISOString(), ...entry });
}

/** A row of the `audit` table as SQLite returns it. */
export interface AuditRow {
  id: number;
  at: string;
  door: string;
  target: string;
  action: string;
  detail: string;
  outcome: 'ok' | 'failed';
  run_id: string | null;
}

/** Append-only: there is deliberately no update or delete. */
export class AuditRepo {
  /** `appended` hears of every record once it is stored (the core announces it as an event). */
  constructor(
    private readonly db: Db,
    private readonly appended?: (record: AuditRecord) => void,
  ) {}

  append(record: NewAuditRecord): number {
    const info = this.db
      .prepare(
        'INSERT INTO audit (at, door, target, action, detail, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.at,
        record.door,
        record.target,
        record.action,
        record.detail,
        record.outcome,
        record.runId ?? null,
      );
    const id = Number(info.lastInsertRowid);
    this.appended?.({ id, ...record });
    return id;
  }

  /** Newest first; `since` (ISO time): only records at or after it. */
  list(limit: number, target?: string, since?: string): AuditRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (target) {
      where.push('target = ?');
      args.push(target);
    }
    if (since) {
      where.push('at >= ?');
      args.push(since);
    }
    const sql = `SELECT * FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit) as AuditRow[];
    return rows.map(auditRecordFromRow);
  }
}

/** The contract's shape of a stored audit row (every reader of the `audit` table maps with this). */
export function auditRecordFromRow(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    at: r.at,
    door: r.door,
    target: r.target,
    action: r.action,
    detail: r.detail,
    outcome: r.outcome,
    ...(r.run_id ? { runId: r.run_id } : {}),
  };
}
