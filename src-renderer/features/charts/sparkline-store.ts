import { create } from 'zustand';
import { watchFeed, type MetricsSource } from '../../../src-main/contract';
import { client } from '../../api';
import { hostColumnsOf } from './overlay-model';

/** Points kept per sparkline. */
const POINTS = 60;

export interface Spark {
  t: number[];
  v: (number | null)[];
}

interface SparkState {
  /** `${series} ${host}` → its recent points. */
  lines: Record<string, Spark>;
}

export const useSparks = create<SparkState>(() => ({ lines: {} }));

const keyOf = (series: string, host: string) => `${series} ${host}`;

function push(series: string, t: number, values: Record<string, number>, hosts: readonly string[]) {
  useSparks.setState((s) => {
    const lines = { ...s.lines };
    for (const host of hosts) {
      const k = keyOf(series, host);
      const line = lines[k] ?? { t: [], v: [] };
      lines[k] = {
        t: [...line.t, t].slice(-POINTS),
        v: [...line.v, values[host] ?? null].slice(-POINTS),
      };
    }
    return { lines };
  });
}

/**
 * Keep sparklines of `series` for `hosts` (at most 200): the last ten minutes from history,
 * then one point per interval from the `metrics.overlay` feed (one subscription for the table,
 * shared collectors in the core). Returns the stop.
 */
export function followSparklines(
  hosts: readonly string[],
  series: string,
  source: MetricsSource,
  intervalMs = 10_000,
): () => void {
  const list = hosts.slice(0, 200);
  if (list.length === 0) return () => undefined;
  client
    .call('metrics.history', {
      hosts: [...list],
      series: [series],
      since: 600,
      source,
      maxPoints: POINTS,
    })
    .then((h) => {
      const cols = hostColumnsOf(h, series);
      useSparks.setState((s) => {
        const lines = { ...s.lines };
        for (const host of list) {
          const col = cols.get(host);
          if (col) lines[keyOf(series, host)] = { t: [...h.t], v: [...col] };
        }
        return { lines };
      });
    })
    .catch(() => undefined);
  const watch = watchFeed(
    client,
    'metrics.overlay',
    { hosts: [...list], series, source, intervalMs, background: true },
    {
      data: (d) => push(series, d.t, d.values, list),
    },
  );
  watch.ready.catch(() => undefined);
  return () => void watch.stop();
}

/** One host's sparkline data (re-renders only that cell). */
export const useSpark = (series: string, host: string): Spark | undefined =>
  useSparks((s) => s.lines[keyOf(series, host)]);
