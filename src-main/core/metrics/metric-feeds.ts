import { toErrorShape } from '../../contract/errors';
import type { FeedParams } from '../../contract/feeds';
import type { Host } from '../../contract/hosts';
import type { HostSample, OverlaySample } from '../../contract/metrics';
import {
  combineInstances,
  isMetricId,
  keyOfMetric,
  parseSeriesKey,
} from '../../contract/metrics-catalog';
import type { FeedSink } from '../watch/feed-source';
import { poll } from '../watch/poll';
import type { MetricsService } from './metrics-service';

type HostLookup = { get(idOrName: string): Host };

/** One host's value of a series ref (an exact key, or a labelled metric combined over instances). */
export function valueOf(sample: HostSample, ref: string): number | undefined {
  if (parseSeriesKey(ref)) return sample.values[ref];
  if (!isMetricId(ref)) return undefined;
  const how = combineInstances(ref);
  let out: number | undefined;
  for (const [key, v] of Object.entries(sample.values)) {
    if (!keyOfMetric(key, ref)) continue;
    out = out === undefined ? v : how === 'sum' ? out + v : Math.max(out, v);
  }
  return out;
}

/** `metrics.host`: every series of a host — the shared SSH collector, or Prometheus polled. */
export function hostFeed(
  metrics: MetricsService,
  hosts: HostLookup,
  params: FeedParams<'metrics.host'>,
  sink: FeedSink<HostSample>,
  signal: AbortSignal,
  now: () => number,
): void {
  const host = hosts.get(params.host); // NOT_FOUND now, not a stream of errors
  if (params.source === 'prometheus') {
    poll((s) => metrics.prometheus.hostSample(host, now(), s), sink, signal, {
      intervalMs: params.intervalMs,
    });
    return;
  }
  const stop = metrics.collectors.watch(host.id, params.intervalMs, (event) =>
    event.kind === 'sample' ? sink.data(event.sample) : sink.error(event.error, event.retryInMs),
  );
  signal.addEventListener('abort', stop, { once: true });
}

/**
 * `metrics.overlay`: one series of many hosts. SSH: every host's collector is watched and the
 * latest value of each is sent once per interval (a host that stopped answering is listed under
 * `unknown` with why); Prometheus: one query per interval for all of them.
 */
export function overlayFeed(
  metrics: MetricsService,
  hosts: HostLookup,
  params: FeedParams<'metrics.overlay'>,
  sink: FeedSink<OverlaySample>,
  signal: AbortSignal,
  now: () => number,
): void {
  const list = [
    ...new Map(params.hosts.map((ref) => hosts.get(ref)).map((h) => [h.id, h])).values(),
  ];
  const key = params.series;
  if (params.source === 'prometheus') {
    const combine = isMetricId(key) ? combineInstances(key) : 'max';
    poll(
      async (s) => {
        const got = await metrics.prometheus.overlay(list, key, combine, s);
        const values: Record<string, number> = {};
        const unknown: Record<string, string> = {};
        for (const h of list) {
          const v = got.get(h);
          if (v === undefined) unknown[h.name] = `Prometheus has no ${key} for ${h.name}`;
          else values[h.name] = v;
        }
        return { key, source: 'prometheus' as const, t: now(), values, unknown };
      },
      sink,
      signal,
      { intervalMs: params.intervalMs },
    );
    return;
  }
  const latest = new Map<string, { value?: number; why?: string }>();
  const quiet = params.background
    ? list.filter((h) => {
        const why = metrics.needsQuestion(h);
        if (why) latest.set(h.name, { why });
        return !why;
      })
    : list;
  const stops = quiet.map((h) =>
    metrics.collectors.watch(h.id, params.intervalMs, (event) => {
      if (event.kind === 'error') latest.set(h.name, { why: event.error.message });
      else {
        const value = valueOf(event.sample, key);
        latest.set(h.name, value === undefined ? { why: `no ${key} on ${h.name}` } : { value });
      }
    }),
  );
  const timer = setInterval(() => {
    const values: Record<string, number> = {};
    const unknown: Record<string, string> = {};
    for (const h of list) {
      const l = latest.get(h.name);
      if (l?.value !== undefined) values[h.name] = l.value;
      else unknown[h.name] = l?.why ?? 'waiting for the first sample';
    }
    try {
      sink.data({ key, source: 'ssh', t: now(), values, unknown });
    } catch (err) {
      sink.error(toErrorShape(err), params.intervalMs);
    }
  }, params.intervalMs);
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(timer);
      for (const stop of stops) stop();
    },
    { once: true },
  );
}
