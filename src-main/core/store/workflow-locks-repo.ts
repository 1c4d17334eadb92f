import type { LockHolder, LockRequest } from '../../contract';
import type { Db } from './database';

interface HolderRow {
  kind: LockHolder['kind'];
  lock_key: string;
  label: string;
  run_id: string;
  acquired_at: string;
  workflow: string;
  title: string;
  subject: string;
  door: string;
}

const holder = (r: HolderRow): LockHolder => ({
  kind: r.kind,
  key: r.lock_key,
  label: r.label,
  runId: r.run_id,
  workflow: r.workflow,
  title: r.title,
  subject: r.subject,
  door: r.door,
  since: r.acquired_at,
});

/**
 * Host and cluster locks in the store, so every process that opens it sees them. A lock counts
 * only while its run is still going (running, waiting, compensating): a run that ended, or that a
 * crash left behind, holds nothing even if its row was never deleted.
 */
export class WorkflowLocksRepo {
  constructor(private readonly db: Db) {}

  private readonly heldSql = `
    SELECT l.kind, l.lock_key, l.label, l.run_id, l.acquired_at, r.workflow, r.title, r.subject, r.door
    FROM workflow_locks l JOIN workflow_runs r ON r.id = l.run_id
    WHERE r.status IN ('running', 'waiting', 'compensating')`;

  /** All-or-nothing: either every lock is now this run's, or none is and the holders are named. */
  acquire(
    runId: string,
    wanted: readonly LockRequest[],
    at: string,
  ): { ok: true } | { ok: false; heldBy: LockHolder[] } {
    return this.db
      .transaction(() => {
        const heldBy = this.holders(wanted).filter((h) => h.runId !== runId);
        if (heldBy.length) return { ok: false as const, heldBy };
        const put = this.db.prepare(
          `INSERT INTO workflow_locks (kind, lock_key, label, run_id, acquired_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, lock_key) DO UPDATE SET label = excluded.label, run_id = excluded.run_id,
           acquired_at = excluded.acquired_at`,
        );
        for (const l of wanted) put.run(l.kind, l.key, l.label, runId, at);
        return { ok: true as const };
      })
      .immediate();
  }

  release(runId: string): number {
    return this.db.prepare('DELETE FROM workflow_locks WHERE run_id = ?').run(runId).changes;
  }

  /** Who holds any of these locks now. */
  holders(wanted: readonly LockRequest[]): LockHolder[] {
    if (!wanted.length) return [];
    const one = this.db.prepare(`${this.heldSql} AND l.kind = ? AND l.lock_key = ?`);
    return wanted.flatMap((l) => (one.all(l.kind, l.key) as HolderRow[]).map(holder));
  }

  /** Every lock held now. */
  all(): LockHolder[] {
    return (this.db.prepare(`${this.heldSql} ORDER BY l.acquired_at`).all() as HolderRow[]).map(
      holder,
    );
  }
}
