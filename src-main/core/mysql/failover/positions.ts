import type { FailoverInput, MasterTail, ServerSnapshot } from '../../../contract';
import {
  formatMariaGtid,
  parseMariaGtids,
  positionByDomain,
  type MariaGtid,
} from '../gtid/mariadb-gtid';
import {
  formatGtidSet,
  gtidCount,
  parseGtidSet,
  subtractGtid,
  unionGtid,
  withoutSources,
  type GtidSet,
} from '../gtid/mysql-gtid-set';

export type Positioning = 'mariadb-gtid' | 'mysql-gtid' | 'binlog-file';

/** What one replica has, as the planner compares it. */
export interface ReplicaPosition {
  name: string;
  /** Shown to people: GTID state or file:position. */
  executed: string;
  /** Errant transactions, named, and how many. */
  errant: string;
  errantCount: number;
  /** Extra notes on how the position was read. */
  notes: string[];
}

/**
 * Per positioning, how far each replica is (counting what it already received in its relay log:
 * in a failover it applies that before it is promoted), which transactions are errant, and what
 * the dead master had that a candidate has not.
 */
export interface PositionModel {
  positioning: Positioning;
  replicas: Map<string, ReplicaPosition>;
  /** Transactions the most advanced replica has that `name` has not; null when it cannot be told. */
  behind(name: string): number | null;
  /** Negative when a is ahead of b (for sorting). */
  compare(a: string, b: string): number;
  /** What the master had and `name` has not: null when the master's state is not known. */
  loss(name: string): { count: number | null; gtids: string } | null;
}

export function positioningOf(input: FailoverInput): Positioning {
  const all = [input.master, ...input.replicas];
  if (all.some((s) => s.flavor === 'mariadb') || input.master.gtidMode === 'mariadb') {
    const gtidKnown = input.replicas.some(
      (r) => r.gtid?.slavePos || r.replication?.executedGtid || r.replication?.retrievedGtid,
    );
    return gtidKnown ? 'mariadb-gtid' : 'binlog-file';
  }
  const on = (s: ServerSnapshot) => (s.gtidMode ?? '').toUpperCase() === 'ON';
  return input.replicas.length > 0 &&
    input.replicas.every(on) &&
    (on(input.master) || !input.master.reachable)
    ? 'mysql-gtid'
    : 'binlog-file';
}

export function positionModel(input: FailoverInput): PositionModel {
  const positioning = positioningOf(input);
  if (positioning === 'mariadb-gtid') return mariadbModel(input);
  if (positioning === 'mysql-gtid') return mysqlModel(input);
  return fileModel(input);
}

// ------------------------------------------------------------------ GTID (either flavour)

/** What a GTID positioning (MariaDB or MySQL) knows, in its own representation of GTID state. */
interface GtidPositions<Received, Tail> {
  positioning: 'mariadb-gtid' | 'mysql-gtid';
  replicas: Map<string, ReplicaPosition>;
  /** Per replica, what it has received (relay log included), errant transactions left out. */
  received: Map<string, Received>;
  behind(name: string): number | null;
  /** The dead master's last known GTID state; null/undefined/empty when it is not known. */
  tail: Tail | null | undefined;
  /** What `tail` has that a replica's `mine` has not. */
  lost(tail: Tail, mine: Received): { count: number | null; gtids: string };
}

/**
 * The model both GTID positionings share: replicas compare by how far behind they are, and a
 * candidate's loss is what the master's tail has beyond what it received (null when either side
 * is not known).
 */
function gtidPositionModel<Received, Tail>(p: GtidPositions<Received, Tail>): PositionModel {
  const { behind } = p;
  return {
    positioning: p.positioning,
    replicas: p.replicas,
    behind,
    compare: (a, b) => (behind(a) ?? Infinity) - (behind(b) ?? Infinity),
    loss(name) {
      const mine = p.received.get(name);
      if (!p.tail || !mine) return null;
      return p.lost(p.tail, mine);
    },
  };
}

// ------------------------------------------------------------------ MariaDB GTID

function mariadbModel(input: FailoverInput): PositionModel {
  const masterIds = new Set<number>(
    [input.master.serverId, input.master.replication?.sourceServerId].filter(
      (n): n is number => typeof n === 'number',
    ),
  );
  const masterState = parseMariaGtids(
    `${input.master.gtid?.binlogState ?? ''},${input.master.gtid?.executed ?? ''},${input.master.gtid?.slavePos ?? ''}`,
  );
  const masterDomains = new Set(masterState.map((g) => g.domain));
  const received = new Map<string, Map<number, MariaGtid>>();
  const replicas = new Map<string, ReplicaPosition>();
  for (const r of input.replicas) {
    const replicated = parseMariaGtids(
      `${r.gtid?.slavePos ?? ''},${r.replication?.executedGtid ?? ''},${r.replication?.retrievedGtid ?? ''}`,
    ).filter((g) => g.server !== r.serverId || masterIds.has(g.server));
    received.set(r.name, positionByDomain(replicated));
    const errant = mariaErrant(r, masterState, masterIds, masterDomains, replicated);
    const counted = mariaErrantRanges(
      errant,
      parseMariaGtids(
        `${r.gtid?.binlogState ?? ''},${r.gtid?.currentPos ?? ''},${r.gtid?.executed ?? ''}`,
      ).concat(replicated),
      masterState,
    );
    replicas.set(r.name, {
      name: r.name,
      executed: r.gtid?.currentPos || r.replication?.executedGtid || r.gtid?.slavePos || '',
      errant: counted.text,
      errantCount: counted.count,
      notes: counted.exact
        ? []
        : [
            `errant count is a lower bound: other servers' GTIDs follow ${r.name}'s own in the same domain, so how many of the numbers in between are its own is not known`,
          ],
    });
  }
  const domains = new Set([...received.values()].flatMap((m) => [...m.keys()]));
  const best = new Map<number, number>();
  for (const d of domains)
    best.set(d, Math.max(...[...received.values()].map((m) => m.get(d)?.seq ?? 0)));
  const behind = (name: string) => {
    const mine = received.get(name);
    if (!mine) return null;
    let n = 0;
    for (const [d, seq] of best) n += seq - (mine.get(d)?.seq ?? 0);
    return n;
  };
  const tail = mariaTail(input.masterTail, input.master);
  return gtidPositionModel({
    positioning: 'mariadb-gtid',
    replicas,
    received,
    behind,
    tail,
    lost(tail, mine) {
      const lost: MariaGtid[] = [];
      let count = 0;
      for (const [d, g] of tail) {
        const have = mine.get(d)?.seq ?? 0;
        if (g.seq > have) {
          count += g.seq - have;
          lost.push(g);
        }
      }
      const gtids = lost
        .map((g) => `${g.domain}-${g.server}-${(mine.get(g.domain)?.seq ?? 0) + 1}..${g.seq}`)
        .join(',');
      return { count, gtids };
    },
  });
}

/**
 * A MariaDB replica's errant transactions: (1) what it logged itself after what it replicated
 * (gtid_current_pos ahead of gtid_slave_pos with its own server_id), (2) its own server_id's
 * entries in its binlog state beyond what the master's state holds for that pair, (3) domains the
 * master never had.
 */
function mariaErrant(
  r: ServerSnapshot,
  masterState: readonly MariaGtid[],
  masterIds: ReadonlySet<number>,
  masterDomains: ReadonlySet<number>,
  replicated: readonly MariaGtid[],
): MariaGtid[] {
  const own = (g: MariaGtid) => g.server === r.serverId && !masterIds.has(g.server);
  const slave = positionByDomain(replicated);
  const masterPair = new Map<string, number>();
  for (const g of masterState)
    masterPair.set(
      `${g.domain}-${g.server}`,
      Math.max(g.seq, masterPair.get(`${g.domain}-${g.server}`) ?? 0),
    );
  const found = new Map<string, MariaGtid>();
  const add = (g: MariaGtid) => {
    const k = `${g.domain}-${g.server}`;
    if ((found.get(k)?.seq ?? -1) < g.seq) found.set(k, g);
  };
  for (const g of parseMariaGtids(r.gtid?.currentPos ?? ''))
    if (own(g) && g.seq > (slave.get(g.domain)?.seq ?? 0)) add(g);
  for (const g of parseMariaGtids(`${r.gtid?.binlogState ?? ''},${r.gtid?.executed ?? ''}`)) {
    if (own(g) && g.seq > (masterPair.get(`${g.domain}-${g.server}`) ?? 0)) add(g);
    else if (masterDomains.size && !masterDomains.has(g.domain) && !masterIds.has(g.server)) add(g);
  }
  return [...found.values()];
}

/**
 * Errant MariaDB GTIDs (the last per domain and server_id) as ranges, counted in transactions.
 * A domain's sequence numbers are shared by every server writing to it: the errant range of
 * `d-s-n` starts after the highest number below n that the replica has from anyone else (what it
 * replicated, another server's GTID, the master's own record of that pair). Exact when no other
 * server's GTID in that domain is past n; else the numbers in between may be that server's: only
 * `d-s-n` is named and counted (a lower bound, `exact` false). Never one per GTID shown (that
 * counted `0-3-4..6` as 1) nor a bare seq difference across servers.
 */
function mariaErrantRanges(
  errant: readonly MariaGtid[],
  known: readonly MariaGtid[],
  masterState: readonly MariaGtid[],
): { text: string; count: number; exact: boolean } {
  let count = 0;
  let exact = true;
  const parts = [...errant]
    .sort((a, b) => a.domain - b.domain || a.server - b.server)
    .map((g) => {
      const others = known
        .concat(masterState)
        .filter((o) => o.domain === g.domain && o.server !== g.server);
      const ownMaster = masterState
        .filter((o) => o.domain === g.domain && o.server === g.server && o.seq < g.seq)
        .map((o) => o.seq);
      if (others.some((o) => o.seq > g.seq)) {
        exact = false;
        count += 1;
        return formatMariaGtid(g);
      }
      const base = Math.max(0, ...ownMaster, ...others.map((o) => o.seq).filter((n) => n < g.seq));
      count += g.seq - base;
      return base + 1 === g.seq
        ? formatMariaGtid(g)
        : `${g.domain}-${g.server}-${base + 1}..${g.seq}`;
    });
  return { text: parts.join(','), count, exact };
}

/** The dead master's last GTID per domain: read from its binlog, or its last probe. */
function mariaTail(tail: MasterTail | undefined, master: ServerSnapshot) {
  const text = tail?.executed ?? (master.reachable ? master.gtid?.executed : undefined);
  if (!text) return null;
  return positionByDomain(parseMariaGtids(text));
}

// ------------------------------------------------------------------ MySQL GTID

function mysqlModel(input: FailoverInput): PositionModel {
  const master = parseGtidSet(input.master.gtid?.executed ?? '');
  const masterUuids = [input.master.serverUuid, input.master.replication?.sourceUuid].filter(
    (u): u is string => Boolean(u),
  );
  const received = new Map<string, GtidSet>();
  const replicas = new Map<string, ReplicaPosition>();
  for (const r of input.replicas) {
    const executed = parseGtidSet(r.gtid?.executed || r.replication?.executedGtid || '');
    const all = unionGtid(executed, parseGtidSet(r.replication?.retrievedGtid ?? ''));
    // Errant: GTID_SUBTRACT(replica executed, master executed), except the master's own newer ones.
    const errant = withoutSources(subtractGtid(executed, master), masterUuids);
    received.set(r.name, subtractGtid(all, errant));
    replicas.set(r.name, {
      name: r.name,
      executed: formatGtidSet(executed),
      errant: formatGtidSet(errant),
      errantCount: gtidCount(errant),
      notes: [],
    });
  }
  const union = [...received.values()].reduce<GtidSet>((a, b) => unionGtid(a, b), new Map());
  const behind = (name: string) => {
    const mine = received.get(name);
    return mine ? gtidCount(subtractGtid(union, mine)) : null;
  };
  const tail =
    input.masterTail?.executed ??
    (input.master.reachable ? input.master.gtid?.executed : undefined);
  return gtidPositionModel({
    positioning: 'mysql-gtid',
    replicas,
    received,
    behind,
    tail,
    lost(tail, mine) {
      const lost = subtractGtid(parseGtidSet(tail), mine);
      return { count: gtidCount(lost), gtids: formatGtidSet(lost) };
    },
  });
}

// ------------------------------------------------------------------ binlog file + position

/** "mysql-bin.000012" → 12, for ordering binlog files. */
const fileNumber = (file: string) => Number(/\.(\d+)$/.exec(file)?.[1] ?? -1);

function fileModel(input: FailoverInput): PositionModel {
  const key = new Map<string, [number, number]>();
  const replicas = new Map<string, ReplicaPosition>();
  for (const r of input.replicas) {
    const s = r.replication;
    // Received (relay log) first: in a failover it is applied before promotion.
    if (s) key.set(r.name, [fileNumber(s.sourceLogFile), s.readSourceLogPos]);
    replicas.set(r.name, {
      name: r.name,
      executed: s ? `${s.execSourceLogFile}:${s.execSourceLogPos}` : '',
      errant: '',
      errantCount: 0,
      notes: s
        ? [`received up to ${s.sourceLogFile}:${s.readSourceLogPos} of the master's binary log`]
        : [],
    });
  }
  const cmp = (a: string, b: string) => {
    const x = key.get(a);
    const y = key.get(b);
    if (!x || !y) return x ? -1 : y ? 1 : 0;
    return y[0] - x[0] || y[1] - x[1];
  };
  const best = [...key.keys()].sort(cmp)[0];
  return {
    positioning: 'binlog-file',
    replicas,
    behind(name) {
      if (!best || !key.has(name)) return null;
      return cmp(best, name) === 0 ? 0 : null;
    },
    compare: cmp,
    loss(name) {
      const mine = key.get(name);
      const last = input.master.binlog;
      const tail =
        input.masterTail?.executed ?? (last ? `${last.file}:${last.position}` : undefined);
      if (!mine || !tail) return null;
      const [file = '', pos = '0'] = tail.split(':');
      const same = fileNumber(file) === mine[0];
      return {
        count: same && Number(pos) === mine[1] ? 0 : null,
        gtids: same ? `${Number(pos) - mine[1]} bytes of ${file}` : `from ${file}`,
      };
    },
  };
}
