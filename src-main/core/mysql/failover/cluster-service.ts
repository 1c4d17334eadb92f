import {
  ClusterSettings,
  OpsdeckError,
  toErrorShape,
  type ClusterInfo,
  type ClusterPlanView,
  type ClusterSettingsIn,
  type FailoverReport,
  type Host,
  type Lag,
  type MasterHealth,
  type MasterTail,
  type PlanMode,
  type Topology,
} from '../../../contract';
import type { Clock } from '../../clock';
import type { ExecResult } from '../../workflows/engine/definition';
import { asRoot } from '../../workflows/prepare-disks/remote';
import type { ClustersRepo } from '../../store/clusters-repo';
import type { FailoversRepo } from '../../store/failovers-repo';
import type { ServerProbe } from '../server-probe';
import type { MysqlService } from '../service';
import {
  assessMaster,
  MYSQLD_PING,
  parsePing,
  type MasterObservations,
} from '../health/assess-master';
import { heartbeatLag, parseSqlTime, readHeartbeatSql } from '../heartbeat/heartbeat-sql';
import { masterTailCommand, parseMasterTail } from './master-tail';
import { planFailover } from './planner';
import { directReplicas, failoverInput } from './snapshot';
import { primaryConnection } from '../status-parse';

export interface ClusterServiceDeps {
  clusters: ClustersRepo;
  reports: FailoversRepo;
  mysql: Pick<MysqlService, 'topologyWithProbes' | 'lastKnown' | 'reader'>;
  hosts: { get(idOrName: string): Host; list(): Host[] };
  ssh: { exec(host: Host, command: string, options?: { timeoutMs?: number }): Promise<ExecResult> };
  clock: Clock;
  /** Called after a cluster is saved (a long-lived door starts watching clusters then). */
  onSaved?(): void;
  /** The status of a report's run (a run that failed leaves its report "running"). */
  runStatus?(runId: string): string | undefined;
}

/** How long one server may take to answer a health / planning probe. */
const PROBE_MS = 5_000;
const SSH_PROBE_MS = 5_000;

/**
 * Clusters for the doors and the workflows: settings (saved, or the defaults for the topology
 * around a host), the master's health from several angles, the live candidate ranking.
 */
export class ClusterService {
  constructor(private readonly deps: ClusterServiceDeps) {}

  /** The view of the cluster whose topology contains `host`, planned from its root master. */
  async viewAround(host: string, mode: PlanMode = 'failover'): Promise<ClusterPlanView> {
    const fetched = await this.deps.mysql.topologyWithProbes(host, { timeoutMs: PROBE_MS });
    const root = fetched.topology.nodes.find((n) => n.id === fetched.topology.rootId);
    return this.compose(fetched, { master: root?.hostId ?? host, mode });
  }

  list(): ClusterInfo[] {
    return this.deps.clusters.list();
  }

  save(input: ClusterSettingsIn): ClusterInfo {
    const settings = ClusterSettings.parse(input);
    for (const m of settings.members) this.deps.hosts.get(m); // NOT_FOUND for unknown hosts
    const clash = this.deps.clusters
      .list()
      .find(
        (c) =>
          c.name.toLowerCase() !== settings.name.toLowerCase() &&
          c.members.some((m) => settings.members.some((x) => x.toLowerCase() === m.toLowerCase())),
      );
    if (clash)
      throw new OpsdeckError(
        'CONFLICT',
        `${clash.members.filter((m) => settings.members.includes(m)).join(', ')} already belong${clash.members.length === 1 ? 's' : ''} to cluster ${clash.name}.`,
        `Remove them from ${clash.name} first, or edit ${clash.name} instead.`,
      );
    // The vault reference of the replication account is Opsdeck's, not the form's.
    const previous = this.deps.clusters.get(settings.name);
    const secretRef = settings.replication.secretRef ?? previous?.replication.secretRef;
    const saved = this.deps.clusters.save(
      {
        ...settings,
        replication: { ...settings.replication, ...(secretRef ? { secretRef } : {}) },
      },
      this.deps.clock.now().toISOString(),
    );
    this.deps.onSaved?.();
    return saved;
  }

  remove(name: string): { removed: boolean } {
    return { removed: this.deps.clusters.remove(name) };
  }

  /** The saved cluster of a host, or the defaults for the topology around it (not saved). */
  clusterOf(topology: Topology): ClusterInfo {
    const members = topology.nodes.filter((n) => n.hostId).map((n) => n.name);
    const saved = members.map((m) => this.deps.clusters.ofMember(m)).find(Boolean);
    if (saved) return saved;
    const root = topology.nodes.find((n) => n.id === topology.rootId);
    return {
      ...ClusterSettings.parse({ name: root?.name ?? members[0] ?? 'cluster', members }),
      saved: false,
    };
  }

  async settingsFor(host: string): Promise<ClusterInfo> {
    const { topology } = await this.deps.mysql.topologyWithProbes(host, { timeoutMs: PROBE_MS });
    return this.clusterOf(topology);
  }

  reports(cluster: string | undefined, limit: number): FailoverReport[] {
    return this.deps.reports.list(cluster, limit).map((r) => {
      const status = r.runId ? this.deps.runStatus?.(r.runId) : undefined;
      return status && r.status === 'running' ? { ...r, status } : r;
    });
  }

  /**
   * Everything a person needs before pressing Switchover or Failover: the cluster, the master's
   * health from several angles, the ranking of every replica with its reasons, and the loss.
   */
  async view(o: { master: string; mode: PlanMode; to?: string }): Promise<ClusterPlanView> {
    return this.compose(
      await this.deps.mysql.topologyWithProbes(o.master, { timeoutMs: PROBE_MS }),
      o,
    );
  }

  private async compose(
    fetched: Awaited<ReturnType<MysqlService['topologyWithProbes']>>,
    o: { master: string; mode: PlanMode; to?: string },
  ): Promise<ClusterPlanView> {
    const { topology, probes, errors } = fetched;
    const root = topology.nodes.find((n) => n.id === topology.rootId);
    const asked = this.deps.hosts.get(o.master);
    if (!root?.hostId)
      throw new OpsdeckError(
        'NOT_FOUND',
        `The master of ${asked.name}'s topology (${root?.name ?? '?'}) is not in the inventory.`,
        'Add it to the inventory with its MySQL login, then plan again.',
      );
    if (root.hostId !== asked.id)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `${asked.name} is not a master: it replicates from ${root.name}, the master of its topology.`,
        `Plan with --master ${root.name}.`,
      );
    const cluster = this.clusterOf(topology);
    const master = this.deps.hosts.get(root.hostId);
    const health = await this.health(master, topology, probes, errors);
    const lags = await this.lags(cluster, topology, probes);
    for (const n of topology.nodes) {
      const lag = n.hostId ? lags.get(n.hostId) : undefined;
      if (lag) n.lag = lag;
    }
    topology.masterHealth = health;
    const masterTail =
      o.mode === 'failover' && !probes.has(master.id)
        ? await this.masterTail(master, health)
        : undefined;
    const input = failoverInput({
      cluster,
      mode: o.mode,
      topology,
      probes,
      lastKnown: (id) => this.deps.mysql.lastKnown(id),
      host: (id) => this.deps.hosts.list().find((h) => h.id === id),
      lags,
      ...(masterTail ? { masterTail } : {}),
      ...(o.to ? { requested: this.deps.hosts.get(o.to).name } : {}),
      now: this.deps.clock.now(),
    });
    return { cluster, health, plan: planFailover(input), input, topology };
  }

  /** The master from several angles: Opsdeck → MySQL, Opsdeck → SSH (+ mysqld ping), each replica. */
  private async health(
    master: Host,
    topology: Topology,
    probes: ReadonlyMap<string, ServerProbe>,
    errors: ReadonlyMap<string, ReturnType<typeof toErrorShape>>,
  ): Promise<MasterHealth> {
    const mysqlOk = probes.has(master.id);
    const obs: MasterObservations = {
      master: master.name,
      mysql: mysqlOk
        ? { ok: true }
        : {
            ok: false,
            error: errors.get(master.id) ?? {
              code: 'MYSQL_UNREACHABLE',
              message: 'no answer',
              hint: '',
            },
          },
      replicas: directReplicas(topology).map((n) => {
        const p = probes.get(n.hostId as string);
        const conn = p ? primaryConnection(p.replication) : undefined;
        return p
          ? { name: n.name, reachable: true as const, ...(conn ? { replication: conn } : {}) }
          : {
              name: n.name,
              reachable: false as const,
              error: errors.get(n.hostId as string) ?? {
                code: 'MYSQL_UNREACHABLE' as const,
                message: 'no answer',
                hint: '',
              },
            };
      }),
      now: this.deps.clock.now(),
    };
    if (!mysqlOk) obs.ssh = await this.sshProbe(master);
    return assessMaster(obs);
  }

  private async sshProbe(master: Host): Promise<NonNullable<MasterObservations['ssh']>> {
    try {
      const r = await withTimeout(
        this.deps.ssh.exec(master, asRoot(master, MYSQLD_PING), { timeoutMs: SSH_PROBE_MS }),
        SSH_PROBE_MS + 1_000,
        master,
      );
      return { ok: true, ...parsePing(r.stdout) };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  }

  /** A dead master's last transactions: from its binlog over SSH when its host answers. */
  private async masterTail(master: Host, health: MasterHealth): Promise<MasterTail | undefined> {
    const last = this.deps.mysql.lastKnown(master.id)?.facts;
    const sshOk = health.angles.some(
      (a) => a.angle === 'Opsdeck → SSH' && /^reachable/.test(a.detail),
    );
    const flavor = last?.flavor ?? master.profile.mysqlFlavor;
    const now = this.deps.clock.now();
    if (sshOk) {
      try {
        const r = await this.deps.ssh.exec(master, masterTailCommand(master, last), {
          timeoutMs: 30_000,
        });
        if (r.code === 0) return parseMasterTail(r.stdout, last?.gtid.executed, flavor, now);
      } catch {
        // fall back to the last probe
      }
    }
    return last
      ? parseMasterTail('', last.gtid.executed, flavor, new Date(last.collectedAt))
      : undefined;
  }

  /** Replica lag: heartbeat rows where the cluster writes them, else Seconds_Behind_Master. */
  private async lags(
    cluster: ClusterInfo,
    topology: Topology,
    probes: ReadonlyMap<string, ServerProbe>,
  ): Promise<Map<string, Lag>> {
    const out = new Map<string, Lag>();
    const root = topology.nodes.find((n) => n.id === topology.rootId);
    const masterProbe = root?.hostId ? probes.get(root.hostId) : undefined;
    let masterTs: number | null = null;
    const serverId =
      masterProbe?.facts.serverId ?? this.deps.mysql.lastKnown(root?.hostId ?? '')?.facts.serverId;
    const readTs = async (p: ServerProbe) => {
      if (!cluster.heartbeat.enabled || serverId === undefined) return null;
      const rows = await this.deps.mysql
        .reader(
          p.host,
          undefined,
          2_000,
        )(readHeartbeatSql(cluster.heartbeat.schema, serverId))
        .catch(() => []);
      return parseSqlTime(rows[0]?.ts);
    };
    if (masterProbe) masterTs = await readTs(masterProbe);
    await Promise.all(
      topology.nodes.map(async (n) => {
        const p = n.hostId ? probes.get(n.hostId) : undefined;
        if (!p || n.id === topology.rootId) return;
        const conn = p.replication[0];
        const ts = masterTs !== null ? await readTs(p) : null;
        if (ts !== null && masterTs !== null)
          out.set(p.host.id, { seconds: heartbeatLag(masterTs, ts), source: 'heartbeat' });
        else if (conn)
          out.set(p.host.id, { seconds: conn.secondsBehind, source: 'seconds-behind' });
      }),
    );
    return out;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, host: Host): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new OpsdeckError(
              'SSH_TIMEOUT',
              `${host.name} did not answer over SSH within ${ms / 1000} s.`,
              'Check the host.',
            ),
          ),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}
