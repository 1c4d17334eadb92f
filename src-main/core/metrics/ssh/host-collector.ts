import {
  toErrorShape,
  type ErrorShape,
  type Host,
  type HostMetricsSettings,
  type HostSample,
  type SeriesProblem,
} from '../../../contract';
import { sleep } from '../../common/wait';
import { retryDelay } from '../../watch/poll';
import { HaproxyProbe } from '../haproxy/haproxy-probe';
import { MysqlProbe, type MysqlReader } from '../mysql/mysql-probe';
import { snapshotOf } from '../proc/frame';
import type { FsUsage, ProcSnapshot } from '../proc/snapshot';
import { systemValues } from '../proc/system-values';
import { RemoteLoop, type LoopDeps } from './remote-loop';

export type CollectorEvent =
  { kind: 'sample'; sample: HostSample } | { kind: 'error'; error: ErrorShape; retryInMs: number };

export interface HostCollectorDeps extends LoopDeps {
  mysql: MysqlReader;
  /** The host as the inventory has it now (throws NOT_FOUND once it was removed). */
  host(): Host;
  settings(hostId: string): HostMetricsSettings;
  /** Opsdeck's wall clock (ms): sample times are ours, never the host's. */
  now(): number;
}

/** Filesystem usage is read every this often (df walks every mount) and carried between reads. */
const FS_EVERY_MS = 10_000;
/** Longest wait for the loop's greeting on a new channel. */
const START_TIMEOUT_MS = 15_000;
/** Longest pause between attempts while a host does not answer. */
const MAX_BACKOFF_MS = 60_000;

/**
 * The SSH collector of one host: every interval it asks the host's read loop for a sample (one
 * long-lived channel), reads MySQL and HAProxy alongside when the host has them, computes rates
 * and emits one HostSample. When the host stops answering it emits an error (the host is
 * UNKNOWN), drops the channel and tries again with a growing pause (the interval doubled up to
 * 60 s); the first answer after that makes it live again.
 */
export class HostCollector {
  state: 'starting' | 'live' | 'unknown' | 'stopped' = 'starting';
  readonly since = new Date();
  lastSampleAt: number | undefined;
  lastError: ErrorShape | undefined;
  retryInMs: number | undefined;
  /** CPU the read loop used on the host (% of one CPU), and its sshd session. */
  loopCpuPct: number | undefined;
  sessionCpuPct: number | undefined;
  latest: HostSample | undefined;

  private readonly controller = new AbortController();
  private loop: RemoteLoop | undefined;
  private prev: ProcSnapshot | undefined;
  private prevAt = 0;
  private lastFs: readonly FsUsage[] | undefined;
  private lastFsAt = 0;
  private mysql: { key: string; probe: MysqlProbe } | undefined;
  private haproxy: { key: string; probe: HaproxyProbe } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly hostId: string,
    private intervalMs: number,
    private readonly deps: HostCollectorDeps,
    private readonly emit: (event: CollectorEvent) => void,
  ) {}

  /** Pid of the read loop on the host while its channel is open (diagnostics, tests). */
  get remotePid(): number | undefined {
    return this.loop?.alive ? this.loop.hello?.pid : undefined;
  }

  get interval(): number {
    return this.intervalMs;
  }

  start(): void {
    void this.run();
  }

  /** A new interval applies from the next sample (a shorter one at once). */
  setInterval(ms: number): void {
    const sooner = ms < this.intervalMs;
    this.intervalMs = ms;
    if (sooner) this.wake?.();
  }

  stop(): void {
    this.state = 'stopped';
    this.controller.abort();
    this.loop?.close();
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    while (!signal.aborted) {
      const started = performance.now();
      let pause: number;
      try {
        const sample = await this.tick(signal);
        if (signal.aborted) return;
        failures = 0;
        this.state = 'live';
        this.lastError = undefined;
        this.retryInMs = undefined;
        this.latest = sample;
        this.lastSampleAt = sample.t;
        this.emit({ kind: 'sample', sample });
        pause = this.intervalMs - (performance.now() - started);
      } catch (err) {
        if (signal.aborted) return;
        this.loop?.close();
        this.loop = undefined;
        this.prev = undefined;
        pause = retryDelay(++failures, {
          intervalMs: this.intervalMs,
          maxBackoffMs: MAX_BACKOFF_MS,
        });
        this.state = 'unknown';
        this.lastError = toErrorShape(err);
        this.retryInMs = pause;
        this.emit({ kind: 'error', error: this.lastError, retryInMs: pause });
      }
      await this.pause(Math.max(0, pause), signal);
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      sleep(ms, signal).then(done, done);
    });
  }

  private async tick(signal: AbortSignal): Promise<HostSample> {
    const host = this.deps.host();
    const settings = this.deps.settings(host.id);
    const timeoutMs = Math.max(5000, 3 * this.intervalMs);
    if (!this.loop?.alive) {
      this.loop = await RemoteLoop.open(host, this.deps, START_TIMEOUT_MS, signal);
      this.prev = undefined;
    }
    const loop = this.loop;
    const wantFs = this.deps.now() - this.lastFsAt >= FS_EVERY_MS;
    const mysql = this.mysqlProbe(host, settings);
    const haproxy = this.haproxyProbe(host, settings);
    const [frame, my, hap] = await Promise.all([
      loop.sample(wantFs, timeoutMs),
      mysql?.read(timeoutMs, signal),
      haproxy?.read(timeoutMs, signal),
    ]);
    const now = this.deps.now();
    const snapshot = snapshotOf(frame);
    if (snapshot.fs) {
      this.lastFs = snapshot.fs;
      this.lastFsAt = now;
    }
    const withFs: ProcSnapshot =
      snapshot.fs || !this.lastFs ? snapshot : { ...snapshot, fs: this.lastFs };
    const system = systemValues(this.prev, withFs, {
      nowMs: now,
      fallbackSeconds: this.prevAt ? (now - this.prevAt) / 1000 : 0,
      clockTicks: loop.hello?.clockTicks ?? 100,
    });
    this.prev = withFs;
    this.prevAt = now;
    if (system.loopCpuPct !== undefined) this.loopCpuPct = system.loopCpuPct;
    if (system.sessionCpuPct !== undefined) this.sessionCpuPct = system.sessionCpuPct;
    const unknown: SeriesProblem[] = [...(my?.problems ?? []), ...(hap?.problems ?? [])];
    return {
      host: host.name,
      source: 'ssh',
      t: now,
      values: { ...system.values, ...my?.values, ...hap?.values },
      unknown,
    };
  }

  private mysqlProbe(host: Host, settings: HostMetricsSettings): MysqlProbe | undefined {
    if (!host.mysql || !settings.mysql) return (this.mysql = undefined);
    const key = JSON.stringify(host.mysql);
    if (this.mysql?.key !== key) this.mysql = { key, probe: new MysqlProbe(host, this.deps.mysql) };
    return this.mysql.probe;
  }

  private haproxyProbe(host: Host, settings: HostMetricsSettings): HaproxyProbe | undefined {
    if (!settings.haproxyStatsUrl && !settings.haproxyStatsSocket)
      return (this.haproxy = undefined);
    const key = `${settings.haproxyStatsUrl ?? ''} ${settings.haproxyStatsSocket ?? ''}`;
    if (this.haproxy?.key !== key)
      this.haproxy = {
        key,
        probe: new HaproxyProbe(host, settings, (h, s) => this.deps.acquire(h, s)),
      };
    return this.haproxy.probe;
  }
}
