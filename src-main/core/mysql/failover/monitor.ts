import {
  toErrorShape,
  type ClusterInfo,
  type ClusterPlanView,
  type MasterAlert,
} from '../../../contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../event-bus';

export interface MonitorDeps {
  clusters(): ClusterInfo[];
  /** The cluster around a member: its master's health from every angle. */
  view(member: string): Promise<ClusterPlanView>;
  /** Starts the failover run (gates answered in advance: the cluster allows it), refusing on a held lock. */
  startFailover(master: string): { runId: string };
  bus: EventBus;
  clock: Clock;
  /** Checks a dead verdict must hold before Opsdeck acts (default 2). */
  confirmChecks?: number;
  intervalMs?: number;
}

interface Watch {
  /** The master seen last: the first member looked at next time. */
  master?: string;
  deadChecks: number;
  /** The incident already reported (one alert per master and verdict until it changes). */
  reported?: string;
}

/**
 * Watches the saved clusters of a long-lived Opsdeck (GUI, web mode): when a master is judged
 * dead from every angle on `confirmChecks` checks in a row, a cluster with automatic failover gets
 * its failover run started (anti-flap and the rest are checked by the run's preflight); any other
 * cluster gets an alert that a person is needed. A partition raises an alert, never a failover.
 */
export class FailoverMonitor {
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: MonitorDeps) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      void this.checkAll().finally(() => {
        if (!this.timer) return;
        this.timer = setTimeout(tick, this.deps.intervalMs ?? 1000);
        this.timer.unref?.();
      });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref?.();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * The cluster as seen from its last master, else from each member in turn: the first view whose
   * master has replicas (after a failover the old master stands alone, the cluster is elsewhere).
   */
  private async viewOf(cluster: ClusterInfo, w: Watch): Promise<ClusterPlanView | undefined> {
    let first: ClusterPlanView | undefined;
    for (const member of new Set([...(w.master ? [w.master] : []), ...cluster.members])) {
      const view = await this.deps.view(member).catch(() => undefined);
      if (!view) continue;
      first ??= view;
      if (view.plan.candidates.length) return view;
    }
    return first;
  }

  private async checkAll(): Promise<void> {
    await Promise.all(this.deps.clusters().map((c) => this.check(c)));
  }

  private async check(cluster: ClusterInfo): Promise<void> {
    const w = this.watches.get(cluster.name) ?? { deadChecks: 0 };
    this.watches.set(cluster.name, w);
    const view = await this.viewOf(cluster, w);
    if (!view) return;
    w.master = view.health.master;
    const h = view.health;
    w.deadChecks = h.verdict === 'dead' ? w.deadChecks + 1 : 0;
    const incident = `${h.master}:${h.verdict}`;
    if (h.verdict === 'alive') {
      w.reported = undefined;
      return;
    }
    if (h.verdict === 'dead' && w.deadChecks < (this.deps.confirmChecks ?? 2)) return;
    if (w.reported === incident) return;
    w.reported = incident;
    const alert: MasterAlert = {
      cluster: cluster.name,
      master: h.master,
      verdict: h.verdict,
      summary: h.summary,
      at: this.deps.clock.now().toISOString(),
      action:
        h.verdict === 'dead'
          ? cluster.automaticFailover
            ? 'failover-started'
            : 'person-needed'
          : 'none',
    };
    if (alert.action === 'failover-started') {
      try {
        alert.runId = this.deps.startFailover(h.master).runId;
      } catch (err) {
        alert.action = 'refused';
        alert.error = toErrorShape(err);
      }
    }
    this.deps.bus.emit('mysql.alert', alert);
  }
}
