import { OpsdeckError } from '../../../contract';
import { parseMariaGtids, positionByDomain } from '../../mysql/gtid/mariadb-gtid';
import {
  formatGtidSet,
  gtidCount,
  onlySource,
  parseGtidSet,
  subtractGtid,
} from '../../mysql/gtid/mysql-gtid-set';
import { text } from '../../mysql/sql-row';
import type { BaseContext } from '../engine/definition';
import { ownEventsSinceFence } from './binlog-since-fence';
import { valueOf, type Server } from './io';
import type { Pinned } from './outputs';
import type { FencePoint } from './step-fence';

type Ctx = BaseContext<unknown>;

export { ownTransactionEvents } from './binlog-since-fence';

/** What the old master itself wrote after its fence point: named, and how many (null: unknown). */
export interface WrittenSinceFence {
  what: string;
  count: number | null;
}

/**
 * MariaDB: the GTIDs with the server's own server_id past the fence point, from its
 * gtid_binlog_state (last GTID per domain and server_id — events it replicated from the new
 * master carry that one's server_id and do not count). A domain's sequence numbers are shared by
 * every server writing to it, so `0-1-101…0-1-103` after a fence at `0-1-100` is exact only when
 * no other server's GTID in that domain is past the fence: then every number in between is its
 * own. Otherwise (the new master's events, logged after a repoint had begun) the numbers in
 * between may be the other server's: its last own GTID is named and the count is unknown (null),
 * never the MySQL-style difference that would count the other server's transactions as its own.
 */
export function mariadbSinceFence(
  binlogState: string,
  fencePosition: string,
  serverId: number,
): WrittenSinceFence | undefined {
  const fence = positionByDomain(parseMariaGtids(fencePosition));
  const state = parseMariaGtids(binlogState);
  const fenceSeq = (domain: number) => fence.get(domain)?.seq ?? 0;
  const moved = state
    .filter((g) => g.server === serverId && g.seq > fenceSeq(g.domain))
    .sort((a, b) => a.domain - b.domain);
  if (!moved.length) return undefined;
  let count: number | null = 0;
  const ranges = moved.map((g) => {
    const last = `${g.domain}-${g.server}-${g.seq}`;
    const others = state.filter(
      (o) => o.domain === g.domain && o.server !== serverId && o.seq > fenceSeq(g.domain),
    );
    if (others.length) {
      count = null;
      return `${last} (its last: another server's ${others.map((o) => `${o.domain}-${o.server}-${o.seq}`).join(', ')} share domain ${g.domain} after the fence, so how many are its own is not known)`;
    }
    const first = fenceSeq(g.domain) + 1;
    if (count !== null) count += g.seq - first + 1;
    return first === g.seq ? last : `${g.domain}-${g.server}-${first}…${last}`;
  });
  return { what: ranges.join(', '), count };
}

/** MySQL: gtid_executed now less gtid_executed at the fence, its own server_uuid only. */
export function mysqlSinceFence(
  executed: string,
  fencePosition: string,
  serverUuid: string,
): WrittenSinceFence | undefined {
  const extra = onlySource(
    subtractGtid(parseGtidSet(executed), parseGtidSet(fencePosition)),
    serverUuid,
  );
  const count = gtidCount(extra);
  return count ? { what: formatGtidSet(extra), count } : undefined;
}

/** binlog-file positioning: the own transaction events in every binary log from the fence on. */
async function binlogSinceFence(
  ctx: Ctx,
  s: Server,
  p: Pinned,
  fence: FencePoint,
  serverId: number,
): Promise<WrittenSinceFence | undefined> {
  if (!fence.file) return undefined;
  const read = (sql: string) => ctx.mysql.read(s.host, sql, { quiet: true });
  const found = await ownEventsSinceFence(read, p, fence, serverId);
  const { events } = found;
  if (!events.length) return undefined;
  const shown = events.slice(0, 3).map((e) => `${e.type} at ${e.at}`);
  const more = events.length - shown.length;
  const stopped = found.stoppedAt
    ? `; the check stopped at ${found.stoppedAt} after ${found.read} events, there may be more`
    : '';
  return {
    what: `${shown.join(', ')}${more > 0 ? ` and ${more} more event(s)` : ''} (binary log after ${fence.file}:${fence.pos}${stopped})`,
    count: null,
  };
}

/**
 * What the old master wrote after its fence point — possible once its read lock is gone (a
 * resumed run, a lost session: accounts with SUPER / READ ONLY ADMIN write under read_only).
 * The new master never got those writes; replicating from it would leave them on the old master
 * alone (errant), with nothing to tell. Only its own writes count, never what it replicated.
 */
export async function writtenSinceFence(
  ctx: Ctx,
  s: Server,
  p: Pinned,
  fence: FencePoint,
): Promise<WrittenSinceFence | undefined> {
  if (ctx.dryRun) return undefined;
  const serverId = Number(await valueOf(ctx, s.host, 'SELECT @@server_id AS id', 'id'));
  if (p.positioning === 'binlog-file') return binlogSinceFence(ctx, s, p, fence, serverId);
  if (s.dialect.flavor === 'mariadb')
    return mariadbSinceFence(
      await valueOf(ctx, s.host, 'SELECT @@gtid_binlog_state AS v', 'v'),
      fence.position,
      serverId,
    );
  const [row] = await ctx.mysql.read(s.host, 'SELECT @@gtid_executed AS e, @@server_uuid AS u', {
    quiet: true,
  });
  return mysqlSinceFence(text(row?.e), fence.position, text(row?.u));
}

/** The old master may not rejoin: it holds writes the new master never got. */
export function writtenSinceFenceError(p: Pinned, fence: FencePoint, w: WrittenSinceFence) {
  const n = w.count === null ? 'transactions' : `${w.count} transaction(s)`;
  return new OpsdeckError(
    'MYSQL_DIVERGED',
    `${p.master} took writes after it was fenced at ${fence.position || `${fence.file}:${fence.pos}`}: ${n} ${p.candidate} never got (${w.what}). Replicating from ${p.candidate} would leave them on ${p.master} alone (errant), so it was not repointed; ${p.master} stays read_only.`,
    `Save what you need of those writes from ${p.master} (mysqlbinlog), then reseed it: opsdeck mysql rejoin ${p.master} --under ${p.candidate} --reseed. Then resume this run: ${p.master} is found replicating and the other replicas are moved.`,
  );
}
