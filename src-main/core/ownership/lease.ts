import type { Db } from '../store/database';
import { isProcessAlive, type ProcessIdentity } from './process-identity';

/** The core that owns a data folder: the only writer of its store. */
export interface LeaseHolder extends ProcessIdentity {
  ownerId: string;
  /** Which door's core: electron, web or cli. */
  door: string;
  acquiredAt: number;
  heartbeatAt: number;
}

export interface LivenessOptions {
  /** A holder whose heartbeat is older than this is gone (default 30 s). */
  staleMs: number;
  /** This machine's name: a pid is only checked on the machine that recorded it. */
  hostname: string;
  isAlive?: (pid: number, pidStart?: string) => boolean;
}

export type Liveness = { live: true } | { live: false; reason: string };

/** A holder is gone when its process is (same machine) or its heartbeat stopped. */
export function holderLiveness(holder: LeaseHolder, now: number, o: LivenessOptions): Liveness {
  const alive = o.isAlive ?? isProcessAlive;
  if (holder.hostname === o.hostname && !alive(holder.pid, holder.pidStart))
    return { live: false, reason: `process ${holder.pid} is gone` };
  const silentMs = now - holder.heartbeatAt;
  if (silentMs > o.staleMs)
    return { live: false, reason: `no heartbeat for ${Math.round(silentMs / 1000)} s` };
  return { live: true };
}

export function describeHolder(h: LeaseHolder): string {
  return `the ${h.door} core (pid ${h.pid} on ${h.hostname})`;
}

interface LeaseRow {
  owner_id: string;
  door: string;
  pid: number;
  pid_start: string | null;
  hostname: string;
  acquired_at: number;
  heartbeat_at: number;
}

const toHolder = (r: LeaseRow): LeaseHolder => ({
  ownerId: r.owner_id,
  door: r.door,
  pid: r.pid,
  hostname: r.hostname,
  acquiredAt: r.acquired_at,
  heartbeatAt: r.heartbeat_at,
  ...(r.pid_start ? { pidStart: r.pid_start } : {}),
});

export type AcquireResult =
  | { acquired: true; previous?: { holder: LeaseHolder; reason: string } }
  | { acquired: false; holder: LeaseHolder };

/**
 * The lease row of the store (`core_lease`, one row). Taking it is a compare-and-set under
 * SQLite's write lock (BEGIN IMMEDIATE), so two cores starting at once cannot both win.
 */
export class LeaseRepo {
  constructor(private readonly db: Db) {}

  read(): LeaseHolder | undefined {
    const row = this.db.prepare('SELECT * FROM core_lease WHERE id = 1').get() as
      LeaseRow | undefined;
    return row && toHolder(row);
  }

  /** Take the lease unless a live holder has it (a stale one is taken over). */
  tryAcquire(me: Omit<LeaseHolder, 'acquiredAt' | 'heartbeatAt'>, now: number, o: LivenessOptions) {
    return this.db
      .transaction((): AcquireResult => {
        const current = this.read();
        let previous: { holder: LeaseHolder; reason: string } | undefined;
        if (current && current.ownerId !== me.ownerId) {
          const liveness = holderLiveness(current, now, o);
          if (liveness.live) return { acquired: false, holder: current };
          previous = { holder: current, reason: liveness.reason };
        }
        this.db
          .prepare(
            `INSERT OR REPLACE INTO core_lease
               (id, owner_id, door, pid, pid_start, hostname, acquired_at, heartbeat_at)
             VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(me.ownerId, me.door, me.pid, me.pidStart ?? null, me.hostname, now, now);
        return previous ? { acquired: true, previous } : { acquired: true };
      })
      .immediate();
  }

  /** Renew; false when the lease is no longer ours (taken over after we went silent). */
  heartbeat(ownerId: string, now: number): boolean {
    const info = this.db
      .prepare('UPDATE core_lease SET heartbeat_at = ? WHERE id = 1 AND owner_id = ?')
      .run(now, ownerId);
    return info.changes === 1;
  }

  release(ownerId: string): void {
    this.db.prepare('DELETE FROM core_lease WHERE id = 1 AND owner_id = ?').run(ownerId);
  }
}
