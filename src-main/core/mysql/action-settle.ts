import type { ReplicaStatus } from '../../contract';
import { judgeStart, threadErrors, type StartWatch } from './replica-start';

/** The replication actions whose effect is awaited (set-read-only takes effect in its statement). */
export type ReplicationAction = 'start-replication' | 'stop-replication' | 'skip-event';

export type ActionVerdict =
  | { kind: 'wait' }
  | { kind: 'ok' }
  /** The action ran but replication is not where it was sent: what the server shows, and why. */
  | { kind: 'failed'; message: string; hint: string };

/**
 * One read of the replica status after an action's statements, judged against the status before
 * them (`before`):
 * - stop: both threads stopped;
 * - start: both threads running without a break for `settleMs` (judgeStart: a thread that stops on
 *   an error it did not show before START, shows again after it ran, or still shows the error of
 *   before `staleMs` after START — stopped again on the same event, unfixed — is a failure);
 * - skip: the SQL thread is past the failed transaction — the skip counter back to 0 and the
 *   executed source position beyond the failed transaction's start (where the thread stood) — and
 *   then running as for start. MariaDB with GTID discards the relay log at START and the IO thread
 *   fetches the failed transaction again, so until then the counter is still 1: an answer then
 *   would say "running" about a skip that has not happened. Past it, a stop on an error is a new
 *   error, reported as such (the skip itself is done).
 */
export function judgeAction(
  action: ReplicationAction,
  before: ReplicaStatus,
  c: ReplicaStatus | undefined,
  now: number,
  watch: StartWatch,
  settleMs: number,
  host: string,
  staleMs?: number,
): ActionVerdict {
  if (action === 'stop-replication') {
    watch.last = c;
    if (!c) return gone(host);
    return c.ioThread === 'stopped' && c.sqlThread === 'stopped'
      ? { kind: 'ok' }
      : { kind: 'wait' };
  }
  if (!c) {
    watch.last = c;
    return gone(host);
  }
  const v = judgeStart(
    c,
    { address: before.sourceHost, port: before.sourcePort },
    now,
    watch,
    settleMs,
    {
      ...(before.lastIoError ? { io: before.lastIoError } : {}),
      ...(before.lastSqlError ? { sql: before.lastSqlError } : {}),
      ...(staleMs !== undefined ? { graceMs: staleMs } : {}),
    },
  );
  if (action === 'start-replication') {
    if (v.kind !== 'broken') return v;
    if (v.again)
      return {
        kind: 'failed',
        message: `Replication on ${host} stopped again on the same error it had stopped on before: ${v.errors}.`,
        hint: `Starting it again will not help: fix what the error names on ${host} first (Replication error shows the failing event), or skip that event if it must not be applied.`,
      };
    return {
      kind: 'failed',
      message: `Replication on ${host} started, then stopped: ${v.errors}.`,
      hint: `Fix what the error names on ${host} (Replication error shows the failing event), then start it again.`,
    };
  }
  const past = skipDone(before, c);
  if (v.kind === 'broken')
    return past
      ? {
          kind: 'failed',
          message: `The failed transaction was skipped on ${host} (now at ${position(c)}), but replication stopped again: ${v.errors}.`,
          hint: `This is a new error: look at it (Replication error shows the failing event) before skipping anything else.`,
        }
      : {
          kind: 'failed',
          message: `The skip did not take effect on ${host}: replication stopped before the SQL thread got past the failed transaction (still at ${position(c)}, Skip_Counter ${c.skipCounter ?? 'unknown'}): ${v.errors}.`,
          hint: `Look at the replica status on ${host}; when it stops on the same error, skip it again.`,
        };
  return v.kind === 'ok' && past ? v : { kind: 'wait' };
}

/** The SQL thread is past the transaction it had stopped on. */
export function skipDone(before: ReplicaStatus, c: ReplicaStatus): boolean {
  if ((c.skipCounter ?? 0) > 0) return false;
  if (before.execSourceLogFile && c.execSourceLogFile) return comparePositions(c, before) > 0;
  // No coordinates to compare (not shown): the executed GTID state moved.
  return !!c.executedGtid && c.executedGtid !== before.executedGtid;
}

/** Source binlog coordinates the SQL thread executed up to, compared by file number then offset. */
export function comparePositions(a: ReplicaStatus, b: ReplicaStatus): number {
  const n = (file: string) => Number(/\.(\d+)$/.exec(file)?.[1] ?? NaN);
  const [fa, fb] = [n(a.execSourceLogFile), n(b.execSourceLogFile)];
  if (a.execSourceLogFile !== b.execSourceLogFile)
    return Number.isFinite(fa) && Number.isFinite(fb)
      ? fa - fb
      : a.execSourceLogFile.localeCompare(b.execSourceLogFile);
  return a.execSourceLogPos - b.execSourceLogPos;
}

const position = (c: ReplicaStatus) => `${c.execSourceLogFile}:${c.execSourceLogPos}`;

const gone = (host: string): ActionVerdict => ({
  kind: 'failed',
  message: `${host} no longer shows a replication connection (SHOW SLAVE STATUS is empty).`,
  hint: `Someone reset replication on ${host} meanwhile; look at it before anything else.`,
});

/** What a timeout says: what the action waited for, what the server showed last, what to do. */
export function settleTimeout(
  action: ReplicationAction,
  before: ReplicaStatus,
  watch: StartWatch,
  seconds: number,
  settleMs: number,
  host: string,
  statements: string,
): { message: string; hint: string } {
  const last = watch.last;
  const seen = threadErrors(last);
  switch (action) {
    case 'stop-replication':
      return {
        message: `${statements} ran on ${host}, but after ${seconds} s its threads still show: ${seen}.`,
        hint: `A long transaction can keep the SQL thread busy until it ends; look at SHOW SLAVE STATUS and the process list on ${host}, then stop it again.`,
      };
    case 'start-replication':
      return {
        message: `${statements} ran on ${host}, but replication was not seen running for ${settleMs / 1000} s on end within ${seconds} s: ${seen}.`,
        hint:
          last?.ioThread === 'connecting'
            ? `The IO thread cannot connect to ${before.sourceHost}:${before.sourcePort} (Last_IO_Error says why); it keeps retrying. Check that the master is up and reachable from ${host}.`
            : `Look at SHOW SLAVE STATUS on ${host}, then start it again.`,
      };
    case 'skip-event': {
      const pending = last && (last.skipCounter ?? 0) > 0;
      return {
        message: pending
          ? `${statements} ran on ${host}, but after ${seconds} s the skip has not happened yet: Skip_Counter is still ${last.skipCounter} and the SQL thread is at ${position(last)} (it stopped at ${position(before)}): ${seen}.`
          : `${statements} ran on ${host}, but within ${seconds} s replication was not seen past the failed transaction and running (${last ? `at ${position(last)}, stopped at ${position(before)}` : 'no status read'}): ${seen}.`,
        hint: pending
          ? `The skip applies to the next transaction the SQL thread reads, which is the failed one once the IO thread has fetched it again from ${before.sourceHost}; check that the IO thread is connected, then look at ${host}'s status again (do not skip twice).`
          : `Look at SHOW SLAVE STATUS on ${host} before doing anything else.`,
      };
    }
  }
}
