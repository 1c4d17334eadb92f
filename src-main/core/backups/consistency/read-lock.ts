import { OpsdeckError, type Host } from '../../../contract';
import type { MysqlSession } from '../../mysql/executor';
import { cancelledError } from '../../common/cancel';
import type { BackupCtx } from '../types';

export interface HeldLock {
  /** When FLUSH TABLES WITH READ LOCK returned (performance.now()). */
  readonly since: number;
  /** UNLOCK TABLES and close the session; returns how long the lock was held (ms). */
  release(): Promise<number>;
}

/**
 * FLUSH TABLES WITH READ LOCK in a session of its own, given up after `timeoutMs`: while FTWRL
 * waits (behind a long query or a LOCK TABLES) it already blocks every writer, so it must not
 * wait long. The server's lock_wait_timeout is set to the same limit, and Opsdeck also kills the
 * waiting statement from another connection when the time is up. Either way nothing is left
 * locked: the session is unlocked and closed, and the error says what held the lock. The lock is
 * taken only once `ready` has settled well (the lock's own session is connected meanwhile).
 */
export async function holdReadLock(
  ctx: BackupCtx,
  host: Host,
  timeoutMs: number,
  /** Everything else the locked moment needs (other sessions, the destination): ready first. */
  ready?: Promise<unknown>,
): Promise<HeldLock> {
  // Handled from the start: `ready` may fail while this session is still connecting.
  ready?.catch(() => undefined);
  const session: MysqlSession = await ctx.mysql.session(host, 'read lock for a consistent point');
  // Writes are blocked from FLUSH TABLES WITH READ LOCK on: nothing slow may happen after it.
  try {
    await ready;
    if (ctx.signal.aborted) throw cancelledError();
  } catch (err) {
    session.end();
    throw err;
  }
  const close = async () => {
    await session.query('UNLOCK TABLES', { timeoutMs: 10_000 }).catch(() => undefined);
    session.end();
  };
  let killed = false;
  const timer = ctx.dryRun
    ? undefined
    : setTimeout(() => {
        killed = true;
        void ctx.mysql
          .write(host, `KILL QUERY ${session.threadId}`, { purpose: 'give up the read lock wait' })
          .catch(() => undefined);
      }, timeoutMs);
  try {
    await session.query(
      `SET SESSION lock_wait_timeout = ${Math.max(1, Math.ceil(timeoutMs / 1000))}`,
    );
    await session.query('FLUSH TABLES WITH READ LOCK', { timeoutMs: timeoutMs + 30_000 });
  } catch (err) {
    clearTimeout(timer);
    await close();
    if (ctx.signal.aborted) throw err;
    const blockers = await whoBlocks(ctx, host, session.threadId);
    const msg = err instanceof Error ? err.message : String(err);
    throw new OpsdeckError(
      'BACKUP_LOCK_TIMEOUT',
      `${host.name}: FLUSH TABLES WITH READ LOCK could not be taken within ${(timeoutMs / 1000).toFixed(1)} s (${killed ? 'Opsdeck stopped the wait' : msg}). Nothing is locked and nothing was frozen.${blockers ? ` Still running: ${blockers}.` : ''}`,
      'Run the backup when the long statement or LOCK TABLES has finished, or allow a longer lock wait.',
      { cause: err },
    );
  }
  clearTimeout(timer);
  const since = performance.now();
  return {
    since,
    // Closing the session drops the global read lock too: it is closed even when UNLOCK fails
    // (a timeout, a dead connection), so a failed unlock can never leave every writer blocked.
    // A failed UNLOCK does not fail the backup: its snapshot is already taken, and closing the
    // session drops the lock.
    release: async () => {
      try {
        await session.query('UNLOCK TABLES', { timeoutMs: 10_000 });
      } catch (err) {
        ctx.log(
          `UNLOCK TABLES on ${host.name} failed (${err instanceof Error ? err.message : String(err)}); the lock's session was closed instead, which drops the lock.`,
          'warn',
        );
      } finally {
        session.end();
      }
      return Math.round(performance.now() - since);
    },
  };
}

/** The longest-running other statements, for the error message. */
async function whoBlocks(ctx: BackupCtx, host: Host, self: number): Promise<string> {
  try {
    const rows = await ctx.mysql.read(
      host,
      `SELECT id, user, time, state, LEFT(info, 80) AS info FROM information_schema.processlist WHERE id <> ${self} AND command NOT IN ('Sleep', 'Daemon', 'Binlog Dump') AND info IS NOT NULL ORDER BY time DESC LIMIT 3`,
      { quiet: true },
    );
    return rows
      .map(
        (r) =>
          `#${String(r.id)} ${String(r.user)} ${String(r.time)} s ${String(r.state ?? '')}: ${String(r.info ?? '')}`,
      )
      .join('; ');
  } catch {
    return '';
  }
}
