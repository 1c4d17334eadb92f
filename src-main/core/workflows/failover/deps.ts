import type {
  ClusterInfo,
  ClusterPlanView,
  ClusterSettings,
  FailoverReport,
  Host,
  PlanMode,
  RunDetail,
} from '../../../contract';
import type { Clock } from '../../clock';

/** What the switchover, failover and rejoin workflows need besides the step context. */
export interface FailoverDeps {
  /** The cluster view (health, ranking, loss) — reads only. */
  view(o: { master: string; mode: PlanMode; to?: string }): Promise<ClusterPlanView>;
  /** The saved cluster of that name (its replication account's vault reference, now). */
  cluster(name: string): ClusterInfo | undefined;
  /** The saved cluster a host belongs to (for the run's cluster lock). */
  clusterOfHost(hostName: string): ClusterInfo | undefined;
  saveCluster(settings: ClusterSettings): ClusterInfo;
  reports: {
    save(report: FailoverReport): void;
    failoversSince(cluster: string, since: string): FailoverReport[];
  };
  vault: { put(value: string, label: string): Promise<string>; get(ref: string): Promise<string> };
  /** Forget pooled MySQL connections of a host (after a role change). */
  closeMysql(hostId: string): void;
  hosts(): Host[];
  run(runId: string): RunDetail | undefined;
  clock: Clock;
  /**
   * Rejoin with reseed: the replication setup as a run of its own, waited for. It works under
   * the locks of `parentRunId` (the rejoin holds the hosts it reseeds). `signal` aborting (the
   * parent cancelled) cancels the child (engine/child-run).
   */
  startChild(
    workflow: 'mysql-replication-setup',
    params: Record<string, unknown>,
    parentRunId: string,
    signal?: AbortSignal,
  ): Promise<{ runId: string; status: string }>;
}
