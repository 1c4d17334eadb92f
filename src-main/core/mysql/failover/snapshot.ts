import type {
  ClusterInfo,
  Host,
  Lag,
  MasterTail,
  PlanMode,
  ServerSnapshot,
  FailoverInput,
  Topology,
  TopologyNode,
} from '../../../contract';
import type { ServerProbe } from '../server-probe';
import { primaryConnection } from '../status-parse';

/** Zone / datacenter of a host from its tags: `zone:…`, `az:…`, `dc:…` or `datacenter:…`. */
export function locationOf(host: Pick<Host, 'tags'> | undefined): string | undefined {
  for (const tag of host?.tags ?? []) {
    const m = /^(zone|az|dc|datacenter)[:=](.+)$/i.exec(tag);
    if (m) return m[2];
  }
  return undefined;
}

/** One server as the planner sees it, from a probe (facts + replication). */
export function snapshotOf(
  p: ServerProbe,
  extras: { lag?: Lag; cluster: ClusterInfo; reachable?: boolean },
): ServerSnapshot {
  const f = p.facts;
  const replication = primaryConnection(p.replication);
  const location = locationOf(p.host);
  return {
    name: p.host.name,
    hostId: p.host.id,
    reachable: extras.reachable ?? true,
    observedAt: f.collectedAt,
    flavor: f.flavor,
    version: f.version,
    serverId: f.serverId,
    ...(f.serverUuid ? { serverUuid: f.serverUuid } : {}),
    logBin: f.logBin,
    logReplicaUpdates: f.logReplicaUpdates,
    readOnly: f.readOnly,
    gtidMode: f.gtid.mode,
    gtid: {
      executed: f.gtid.executed,
      ...(f.gtid.binlogState !== undefined ? { binlogState: f.gtid.binlogState } : {}),
      ...(f.gtid.slavePos !== undefined ? { slavePos: f.gtid.slavePos } : {}),
      ...(f.gtid.currentPos !== undefined ? { currentPos: f.gtid.currentPos } : {}),
      ...(f.gtid.domainId !== undefined ? { domainId: f.gtid.domainId } : {}),
    },
    ...(f.binlog ? { binlog: f.binlog } : {}),
    ...(replication ? { replication } : {}),
    ...(extras.lag ? { lag: extras.lag } : {}),
    ...(location ? { location } : {}),
    promotion: extras.cluster.promotion[p.host.name] ?? 'neutral',
  };
}

/** A server Opsdeck cannot read now and never read before: only its name and rules. */
export function unknownSnapshot(
  node: TopologyNode,
  host: Host | undefined,
  cluster: ClusterInfo,
): ServerSnapshot {
  const location = locationOf(host);
  return {
    name: node.name,
    ...(node.hostId ? { hostId: node.hostId } : {}),
    reachable: false,
    ...(location ? { location } : {}),
    promotion: cluster.promotion[node.name] ?? 'neutral',
  };
}

/** The direct replicas of the root master, in the topology's order. */
export function directReplicas(topology: Topology): TopologyNode[] {
  const root = topology.nodes.find((n) => n.id === topology.rootId);
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  return (root?.replicaIds ?? [])
    .map((id) => byId.get(id))
    .filter((n): n is TopologyNode => n !== undefined && n.hostId !== undefined);
}

/** The planner's input from a topology and its probes (a dead master: its last known probe). */
export function failoverInput(o: {
  cluster: ClusterInfo;
  mode: PlanMode;
  topology: Topology;
  probes: ReadonlyMap<string, ServerProbe>;
  lastKnown(hostId: string): ServerProbe | undefined;
  host(id: string): Host | undefined;
  lags: ReadonlyMap<string, Lag>;
  masterTail?: MasterTail;
  requested?: string;
  now: Date;
}): FailoverInput {
  const root = o.topology.nodes.find((n) => n.id === o.topology.rootId) as TopologyNode;
  const snap = (node: TopologyNode): ServerSnapshot => {
    const id = node.hostId ?? '';
    const live = o.probes.get(id);
    if (live) return snapshotOf(live, { cluster: o.cluster, ...lagOf(o.lags, id) });
    const last = o.lastKnown(id);
    if (last) return snapshotOf(last, { cluster: o.cluster, reachable: false });
    return unknownSnapshot(node, o.host(id), o.cluster);
  };
  return {
    cluster: o.cluster.name,
    mode: o.mode,
    master: snap(root),
    replicas: directReplicas(o.topology).map(snap),
    ...(o.masterTail ? { masterTail: o.masterTail } : {}),
    ...(o.requested ? { requested: o.requested } : {}),
    collectedAt: o.now.toISOString(),
  };
}

const lagOf = (lags: ReadonlyMap<string, Lag>, id: string) => {
  const lag = lags.get(id);
  return lag ? { lag } : {};
};
