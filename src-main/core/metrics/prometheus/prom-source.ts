import {
  MAX_SERIES_PER_REQUEST,
  OpsdeckError,
  matchesAny,
  parseSeriesKey,
  seriesKey,
  toErrorShape,
  type History,
  type HistorySeries,
  type Host,
  type HostSample,
  type MetricId,
  type PrometheusSettings,
  type PrometheusStatus,
} from '../../../contract';
import { PromClient, type PromSeries } from './prom-client';
import { METRIC_LABEL, PROMQL, combinedQuery, escapeRegex, promMetricsFor } from './promql';

/** A host's `instance` regex from the settings' template (`{address}(:[0-9]+)?`). */
export function instancePattern(host: Host, settings: PrometheusSettings): string {
  return settings.instanceMatch
    .replaceAll('{address}', escapeRegex(host.address))
    .replaceAll('{name}', escapeRegex(host.name));
}

/** The label matcher selecting these hosts, as a PromQL string literal (backslashes doubled). */
export function selectorFor(hosts: readonly Host[], settings: PrometheusSettings): string {
  const re = hosts.map((h) => `(?:${instancePattern(h, settings)})`).join('|');
  return `instance=~"${re.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Which host a result belongs to (its `instance` label against each host's pattern). */
function attribution(hosts: readonly Host[], settings: PrometheusSettings) {
  const patterns = hosts.map((h) => ({
    host: h,
    re: new RegExp(`^(?:${instancePattern(h, settings)})$`),
  }));
  return (instance: string | undefined) =>
    instance === undefined ? undefined : patterns.find((p) => p.re.test(instance))?.host;
}

/** The series key of one result: its metric id, and the instance label of a labelled one. */
function keyOf(series: PromSeries): string | undefined {
  const id = series.metric[METRIC_LABEL] as MetricId | undefined;
  if (!id) return undefined;
  const label = PROMQL[id]?.instance;
  if (!label) return id;
  const instance = series.metric[label];
  return instance ? seriesKey(id, instance) : undefined;
}

const seconds = (ms: number) => Math.round(ms / 1000);
const durationS = (s: string) =>
  Number(s.slice(0, -1)) * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[s.slice(-1)]!;

/**
 * Prometheus as a source of the same series the SSH collectors produce: a host's dashboard, an
 * overlay of many hosts and history are each one PromQL request (the catalog's expressions
 * combined), attributed back to inventory hosts by their `instance` label.
 */
export class PrometheusSource {
  constructor(private readonly settings: () => PrometheusSettings | undefined) {}

  client(settings = this.required()): PromClient {
    return new PromClient(settings);
  }

  async hostSample(host: Host, now: number, signal?: AbortSignal): Promise<HostSample> {
    const settings = this.required();
    const metrics = promMetricsFor([
      'load',
      'cpu',
      'mem',
      'swap',
      'clock',
      'disk',
      'net',
      'fs',
      'mysql',
      'haproxy',
    ]);
    const result = await this.client(settings).query(
      combinedQuery(metrics, selectorFor([host], settings), settings.rateWindow),
      undefined,
      signal,
    );
    const values: Record<string, number> = {};
    const hostOf = attribution([host], settings);
    for (const s of result) {
      const key = keyOf(s);
      const v = Number(s.values[0]?.[1]);
      if (key && Number.isFinite(v) && hostOf(s.metric.instance)) values[key] = v;
    }
    if (Object.keys(values).length === 0) {
      throw new OpsdeckError(
        'METRICS_UNAVAILABLE',
        `Prometheus at ${settings.url} has no series for ${host.name} (instance =~ ${instancePattern(host, settings)}).`,
        'Check that node_exporter on the host is scraped, and the instance match in Settings → Metrics ({address} or {name}).',
      );
    }
    return { host: host.name, source: 'prometheus', t: now, values, unknown: [] };
  }

  /** One metric of many hosts now (a labelled one combined per host by `combine`). */
  async overlay(
    hosts: readonly Host[],
    ref: string,
    combine: 'sum' | 'max',
    signal?: AbortSignal,
  ): Promise<Map<Host, number>> {
    const settings = this.required();
    const exact = parseSeriesKey(ref);
    const metrics = exact ? [exact.metric] : promMetricsFor([ref]);
    const result = await this.client(settings).query(
      combinedQuery(metrics, selectorFor(hosts, settings), settings.rateWindow),
      undefined,
      signal,
    );
    const hostOf = attribution(hosts, settings);
    const out = new Map<Host, number>();
    for (const s of result) {
      const key = keyOf(s);
      const host = hostOf(s.metric.instance);
      const v = Number(s.values[0]?.[1]);
      if (!key || !host || !Number.isFinite(v) || !(key === ref || matchesAny(key, [ref])))
        continue;
      const before = out.get(host);
      out.set(
        host,
        before === undefined ? v : combine === 'sum' ? before + v : Math.max(before, v),
      );
    }
    return out;
  }

  async history(
    hosts: readonly Host[],
    wanted: readonly string[],
    fromMs: number,
    toMs: number,
    maxPoints: number,
    signal?: AbortSignal,
  ): Promise<History> {
    const settings = this.required();
    const metrics = promMetricsFor(wanted);
    const step = Math.max(1, Math.ceil((toMs - fromMs) / 1000 / maxPoints));
    const start = Math.floor(seconds(fromMs) / step) * step;
    const end = seconds(toMs);
    const window = `${Math.max(durationS(settings.rateWindow), 2 * step)}s`;
    const result = await this.client(settings).queryRange(
      combinedQuery(metrics, selectorFor(hosts, settings), window),
      start,
      end,
      step,
      signal,
    );
    const hostOf = attribution(hosts, settings);
    const count = Math.floor((end - start) / step) + 1;
    const series: HistorySeries[] = [];
    for (const s of result) {
      const key = keyOf(s);
      const host = hostOf(s.metric.instance);
      if (!key || !host || !matchesAny(key, wanted)) continue;
      const values: (number | null)[] = new Array<number | null>(count).fill(null);
      for (const [t, v] of s.values) {
        const i = Math.round((t - start) / step);
        const n = Number(v);
        if (i >= 0 && i < count && Number.isFinite(n)) values[i] = n;
      }
      series.push({ host: host.name, key, values });
    }
    if (series.length > MAX_SERIES_PER_REQUEST) {
      throw new OpsdeckError(
        'LIMIT_EXCEEDED',
        `Prometheus returned ${series.length} series; at most ${MAX_SERIES_PER_REQUEST} are drawn at once.`,
        'Ask for fewer hosts or metrics.',
      );
    }
    series.sort((a, b) => a.host.localeCompare(b.host) || a.key.localeCompare(b.key));
    return {
      source: 'prometheus',
      resolution: 'step',
      stepMs: step * 1000,
      from: start * 1000,
      to: end * 1000,
      t: Array.from({ length: count }, (_, i) => (start + i * step) * 1000),
      series,
    };
  }

  async status(
    settings: PrometheusSettings | undefined = this.settings(),
  ): Promise<PrometheusStatus> {
    if (!settings) {
      return {
        url: '',
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: 'No Prometheus is configured for this workspace.',
          hint: 'Set its URL in Settings → Metrics (or opsdeck metrics configure --prometheus.url …).',
        },
      };
    }
    const client = this.client(settings);
    try {
      const info = await client.buildInfo();
      const targets = await client.targets();
      return {
        url: client.url,
        ok: true,
        ...(info.version ? { version: info.version } : {}),
        targetsUp: targets.up,
        targetsDown: targets.down,
      };
    } catch (err) {
      return { url: client.url, ok: false, error: toErrorShape(err) };
    }
  }

  private required(): PrometheusSettings {
    const settings = this.settings();
    if (!settings) {
      throw new OpsdeckError(
        'PROMETHEUS_UNREACHABLE',
        'No Prometheus is configured for this workspace.',
        'Set its URL in Settings → Metrics, or use the SSH collectors (source ssh).',
      );
    }
    return settings;
  }
}
