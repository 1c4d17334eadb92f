import {
  HistoryParams,
  MetricsSettingsPatch,
  type CollectorInfo,
  type History,
  type Host,
  type HostMetricsSettings,
  type MetricsSettings,
  type MetricsSource,
  type PrometheusSettings,
  type PrometheusStatus,
} from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';
import { MetricSamplesRepo } from '../store/metric-samples-repo';
import { MetricsSettingsRepo } from '../store/metrics-settings-repo';
import type { Lease } from '../ssh';
import { queryHistory } from './history/history-query';
import { HistoryRecorder } from './history/recorder';
import { Rollups } from './history/rollups';
import type { MysqlReader } from './mysql/mysql-probe';
import { PrometheusSource } from './prometheus/prom-source';
import { CollectorHub } from './ssh/collector-hub';

export interface MetricsServiceDeps {
  db: Db;
  hosts: { get(idOrName: string): Host; list(): Host[] };
  ssh: { acquire(host: Host, signal?: AbortSignal): Promise<Lease> };
  mysql: MysqlReader;
  bus: EventBus;
  clock: Clock;
  /** Whether Opsdeck already trusts the host's SSH key (a connect would not ask about it). */
  knowsHostKey(host: Host): boolean;
}

/**
 * Live charts in the core: the SSH collectors (shared per host), Prometheus as a second source,
 * the history store with its rollups, and the settings of both. Feeds (core/watch) and the
 * check engine build on it.
 */
export class MetricsService {
  readonly samples: MetricSamplesRepo;
  readonly settingsRepo: MetricsSettingsRepo;
  readonly collectors: CollectorHub;
  readonly prometheus: PrometheusSource;
  readonly recorder: HistoryRecorder;
  readonly rollups: Rollups;

  constructor(private readonly deps: MetricsServiceDeps) {
    this.samples = new MetricSamplesRepo(deps.db);
    this.settingsRepo = new MetricsSettingsRepo(deps.db);
    this.recorder = new HistoryRecorder(this.samples);
    this.rollups = new Rollups(this.samples, () => Math.floor(deps.clock.now().getTime() / 1000));
    this.prometheus = new PrometheusSource(() => this.settingsRepo.get().prometheus);
    this.collectors = new CollectorHub({
      host: (ref) => deps.hosts.get(ref),
      acquire: (host, signal) => deps.ssh.acquire(host, signal),
      mysql: deps.mysql,
      settings: (hostId) => this.settingsRepo.host(hostId),
      now: () => deps.clock.now().getTime(),
      record: (hostId, sample) => this.recorder.record(hostId, sample),
    });
  }

  /** Background work of a long-running core: rollups and retention. */
  start(): void {
    this.rollups.start();
    void this.rollups.run();
  }

  settings(): MetricsSettings {
    return this.settingsRepo.get();
  }

  configure(patch: unknown): MetricsSettings {
    const p = MetricsSettingsPatch.parse(patch);
    const current = this.settingsRepo.get();
    const next: MetricsSettings = {
      defaultSource: p.defaultSource ?? current.defaultSource,
      ...(p.prometheus === null
        ? {}
        : p.prometheus
          ? { prometheus: p.prometheus }
          : current.prometheus
            ? { prometheus: current.prometheus }
            : {}),
    };
    const saved = this.settingsRepo.set(next);
    this.deps.bus.emit('metrics.changed', {});
    return saved;
  }

  hostSettings(ref: string): HostMetricsSettings {
    return this.settingsRepo.host(this.deps.hosts.get(ref).id);
  }

  configureHost(ref: string, settings: HostMetricsSettings): HostMetricsSettings {
    const host = this.deps.hosts.get(ref);
    const saved = this.settingsRepo.setHost(host.id, settings);
    this.deps.bus.emit('metrics.changed', { host: host.name });
    return saved;
  }

  sourceOf(asked: MetricsSource | undefined): MetricsSource {
    return asked ?? this.settingsRepo.get().defaultSource;
  }

  async history(params: unknown): Promise<History> {
    const p = HistoryParams.parse(params);
    const now = this.deps.clock.now().getTime();
    const to = p.until ? Date.parse(p.until) : now;
    const from = typeof p.since === 'number' ? to - p.since * 1000 : Date.parse(p.since);
    const hosts = p.hosts.map((ref) => this.deps.hosts.get(ref));
    if (this.sourceOf(p.source) === 'prometheus')
      return this.prometheus.history(hosts, p.series, from, to, p.maxPoints);
    // Samples still in the write buffer belong to the answer.
    this.recorder.flush();
    return queryHistory(this.samples, {
      hosts: hosts.map((h) => ({ id: h.id, name: h.name })),
      series: p.series,
      from,
      to,
      maxPoints: p.maxPoints,
      now,
    });
  }

  /**
   * Why connecting to a host now would need a person (an untrusted host key, a password that is
   * not stored), or null: background collection (table sparklines) leaves such hosts out.
   */
  needsQuestion(host: Host): string | null {
    if (host.auth === 'password' && !host.secretRef)
      return `${host.name} asks for a password at login: open it once, or store the password`;
    if (!host.proxyJump && !this.deps.knowsHostKey(host))
      return `Opsdeck has not trusted ${host.name}'s host key yet: open the host or test its connection once`;
    return null;
  }

  collectorsInfo(): CollectorInfo[] {
    return this.collectors.list();
  }

  prometheusStatus(settings?: PrometheusSettings): Promise<PrometheusStatus> {
    return this.prometheus.status(settings ?? this.settingsRepo.get().prometheus);
  }

  shutdown(): void {
    this.collectors.stopAll();
    this.rollups.stop();
    this.recorder.flush();
  }
}
