import {
  toErrorShape,
  type ErrorShape,
  type Health,
  type Host,
  type Topology,
  type TopologyNode,
} from '../../contract';
import type { ReadRows } from './facts';
import type { ServerProbe } from './server-probe';
import { num, text } from './sql-row';
import { executedPosition, primaryConnection } from './status-parse';

export interface TopologyDeps {
  /** Inventory hosts that have a MySQL login. */
  hosts(): Host[];
  probe(host: Host): Promise<ServerProbe>;
  read(host: Host): ReadRows;
  now(): Date;
}

type Probed = { ok: true; value: ServerProbe } | { ok: false; error: ErrorShape };

const MAX_SCAN = 100;
const MAX_DEPTH = 16;

/**
 * From any server: walk up through its masters to the root, then down through every replica
 * (inventory servers replicating from a node, SHOW SLAVE HOSTS / SHOW REPLICAS, binlog dump
 * threads). Servers that are not in the inventory appear as unknown nodes.
 */
export async function discoverTopology(start: Host, deps: TopologyDeps): Promise<Topology> {
  const inventory = deps.hosts();
  const cache = new Map<string, Promise<Probed>>();
  const probe = (h: Host) => {
    let p = cache.get(h.id);
    if (!p) {
      p = deps.probe(h).then(
        (value): Probed => ({ ok: true, value }),
        (err: unknown): Probed => ({ ok: false, error: toErrorShape(err) }),
      );
      cache.set(h.id, p);
    }
    return p;
  };
  const index = addressIndex(inventory.includes(start) ? inventory : [...inventory, start]);
  const resolve = (address: string, port: number) => index.get(`${address}:${port}`.toLowerCase());
  const nodes = new Map<string, TopologyNode>();
  const warnings: string[] = [];

  // Up: follow each server's master to the root.
  let top = start;
  let unknownRoot: TopologyNode | undefined;
  const chain = new Set([start.id]);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const p = await probe(top);
    const conn = p.ok ? primaryConnection(p.value.replication) : undefined;
    if (!conn?.sourceHost) break;
    const master = resolve(conn.sourceHost, conn.sourcePort);
    if (!master) {
      unknownRoot = outsider(
        `server:${conn.sourceHost}:${conn.sourcePort}`,
        conn.sourceHost,
        conn.sourcePort,
      );
      unknownRoot.serverId = conn.sourceServerId ?? undefined;
      break;
    }
    if (chain.has(master.id)) {
      warnings.push(
        `Replication ring: ${master.name} is its own upstream; drawn from ${top.name}.`,
      );
      break;
    }
    chain.add(master.id);
    top = master;
  }

  // Down: breadth first from the top host.
  const scan = inventory.slice(0, MAX_SCAN);
  if (inventory.length > MAX_SCAN)
    warnings.push(
      `Only the first ${MAX_SCAN} MySQL hosts of the inventory were scanned for replicas.`,
    );
  const queue: Array<{ host: Host; masterId?: string }> = [
    { host: top, ...(unknownRoot ? { masterId: unknownRoot.id } : {}) },
  ];
  if (unknownRoot) nodes.set(unknownRoot.id, unknownRoot);
  while (queue.length) {
    const { host, masterId } = queue.shift() as { host: Host; masterId?: string };
    if (nodes.has(host.id)) continue;
    const p = await probe(host);
    const node = p.ok ? fromProbe(p.value) : unreachable(host, p.error);
    if (masterId) node.masterId = masterId;
    nodes.set(node.id, node);
    if (masterId) nodes.get(masterId)?.replicaIds.push(node.id);

    // Replicas are found from their side too, so a dead master still shows who replicated from it.
    const probed = await Promise.all(
      scan.filter((h) => h.id !== host.id).map(async (h) => ({ h, p: await probe(h) })),
    );
    const children = probed.filter(({ p: c }) => {
      const conn = c.ok ? primaryConnection(c.value.replication) : undefined;
      return conn?.sourceHost && resolve(conn.sourceHost, conn.sourcePort)?.id === host.id;
    });
    for (const { h } of children) queue.push({ host: h, masterId: node.id });
    if (!p.ok) continue;

    const registered = await registeredReplicas(deps.read(host), p.value.dialect.replicaHostsSql);
    const knownIds = new Set(probed.flatMap(({ p: c }) => (c.ok ? [c.value.facts.serverId] : [])));
    for (const r of registered) {
      if (knownIds.has(r.serverId)) continue;
      const id = `server-id:${r.serverId}`;
      const stranger = outsider(id, r.host || `server_id ${r.serverId}`, r.port);
      stranger.serverId = r.serverId;
      stranger.role = 'replica';
      stranger.masterId = node.id;
      stranger.notes.push('registered with its master but not in the inventory');
      nodes.set(id, stranger);
      node.replicaIds.push(id);
    }
    const dumps = await dumpThreads(deps.read(host));
    const running = children.filter(
      ({ p: c }) => c.ok && primaryConnection(c.value.replication)?.ioThread === 'running',
    ).length;
    if (dumps > running + registered.filter((r) => !knownIds.has(r.serverId)).length)
      node.notes.push(`${dumps} binlog dump thread(s), more than the replicas found`);
  }

  for (const node of nodes.values()) finishRole(node);
  const root = unknownRoot?.id ?? top.id;
  return {
    rootId: root,
    startId: start.id,
    nodes: [...nodes.values()],
    collectedAt: deps.now().toISOString(),
    warnings,
  };
}

function addressIndex(hosts: readonly Host[]): Map<string, Host> {
  const index = new Map<string, Host>();
  for (const h of hosts) {
    const port = h.mysql?.port ?? 3306;
    for (const a of [h.mysql?.address, h.address, h.name])
      if (a && !index.has(`${a}:${port}`.toLowerCase())) index.set(`${a}:${port}`.toLowerCase(), h);
  }
  return index;
}

function fromProbe(p: ServerProbe): TopologyNode {
  const conn = primaryConnection(p.replication);
  const { health, notes } = assess(p);
  const executed = conn
    ? executedPosition(conn)
    : p.facts.gtid.executed ||
      (p.facts.binlog ? `${p.facts.binlog.file}:${p.facts.binlog.position}` : '');
  return {
    id: p.host.id,
    hostId: p.host.id,
    name: p.host.name,
    address: p.host.mysql?.address ?? p.host.address,
    port: p.host.mysql?.port ?? 3306,
    reachable: true,
    role: 'unknown',
    health,
    notes,
    flavor: p.facts.flavor,
    version: p.facts.version,
    serverId: p.facts.serverId,
    readOnly: p.facts.readOnly,
    ...(conn ? { replication: conn } : {}),
    ...(executed ? { executed } : {}),
    replicaIds: [],
  };
}

/** Status colours: the same meaning everywhere (ok / warning / critical / unknown). */
export function assess(p: Pick<ServerProbe, 'facts' | 'replication'>): {
  health: Health;
  notes: string[];
} {
  const notes: string[] = [];
  let level = 0;
  const raise = (l: number, note: string) => {
    level = Math.max(level, l);
    notes.push(note);
  };
  const conn = primaryConnection(p.replication);
  if (conn) {
    if (conn.lastSqlError && conn.sqlThread === 'stopped')
      raise(
        2,
        `SQL thread stopped by error ${conn.lastSqlError.errno}: ${conn.lastSqlError.message}`,
      );
    else if (conn.sqlThread === 'stopped') raise(2, 'SQL thread stopped');
    if (conn.ioThread === 'stopped')
      raise(
        2,
        conn.lastIoError ? `IO thread stopped: ${conn.lastIoError.message}` : 'IO thread stopped',
      );
    else if (conn.ioThread === 'connecting')
      raise(
        conn.lastIoError ? 2 : 1,
        conn.lastIoError
          ? `IO thread cannot connect: ${conn.lastIoError.message}`
          : 'IO thread connecting',
      );
    if (conn.ioThread === 'running' && conn.sqlThread === 'running') {
      if (conn.secondsBehind === null) raise(1, 'lag unknown');
      else if (conn.secondsBehind > 300) raise(2, `${conn.secondsBehind} s behind`);
      else if (conn.secondsBehind > 30) raise(1, `${conn.secondsBehind} s behind`);
    }
    if (!p.facts.readOnly) raise(1, 'replica is writable (read_only OFF)');
  }
  for (const w of p.facts.warnings) if (/server_id is 0/.test(w)) raise(1, w);
  const health: Health = level === 2 ? 'critical' : level === 1 ? 'warning' : 'ok';
  return { health, notes };
}

function finishRole(node: TopologyNode) {
  if (node.role !== 'unknown' && !node.reachable) return;
  if (!node.reachable && node.role === 'unknown') {
    node.role = node.replicaIds.length ? 'master' : node.masterId ? 'replica' : 'unknown';
    return;
  }
  const hasMaster = Boolean(node.replication) || Boolean(node.masterId);
  const hasReplicas = node.replicaIds.length > 0;
  node.role =
    hasMaster && hasReplicas
      ? 'intermediate'
      : hasMaster
        ? 'replica'
        : hasReplicas
          ? 'master'
          : 'standalone';
  if (node.role === 'master' && node.readOnly) {
    node.notes.push('master is read_only');
    if (node.health === 'ok') node.health = 'warning';
  }
}

function unreachable(host: Host, error: ErrorShape): TopologyNode {
  return {
    id: host.id,
    hostId: host.id,
    name: host.name,
    address: host.mysql?.address ?? host.address,
    port: host.mysql?.port ?? 3306,
    reachable: false,
    error,
    role: 'unknown',
    health: 'unknown',
    notes: [error.message],
    replicaIds: [],
  };
}

function outsider(id: string, address: string, port: number): TopologyNode {
  return {
    id,
    name: port ? `${address}:${port}` : address,
    address,
    port,
    reachable: false,
    role: 'unknown',
    health: 'unknown',
    notes: ['not in the inventory'],
    replicaIds: [],
  };
}

async function registeredReplicas(read: ReadRows, sql: string) {
  const rows = await read(sql).catch(() => []);
  return rows.map((r) => ({
    serverId: num(r.Server_id ?? r.Server_Id) ?? 0,
    host: text(r.Host),
    port: num(r.Port) ?? 0,
  }));
}

async function dumpThreads(read: ReadRows): Promise<number> {
  const rows = await read(
    "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
  ).catch(() => []);
  return num(rows[0]?.n) ?? 0;
}
