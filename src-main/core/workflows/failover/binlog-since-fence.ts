import { OpsdeckError } from '../../../contract';
import { num, text, type Row } from '../../mysql/sql-row';
import type { FencePoint } from './step-fence';

/** One read on the old master (SHOW BINARY LOGS, SHOW BINLOG EVENTS …). */
export type ReadRows = (sql: string) => Promise<Row[]>;

/** Who the check is about: the old master read, and the new master it would replicate from. */
export interface FenceParties {
  master: string;
  candidate: string;
}

export interface BinlogLimits {
  /** Events per SHOW BINLOG EVENTS: the logs are paged through, never cut at a page. */
  page: number;
  /** Events after the fence read at most; past them the check stops and says where and why. */
  atMost: number;
}

export const BINLOG_LIMITS: BinlogLimits = { page: 10_000, atMost: 1_000_000 };

/** Binlog event types that are (part of) a transaction; rotations and file headers are not. */
const TRANSACTION_EVENT =
  /^(Query|Xid|Gtid|Anonymous_Gtid|Table_map|XA_prepare|Annotate_rows|(Write|Update|Delete|Partial_update)_rows(_v1|_compressed(_v1)?)?)$/;

/**
 * No GTID: the events of SHOW BINLOG EVENTS after the fence that the server itself wrote (its
 * server_id) and that carry a transaction. A rotation (FLUSH LOGS, a restart) moves the
 * coordinates but writes none, so it does not count.
 */
export function ownTransactionEvents(
  rows: readonly Row[],
  serverId: number,
): { at: string; type: string }[] {
  return rows
    .filter((r) => num(r.Server_id) === serverId && TRANSACTION_EVENT.test(text(r.Event_type)))
    .map((r) => ({ at: `${text(r.Log_name)}:${text(r.Pos)}`, type: text(r.Event_type) }));
}

/** What the binary logs after the fence hold of the server's own transactions. */
export interface OwnEvents {
  events: { at: string; type: string }[];
  /** Set when the reading stopped before the end of the last log (the `atMost` limit). */
  stoppedAt?: string;
  read: number;
}

/**
 * binlog-file positioning: every own transaction event in every binary log from the fence on,
 * paged (FROM the previous page's End_log_pos) to the end of the last log. A fence log that is no
 * longer listed (purged, or purged while it was read) is FAILOVER_REFUSED saying so: what the old
 * master wrote after its fence cannot be proven then. Past `limits.atMost` events the reading
 * stops: with own events found they are reported as at least these; with none, FAILOVER_REFUSED
 * (nothing proven), never a silent "no writes".
 */
export async function ownEventsSinceFence(
  read: ReadRows,
  who: FenceParties,
  fence: FencePoint,
  serverId: number,
  limits: BinlogLimits = BINLOG_LIMITS,
): Promise<OwnEvents> {
  const logs = (await read('SHOW BINARY LOGS')).map((r) => text(r.Log_name));
  const from = logs.indexOf(fence.file);
  if (from < 0) throw purgedError(who, fence, logs[0]);
  const events: OwnEvents['events'] = [];
  let total = 0;
  for (const file of logs.slice(from)) {
    let pos = file === fence.file ? Math.trunc(fence.pos) : 0;
    for (;;) {
      const room = Math.min(limits.page, limits.atMost - total);
      if (room <= 0) {
        const at = `${file}:${pos || 'start'}`;
        if (!events.length) throw tooLongError(who, fence, total, at);
        return { events, stoppedAt: at, read: total };
      }
      const rows = await read(
        `SHOW BINLOG EVENTS IN '${file.replace(/[^\w.-]/g, '')}'${pos ? ` FROM ${pos}` : ''} LIMIT ${room}`,
      ).catch((err: unknown) => {
        throw isLogGone(err) ? purgedError(who, fence, undefined, file, err) : err;
      });
      total += rows.length;
      events.push(
        ...ownTransactionEvents(
          rows.map((r) => ({ ...r, Log_name: file })),
          serverId,
        ),
      );
      if (rows.length < room) break;
      const next = num(rows[rows.length - 1]?.End_log_pos) ?? 0;
      if (next <= pos)
        throw new OpsdeckError(
          'FAILOVER_REFUSED',
          `${who.master}'s binary log ${file} could not be paged through after position ${pos} (End_log_pos ${next}): what it wrote after its fence at ${fence.file}:${fence.pos} cannot be proven. It was not repointed; it stays read_only.`,
          reseedHint(who),
        );
      pos = next;
    }
  }
  return { events, read: total };
}

/** The binary log the check needs is gone: nothing about writes after the fence can be proven. */
function purgedError(
  who: FenceParties,
  fence: FencePoint,
  oldest: string | undefined,
  file = fence.file,
  cause?: unknown,
): OpsdeckError {
  const since =
    file === fence.file
      ? ''
      : ` (${file}, after the fence's ${fence.file}, was purged while it was read)`;
  return new OpsdeckError(
    'FAILOVER_REFUSED',
    `Binary log ${fence.file} was purged on ${who.master}${oldest ? ` (its oldest binary log is now ${oldest})` : ''}${since}: whether ${who.master} took writes after its fence at ${fence.file}:${fence.pos} — writes ${who.candidate} never got — cannot be proven, so it was not repointed; it stays read_only.`,
    `Reseed ${who.master} from ${who.candidate} (opsdeck mysql rejoin ${who.master} --under ${who.candidate} --reseed; save first what you need of anything written on ${who.master} since the fence), then resume this run. To keep this check possible, keep binary logs longer than a switchover can stay stopped (expire_logs_days / binlog_expire_logs_seconds on ${who.master}).`,
    cause === undefined ? undefined : { cause },
  );
}

function tooLongError(who: FenceParties, fence: FencePoint, read: number, at: string) {
  return new OpsdeckError(
    'FAILOVER_REFUSED',
    `${who.master}'s binary logs after its fence at ${fence.file}:${fence.pos} hold more than ${read} events; the check stopped at ${at} without finding a write of its own, so no write after the fence is proven or ruled out. It was not repointed; it stays read_only.`,
    reseedHint(who),
  );
}

const reseedHint = (who: FenceParties) =>
  `Look at ${who.master}'s binary logs after the fence (mysqlbinlog), save what you need, then reseed it: opsdeck mysql rejoin ${who.master} --under ${who.candidate} --reseed. Then resume this run.`;

/** "Could not find target log" (error 1220), from the driver or in Opsdeck's mapped error. */
function isLogGone(err: unknown): boolean {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  return [e?.message, e?.cause?.message].some((m) =>
    /could not find target log|target log not found/i.test(String(m ?? '')),
  );
}
