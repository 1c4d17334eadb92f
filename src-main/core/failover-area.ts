/**
 * The MySQL failover part of the core, loaded on first need like the other heavy areas
 * (core/core-areas.ts): the HAProxy traffic layer, clusters (settings, health, ranking, reports),
 * the heartbeat writer, and — once the workflows are loaded — the failover monitor. The heartbeat
 * and the monitor run in long-lived doors only (a CLI command lives for one call).
 */
import { ReplicationSetupParams } from '../contract';
import type { AreaBase } from './area-base';
import { runChild } from './workflows/engine/child-run';
import type { HaproxyService } from './haproxy/haproxy-service';
import type { MysqlService } from './mysql';
import type { MysqlPool } from './mysql/connection';
import type { ClusterService } from './mysql/failover/cluster-service';
import type { FailoverMonitor } from './mysql/failover/monitor';
import type { HeartbeatService } from './mysql/heartbeat/heartbeat-service';
import type { SshPool } from './ssh/ssh-pool';
import type { ClustersRepo } from './store/clusters-repo';
import type { FailoversRepo } from './store/failovers-repo';
import type { FailoverDeps } from './workflows/failover/deps';
import type { WorkflowRunner } from './workflows/engine/runner';

export async function loadHaproxy(base: AreaBase, ssh: SshPool): Promise<HaproxyService> {
  const { HaproxyService } = await import('./haproxy/haproxy-service');
  return new HaproxyService({ ssh, hosts: base.hosts, audit: base.audit, clock: base.clock });
}

export interface FailoverArea {
  clusters: ClusterService;
  heartbeat: HeartbeatService;
  clustersRepo: ClustersRepo;
  reports: FailoversRepo;
  stop(): void;
}

/** Whether this door watches clusters (heartbeat, monitor): long-lived doors only. */
export const watchesClusters = (base: AreaBase): boolean => base.door !== 'cli';

export async function loadFailover(
  base: AreaBase,
  ssh: SshPool,
  mysql: { service: MysqlService; pool: MysqlPool },
  onSaved?: () => void,
): Promise<FailoverArea> {
  const [
    { ClusterService },
    { HeartbeatService },
    { ClustersRepo },
    { FailoversRepo },
    { RunsRepo },
  ] = await Promise.all([
    import('./mysql/failover/cluster-service'),
    import('./mysql/heartbeat/heartbeat-service'),
    import('./store/clusters-repo'),
    import('./store/failovers-repo'),
    import('./store/runs-repo'),
  ]);
  const clustersRepo = new ClustersRepo(base.db);
  const reports = new FailoversRepo(base.db);
  const runs = new RunsRepo(base.db);
  const clusters = new ClusterService({
    ...{ clusters: clustersRepo, reports, mysql: mysql.service, hosts: base.hosts },
    ...{ ssh, clock: base.clock },
    runStatus: (runId) => runs.summary(runId)?.status,
    ...(onSaved ? { onSaved } : {}),
  });
  const heartbeat = new HeartbeatService({
    pool: mysql.pool,
    clusters: () => clustersRepo.list(),
    findMaster: async (c) => {
      for (const member of c.members) {
        const topo = await mysql.service.topology(member).catch(() => undefined);
        const root = topo?.nodes.find((n) => n.id === topo.rootId);
        if (root?.hostId && root.reachable) return base.hosts.get(root.hostId);
      }
      return undefined;
    },
    clock: base.clock,
  });
  if (watchesClusters(base)) heartbeat.start();
  return {
    ...{ clusters, heartbeat, clustersRepo, reports },
    stop: () => heartbeat.stop(),
  };
}

/** What the switchover, failover and rejoin workflows are given (the runner exists by then). */
export function failoverDeps(
  base: AreaBase,
  f: FailoverArea,
  closeMysql: (hostId: string) => void,
  runner: () => WorkflowRunner,
): FailoverDeps {
  return {
    view: (o) => f.clusters.view(o),
    cluster: (name) => f.clustersRepo.get(name),
    clusterOfHost: (host) => f.clustersRepo.ofMember(host),
    saveCluster: (settings) => f.clustersRepo.save(settings, base.clock.now().toISOString()),
    reports: f.reports,
    vault: base.vault,
    closeMysql,
    hosts: () => base.hosts.list(),
    // Only called while a run runs, so the runner exists.
    run: (runId) => runner().detail(runId),
    startChild: (workflow, params, parentRunId, signal) =>
      runChild(
        runner(),
        { workflow, params: ReplicationSetupParams.parse(params) },
        parentRunId,
        signal,
      ),
    clock: base.clock,
  };
}

/** The monitor of saved clusters: an automatic failover where allowed, else an alert. */
export async function startMonitor(
  base: AreaBase,
  f: FailoverArea,
  workflows: WorkflowRunner,
): Promise<FailoverMonitor> {
  const { FailoverMonitor } = await import('./mysql/failover/monitor');
  const monitor = new FailoverMonitor({
    clusters: () => f.clustersRepo.list(),
    view: (member) => f.clusters.viewAround(member, 'switchover'),
    startFailover: (master) =>
      workflows.start(
        {
          workflow: 'mysql-failover',
          params: { master, automatic: true },
          options: { approveGates: true, onLockHeld: 'refuse' },
        },
        'monitor',
      ),
    bus: base.bus,
    clock: base.clock,
  });
  monitor.start();
  return monitor;
}
