import {
  MAX_SERIES_PER_REQUEST,
  OpsdeckError,
  matchesAny,
  type History,
  type HistorySeries,
} from '../../../contract';
import type { MetricSamplesRepo, Point, Resolution } from '../../store/metric-samples-repo';
import { RETENTION } from './rollups';

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Seconds per step of each resolution. */
const BASE: Record<Resolution, number> = { raw: 1, '1m': 60, '1h': 3600 };

/** The coarsest resolution still kept for `from` (seconds), given the time `now`. */
export function resolutionFor(from: number, now: number): Resolution {
  if (from >= now - RETENTION.raw) return 'raw';
  if (from >= now - RETENTION['1m']) return '1m';
  return '1h';
}

/** Step (seconds) for a span at most `maxPoints` long: a multiple of the resolution's step. */
export function stepFor(resolution: Resolution, spanS: number, maxPoints: number): number {
  const base = BASE[resolution];
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  const wanted = Math.max(base, Math.ceil(spanS / maxPoints));
  const step = nice.find((s) => s >= wanted && s % base === 0) ?? Math.ceil(wanted / base) * base;
  return step;
}

/** Points into buckets of `step` from `from`: the average of each bucket, null where empty. */
export function bucketize(
  points: readonly Point[],
  from: number,
  step: number,
  count: number,
): (number | null)[] {
  const sums = new Float64Array(count);
  const ns = new Uint32Array(count);
  for (const [t, v] of points) {
    const i = Math.floor((t - from) / step);
    if (i < 0 || i >= count) continue;
    sums[i] = sums[i]! + v;
    ns[i] = ns[i]! + 1;
  }
  const out: (number | null)[] = new Array<number | null>(count);
  for (let i = 0; i < count; i++) out[i] = ns[i] ? sums[i]! / ns[i]! : null;
  return out;
}

export interface HistoryHost {
  id: string;
  name: string;
}

/**
 * History of hosts' series from the store. Which resolution depends on how far back it starts
 * (raw for the last hour, 1-minute rollups for 7 days, 1-hour for 90): the older part comes from
 * the rollups and the part not rolled up yet from the finer table, so the newest minutes are
 * never missing. Each series is read and bucketed on its own, with a yield in between.
 */
export async function queryHistory(
  repo: MetricSamplesRepo,
  request: {
    hosts: HistoryHost[];
    series: readonly string[];
    from: number;
    to: number;
    maxPoints: number;
    now: number;
  },
): Promise<History> {
  const { from: fromMs, to: toMs, now: nowMs } = request;
  const now = Math.floor(nowMs / 1000);
  const wanted: { host: HistoryHost; key: string; id: number }[] = [];
  for (const host of request.hosts) {
    for (const [key, id] of repo.seriesOf(host.id)) {
      if (matchesAny(key, request.series)) wanted.push({ host, key, id });
    }
  }
  if (wanted.length > MAX_SERIES_PER_REQUEST) {
    throw new OpsdeckError(
      'LIMIT_EXCEEDED',
      `That asks for ${wanted.length} series; at most ${MAX_SERIES_PER_REQUEST} are read at once.`,
      'Ask for fewer hosts or metrics (e.g. one metric for a group, or one host’s dashboard).',
    );
  }
  wanted.sort((a, b) => a.host.name.localeCompare(b.host.name) || a.key.localeCompare(b.key));
  const resolution = resolutionFor(Math.floor(fromMs / 1000), now);
  const step = stepFor(resolution, (toMs - fromMs) / 1000, request.maxPoints);
  const from = Math.floor(fromMs / 1000 / step) * step;
  const to = Math.ceil(toMs / 1000);
  const count = Math.max(1, Math.ceil((to - from) / step));
  const hourMark = repo.mark('1h') ?? 0;
  const minuteMark = repo.mark('1m') ?? 0;
  const series: HistorySeries[] = [];
  for (const w of wanted) {
    const points: Point[] = [];
    if (resolution === '1h') points.push(...repo.points(w.id, '1h', from, Math.min(to, hourMark)));
    if (resolution !== 'raw')
      points.push(
        ...repo.points(
          w.id,
          '1m',
          resolution === '1h' ? Math.max(from, hourMark) : from,
          Math.min(to, minuteMark),
        ),
      );
    points.push(
      ...repo.points(w.id, 'raw', resolution === 'raw' ? from : Math.max(from, minuteMark), to + 1),
    );
    series.push({ host: w.host.name, key: w.key, values: bucketize(points, from, step, count) });
    await yieldToLoop();
  }
  const t = Array.from({ length: count }, (_, i) => (from + i * step) * 1000);
  return {
    source: 'ssh',
    resolution,
    stepMs: step * 1000,
    from: from * 1000,
    to: to * 1000,
    t,
    series,
  };
}
