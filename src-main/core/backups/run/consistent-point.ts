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
 */
export interface ConsistentPoint {
  coordinates: Coordinates;
  /** Unlock (once); returns ms the lock was held. */
  release(): Promise<number>;
  /** Rows / checksums at the point (after release); closes the snapshot session. */
  stats(): Promise<TableStat[]>;
  /** Give everything up (failure, cancel). Never throws. */
  abandon(): Promise<void>;
}

export async function pinConsistentPoint(
  ctx: BackupCtx,
  host: Host,
  o: { dialect: Dialect; binlog: boolean; lockTimeoutMs: number; tables: readonly TableInfo[] },
): Promise<ConsistentPoint> {
  const lock: HeldLock = await holdReadLock(ctx, host, o.lockTimeoutMs);
  let snapshot: MysqlSession | undefined;
  let heldMs: number | undefined;
  const release = async () => {
    heldMs ??= await lock.release();
    return heldMs;
  };
  try {
    snapshot = await ctx.mysql.session(host, 'consistent snapshot for row counts');
    await snapshot.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await snapshot.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const coordinates: Coordinates = {};
    if (o.binlog) {
      const [st] = (await snapshot.query(o.dialect.binlogStatusSql)).rows;
      const [g] = (
        await snapshot.query(
          o.dialect.flavor === 'mariadb'
            ? 'SELECT @@gtid_binlog_pos AS g'
            : 'SELECT @@gtid_executed AS g',
        )
      ).rows;
      if (st?.File) coordinates.file = text(st.File);
      if (st?.Position !== undefined) coordinates.position = num(st.Position) ?? undefined;
      const gtid = text(g?.g).replace(/\s+/g, '');
      if (gtid) coordinates.gtid = gtid;
    }
    const session = snapshot;
    return {
      coordinates,
      release,
      stats: async () => {
        try {
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
  } catch (err) {
    snapshot?.end();
    await release().catch(() => undefined);
    throw err;
  }
}
