import type { AuditRecord } from '../../contract';
import type { Db } from './database';

export type NewAuditRecord = Omit<AuditRecord, 'id'>;

interface AuditRow {
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
  constructor(private readonly db: Db) {}

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
    return Number(info.lastInsertRowid);
  }

  list(limit: number, target?: string): AuditRecord[] {
    const rows = (
      target
        ? this.db
            .prepare('SELECT * FROM audit WHERE target = ? ORDER BY id DESC LIMIT ?')
            .all(target, limit)
        : this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit)
    ) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      door: r.door,
      target: r.target,
      action: r.action,
      detail: r.detail,
      outcome: r.outcome,
      ...(r.run_id ? { runId: r.run_id } : {}),
    }));
  }
}
