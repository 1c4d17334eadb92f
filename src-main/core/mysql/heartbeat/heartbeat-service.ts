import type { ClusterInfo, Host } from '../../../contract';
import type { Clock } from '../../clock';
import type { MysqlExecutor } from '../executor';
import { createHeartbeatSql, writeHeartbeatSql } from './heartbeat-sql';

export interface HeartbeatDeps {
  pool: MysqlExecutor;
  /** Saved clusters (only those with heartbeat.enabled get one). */
  clusters(): ClusterInfo[];
  /** The cluster's current master: the root of its topology. */
  findMaster(cluster: ClusterInfo): Promise<Host | undefined>;
  clock: Clock;
  log?(text: string): void;
}

interface Writer {
  timer?: NodeJS.Timeout;
  master?: Host;
  prepared: Set<string>;
  paused: number;
  lookingUpAt: number;
  last?: { hostId: string; at: number };
  failures: number;
}

const RECONCILE_MS = 2_000;
const REDISCOVER_MS = 5_000;

/**
 * Writes a heartbeat row on each cluster's master, where the user allowed it, every interval
 * (pt-heartbeat style). Paused by switchover and failover runs for the time they fence and promote
 * (a heartbeat is a write; it must never land on a fenced old master).
 */
export class HeartbeatService {
  private readonly writers = new Map<string, Writer>();
  private reconcileTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: HeartbeatDeps) {}

  start(): void {
    if (this.reconcileTimer) return;
    const tick = () => {
      this.reconcile();
      this.reconcileTimer = setTimeout(tick, RECONCILE_MS);
      this.reconcileTimer.unref?.();
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.reconcileTimer);
    this.reconcileTimer = undefined;
    for (const w of this.writers.values()) clearTimeout(w.timer);
    this.writers.clear();
  }

  /** Stop writing for a cluster until `resume` (nested pauses count). */
  pause(cluster: string): void {
    this.writer(cluster).paused++;
  }

  resume(cluster: string): void {
    const w = this.writer(cluster);
    w.paused = Math.max(0, w.paused - 1);
    // The master may have changed while paused.
    delete w.master;
  }

  /** The last heartbeat written for a cluster (its master's host id and when). */
  last(cluster: string): { hostId: string; at: number } | undefined {
    return this.writers.get(cluster.toLowerCase())?.last;
  }

  private writer(cluster: string): Writer {
    const key = cluster.toLowerCase();
    let w = this.writers.get(key);
    if (!w) {
      w = { prepared: new Set(), paused: 0, lookingUpAt: 0, failures: 0 };
      this.writers.set(key, w);
    }
    return w;
  }

  private reconcile(): void {
    const wanted = this.deps.clusters().filter((c) => c.heartbeat.enabled);
    const names = new Set(wanted.map((c) => c.name.toLowerCase()));
    for (const [name, w] of this.writers)
      if (!names.has(name) && !w.paused) {
        clearTimeout(w.timer);
        this.writers.delete(name);
      }
    for (const c of wanted) {
      const w = this.writer(c.name);
      if (!w.timer) this.schedule(c.name, w, 0);
    }
  }

  private schedule(name: string, w: Writer, ms: number): void {
    w.timer = setTimeout(() => void this.beat(name, w), ms);
    w.timer.unref?.();
  }

  private async beat(name: string, w: Writer): Promise<void> {
    const cluster = this.deps.clusters().find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!cluster?.heartbeat.enabled) {
      delete w.timer;
      return;
    }
    try {
      if (!w.paused) await this.write(cluster, w);
    } catch (err) {
      w.failures++;
      delete w.master;
      if (w.failures === 1 || w.failures % 60 === 0)
        this.deps.log?.(`heartbeat of ${cluster.name}: ${(err as Error).message}`);
    }
    if (this.writers.get(name.toLowerCase()) === w)
      this.schedule(name, w, cluster.heartbeat.intervalMs);
  }

  private async write(cluster: ClusterInfo, w: Writer): Promise<void> {
    const now = Date.now();
    if (!w.master) {
      if (now - w.lookingUpAt < REDISCOVER_MS) return;
      w.lookingUpAt = now;
      w.master = await this.deps.findMaster(cluster);
      if (!w.master) return;
    }
    const master = w.master;
    const schema = cluster.heartbeat.schema;
    if (!w.prepared.has(`${master.id}:${schema}`)) {
      await this.deps.pool.queryAll(master, createHeartbeatSql(schema), { timeoutMs: 5_000 });
      w.prepared.add(`${master.id}:${schema}`);
    }
    const at = this.deps.clock.now();
    const [r] = await this.deps.pool.queryAll(master, [writeHeartbeatSql(schema, at)], {
      timeoutMs: Math.max(1_000, cluster.heartbeat.intervalMs * 2),
    });
    if (r?.affectedRows) {
      w.last = { hostId: master.id, at: at.getTime() };
      w.failures = 0;
    } else delete w.master; // read_only: not (or no longer) the master
  }
}
