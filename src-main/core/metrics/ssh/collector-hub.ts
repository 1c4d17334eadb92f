import { OpsdeckError, type CollectorInfo, type Host, type HostSample } from '../../../contract';
import { HostCollector, type CollectorEvent, type HostCollectorDeps } from './host-collector';

export type CollectorListener = (event: CollectorEvent) => void;

interface Watcher {
  intervalMs: number;
  listener: CollectorListener;
  /** Time of the last sample handed to this watcher (a slower watcher skips samples). */
  lastT: number;
}

interface Running {
  collector: HostCollector;
  watchers: Set<Watcher>;
}

export interface CollectorHubDeps extends Omit<HostCollectorDeps, 'host'> {
  /** The inventory host (NOT_FOUND when it is gone). */
  host(idOrName: string): Host;
  /** Every sample of every collector (the history recorder). */
  record?(hostId: string, sample: HostSample): void;
}

/**
 * The SSH collectors of the core: one per host, shared by everything that watches the host (feeds
 * of any door connection, the check engine), running at the shortest interval asked for and
 * stopped when the last watcher leaves — its channel closes and the loop on the host exits.
 */
export class CollectorHub {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: CollectorHubDeps) {}

  /** Watch a host's samples; returns the stop. Throws NOT_FOUND for an unknown host. */
  watch(hostRef: string, intervalMs: number, listener: CollectorListener): () => void {
    const host = this.deps.host(hostRef);
    const watcher: Watcher = { intervalMs, listener, lastT: 0 };
    let entry = this.running.get(host.id);
    if (!entry) {
      const hostId = host.id;
      const created: Running = {
        watchers: new Set(),
        collector: new HostCollector(
          hostId,
          intervalMs,
          { ...this.deps, host: () => this.deps.host(hostId) },
          (event) => this.dispatch(created, event),
        ),
      };
      entry = created;
      this.running.set(hostId, entry);
      entry.watchers.add(watcher);
      entry.collector.start();
    } else {
      entry.watchers.add(watcher);
      this.retune(entry);
      // A late watcher gets the latest sample at once.
      const latest = entry.collector.latest;
      if (latest)
        queueMicrotask(() => this.deliver(watcher, { kind: 'sample', sample: latest }, true));
    }
    const running = entry;
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      running.watchers.delete(watcher);
      if (running.watchers.size === 0) {
        running.collector.stop();
        if (this.running.get(running.collector.hostId) === running)
          this.running.delete(running.collector.hostId);
      } else this.retune(running);
    };
  }

  /**
   * The next sample of a host that has rates (a fresh collector needs two reads), for one-shot
   * evaluations (`checks.run`, `opsdeck check`). A running collector's latest sample serves if it
   * is recent.
   */
  nextSample(hostRef: string, timeoutMs = 20_000): Promise<HostSample> {
    const host = this.deps.host(hostRef);
    const running = this.running.get(host.id);
    const latest = running?.collector.latest;
    const now = this.deps.now();
    if (
      running &&
      latest &&
      running.collector.state === 'live' &&
      now - latest.t <= 2 * running.collector.interval + 1000
    )
      return Promise.resolve(latest);
    return new Promise<HostSample>((resolve, reject) => {
      let seen = 0;
      const timer = setTimeout(() => {
        stop();
        reject(
          new OpsdeckError(
            'TIMEOUT',
            `No sample from ${host.name} within ${timeoutMs / 1000} s.`,
            'Check the host answers over SSH (opsdeck hosts test).',
          ),
        );
      }, timeoutMs);
      const stop = this.watch(host.id, 1000, (event) => {
        if (event.kind === 'error') {
          clearTimeout(timer);
          queueMicrotask(stop);
          reject(new OpsdeckError(event.error.code, event.error.message, event.error.hint));
          return;
        }
        // The first sample of a new collector has gauges only; rates come with the second.
        if (++seen < 2 && event.sample.values['cpu.busy'] === undefined) return;
        clearTimeout(timer);
        queueMicrotask(stop);
        resolve(event.sample);
      });
    });
  }

  /** The read loop's pid on a host (diagnostics, tests). */
  remotePid(hostRef: string): number | undefined {
    return this.running.get(this.deps.host(hostRef).id)?.collector.remotePid;
  }

  latest(hostId: string): HostSample | undefined {
    return this.running.get(hostId)?.collector.latest;
  }

  list(): CollectorInfo[] {
    return [...this.running.values()].map(({ collector: c, watchers }) => {
      let name = c.hostId;
      try {
        name = this.deps.host(c.hostId).name;
      } catch {
        // removed from the inventory: its id will do
      }
      return {
        host: name,
        state: c.state,
        intervalMs: c.interval,
        watchers: watchers.size,
        since: c.since.toISOString(),
        ...(c.lastSampleAt ? { lastSampleAt: new Date(c.lastSampleAt).toISOString() } : {}),
        ...(c.lastError ? { error: c.lastError } : {}),
        ...(c.retryInMs !== undefined ? { retryInMs: c.retryInMs } : {}),
        ...(c.loopCpuPct !== undefined ? { remoteCpuPct: c.loopCpuPct } : {}),
      };
    });
  }

  /** CPU of each host's read loop and of its sshd session, for the bench. */
  remoteCpu(): { host: string; loopPct?: number; sessionPct?: number }[] {
    return [...this.running.values()].map(({ collector: c }) => ({
      host: c.hostId,
      ...(c.loopCpuPct !== undefined ? { loopPct: c.loopCpuPct } : {}),
      ...(c.sessionCpuPct !== undefined ? { sessionPct: c.sessionCpuPct } : {}),
    }));
  }

  get size(): number {
    return this.running.size;
  }

  stopAll(): void {
    for (const { collector } of this.running.values()) collector.stop();
    this.running.clear();
  }

  private retune(entry: Running): void {
    const shortest = Math.min(...[...entry.watchers].map((w) => w.intervalMs));
    if (shortest !== entry.collector.interval) entry.collector.setInterval(shortest);
  }

  private dispatch(entry: Running, event: CollectorEvent): void {
    if (event.kind === 'sample') this.deps.record?.(entry.collector.hostId, event.sample);
    for (const w of [...entry.watchers]) this.deliver(w, event, false);
  }

  private deliver(w: Watcher, event: CollectorEvent, force: boolean): void {
    if (event.kind === 'sample') {
      // A watcher at 5 s on a collector at 1 s gets every fifth sample (with some slack).
      if (!force && event.sample.t - w.lastT < w.intervalMs * 0.9) return;
      w.lastT = event.sample.t;
    }
    try {
      w.listener(event);
    } catch {
      // A broken watcher must not stop the others.
    }
  }
}
