import type { Coordinates, Host, TableStat } from '../../../contract';
import type { Dialect } from '../../mysql';
import type { MysqlSession } from '../../mysql/executor';
import { num, text } from '../../mysql/sql-row';
import { holdReadLock, type HeldLock } from '../consistency/read-lock';
import { statsInSession, type TableInfo } from '../consistency/table-stats';
import type { BackupCtx } from '../types';

/**
 * The point a backup is consistent at, pinned for a moment: the read lock is taken (so no commit
 * can happen), a second session opens a consistent snapshot and the binlog coordinates are read;
 * while the lock is held the backup tool takes its own snapshot, which is then the same one. The
 * caller releases the lock as soon as the tool has its snapshot; the row counts and checksums are
 * then read from our snapshot at leisure — they are exactly the backup's.
 *
 * The fixed costs overlap: both sessions connect (and the caller's destination opens) at the same
 * time, before the lock is taken; the point is returned as soon as the lock is held, so the caller starts its tool while our snapshot is being opened
 * (`coordinates`). The lock is never released before our snapshot is open.
 */
export interface ConsistentPoint {
  /** Our snapshot opened and the binlog coordinates read; rejects if that failed. */
  coordinates: Promise<Coordinates>;
  /** Unlock (once, after our snapshot is open); returns ms the lock was held. */
  release(): Promise<number>;
  /** Rows / checksums at the point (after release); closes the snapshot session. */
  stats(): Promise<TableStat[]>;
  /** Give everything up (failure, cancel). Never throws. */
  abandon(): Promise<void>;
}

export async function pinConsistentPoint(
  ctx: BackupCtx,
  host: Host,
  o: {
    dialect: Dialect;
    binlog: boolean;
    lockTimeoutMs: number;
    tables: readonly TableInfo[];
    /** What must be ready before the lock (the destination's file): it opens in parallel. */
    ready?: Promise<unknown>;
  },
): Promise<ConsistentPoint> {
  const opening = openSnapshotSession(ctx, host, o.dialect);
  // Both sessions connect (and the destination opens) before the lock blocks any write.
  const locking = holdReadLock(ctx, host, o.lockTimeoutMs, Promise.all([opening, o.ready]));
  const [s, l] = await Promise.allSettled([opening, locking]);
  if (s.status === 'rejected' || l.status === 'rejected') {
    if (s.status === 'fulfilled') s.value.end();
    if (l.status === 'fulfilled') await l.value.release().catch(() => undefined);
    throw s.status === 'rejected' ? s.reason : (l as PromiseRejectedResult).reason;
  }
  const session = s.value;
  const lock: HeldLock = l.value;
  const coordinates = snapshotAt(session, o);
  coordinates.catch(() => undefined);
  let releasing: Promise<number> | undefined;
  const release = () =>
    (releasing ??= coordinates.then(
      () => lock.release(),
      () => lock.release(),
    ));
  return {
    coordinates,
    release,
    stats: async () => {
      try {
        await coordinates;
        return await statsInSession(session, o.tables);
      } finally {
        await session.query('COMMIT').catch(() => undefined);
        session.end();
      }
    },
    abandon: async () => {
      await release().catch(() => undefined);
      session.end();
    },
  };
}

/** A session ready to open a consistent snapshot (connected while the lock is being taken). */
async function openSnapshotSession(
  ctx: BackupCtx,
  host: Host,
  dialect: Dialect,
): Promise<MysqlSession> {
  const session = await ctx.mysql.session(host, 'consistent snapshot for row counts');
  try {
    await session.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // The session waits idle in its transaction for the whole dump: the server's idle limits
    // (wait_timeout is often 60–600 s in production) must not close it before the row counts.
    await session.query('SET SESSION wait_timeout = 86400');
    if (dialect.flavor === 'mariadb')
      await session.query(
        'SET SESSION idle_transaction_timeout = 0, idle_readonly_transaction_timeout = 0',
      );
    return session;
  } catch (err) {
    session.end();
    throw err;
  }
}

/** Under the read lock: open our snapshot and read the binlog coordinates it is at. */
async function snapshotAt(
  session: MysqlSession,
  o: { dialect: Dialect; binlog: boolean },
): Promise<Coordinates> {
  await session.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  const coordinates: Coordinates = {};
  if (!o.binlog) return coordinates;
  const [st] = (await session.query(o.dialect.binlogStatusSql)).rows;
  const [g] = (
    await session.query(
      o.dialect.flavor === 'mariadb'
        ? 'SELECT @@gtid_binlog_pos AS g'
        : 'SELECT @@gtid_executed AS g',
    )
  ).rows;
  if (st?.File) coordinates.file = text(st.File);
  if (st?.Position !== undefined) coordinates.position = num(st.Position) ?? undefined;
  const gtid = text(g?.g).replace(/\s+/g, '');
  if (gtid) coordinates.gtid = gtid;
  return coordinates;
}
