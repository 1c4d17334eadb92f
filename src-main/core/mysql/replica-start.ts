import type { ReplicaStatus, ThreadError } from '../../contract';

/** Client errors of a connection attempt the IO thread retries by itself (connect_retry). */
const RETRIED = new Set([2003, 2005, 2013]);

/** How long both threads must be seen running, with no error, before a repoint is trusted. */
export const SETTLE_MS = 1_000;

/** What the wait after START SLAVE has seen so far. */
export interface StartWatch {
  /** Since when both threads were seen running without a break (ms). */
  runningSince?: number;
  /** The latest status read, for the timeout's message. */
  last?: ReplicaStatus;
  /** Each thread seen running since START (an error it shows after that is its own). */
  ioRan?: boolean;
  sqlRan?: boolean;
  /** When the first status after START was read (ms): what a stale-looking error is timed from. */
  firstAt?: number;
}

/**
 * The errors the threads showed before START: the server clears a thread's error only when that
 * thread starts, so right after START that same error on a thread not yet seen running is not a
 * verdict by itself. MariaDB shows no error time (Last_SQL_Error_Timestamp is MySQL's), so the
 * same error again — the thread restarted, failed on the same event within milliseconds, before
 * any read saw it running — looks exactly like the old one; hence `graceMs`: still shown on a
 * stopped thread that long after the first read after START, it is the thread's own again.
 */
export interface StaleErrors {
  io?: ThreadError;
  sql?: ThreadError;
  /** How long an old error may still show on a stopped thread (default STALE_GRACE_MS). */
  graceMs?: number;
}

/** How long after START an error seen before it may still be the old one showing. */
export const STALE_GRACE_MS = 1_000;

/** The same error as one shown before (errno, message and, where the server gives it, time). */
export const sameError = (a: ThreadError | undefined, b: ThreadError | undefined): boolean =>
  !!a && !!b && a.errno === b.errno && a.message === b.message && a.at === b.at;

export type StartVerdict =
  | { kind: 'wait' }
  | { kind: 'ok' }
  /**
   * A thread stopped on an error: the server's own words, both threads. `again`: the error is the
   * one shown before START (the thread stopped on it again: it was not fixed).
   */
  | { kind: 'broken'; errors: string; again?: true };

/**
 * One read of SHOW SLAVE STATUS after CHANGE MASTER + START SLAVE, judged. A status that is not
 * yet of the new source, or a thread still starting (IO connecting, a connection error the IO
 * thread retries), waits. A thread stopped on an error is broken, naming Last_IO_Error and
 * Last_SQL_Error (both: either can be the one that stopped it). Both threads running is trusted
 * only once seen for `settleMs` on end: right after START the IO thread is "Yes" before the
 * source has answered its dump request (a GTID it does not have is error 1236 a moment later) and
 * the SQL thread before it applied anything (a duplicate key stops it then).
 *
 * `stale`: the errors shown before START (a replica restarted where it stopped). Such an error,
 * on a thread not yet seen running since, may be the old one still showing: it waits, but only
 * for `stale.graceMs` from the first read; still on a stopped thread after that (or on a thread
 * that stops on it again after running), it is broken, `again`.
 */
export function judgeStart(
  c: ReplicaStatus | undefined,
  source: { address: string; port: number },
  now: number,
  watch: StartWatch,
  settleMs = SETTLE_MS,
  stale: StaleErrors = {},
): StartVerdict {
  watch.last = c;
  watch.firstAt ??= now;
  const ours = c && c.sourceHost === source.address && c.sourcePort === source.port;
  const running = ours && c.ioThread === 'running' && c.sqlThread === 'running';
  if (!running) watch.runningSince = undefined;
  if (!c || !ours) return { kind: 'wait' };
  if (c.ioThread === 'running') watch.ioRan = true;
  if (c.sqlThread === 'running') watch.sqlRan = true;
  const graceOver = now - watch.firstAt >= (stale.graceMs ?? STALE_GRACE_MS);
  const ioOld = !watch.ioRan && sameError(c.lastIoError, stale.io);
  const sqlOld = !watch.sqlRan && sameError(c.lastSqlError, stale.sql);
  const ioError = ioOld && !graceOver ? undefined : c.lastIoError;
  const sqlError = sqlOld && !graceOver ? undefined : c.lastSqlError;
  const ioStopped = c.ioThread === 'stopped' && ioError !== undefined;
  const ioGivenUp = c.ioThread !== 'running' && ioError && !RETRIED.has(ioError.errno);
  const sqlStopped = c.sqlThread === 'stopped' && sqlError !== undefined;
  if (ioStopped || ioGivenUp || sqlStopped) {
    const again = (ioOld && (ioStopped || !!ioGivenUp)) || (sqlOld && sqlStopped);
    return { kind: 'broken', errors: threadErrors(c), ...(again ? { again: true as const } : {}) };
  }
  if (!running) return { kind: 'wait' };
  watch.runningSince ??= now;
  return now - watch.runningSince >= settleMs ? { kind: 'ok' } : { kind: 'wait' };
}

/** "IO thread …, SQL thread …; Last_IO_Error …; Last_SQL_Error …" as read. */
export function threadErrors(c: ReplicaStatus | undefined): string {
  if (!c) return 'no replication connection shown by SHOW SLAVE STATUS';
  const err = (e: ReplicaStatus['lastIoError']) => (e ? `error ${e.errno}: ${e.message}` : 'none');
  return `IO thread ${c.ioThread}, SQL thread ${c.sqlThread}; Last_IO_Error ${err(c.lastIoError)}; Last_SQL_Error ${err(c.lastSqlError)}`;
}
