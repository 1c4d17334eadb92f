import {
  combineInstances,
  isMetricId,
  keyOfMetric,
  type History,
} from '../../../src-main/contract';

/**
 * History of one series for many hosts as one column per host: a labelled metric's instances
 * (each device of a host) are combined the way the overlay feed combines them (sum of traffic,
 * max of utilisation), so history and live tail agree.
 */
export function hostColumnsOf(h: History, series: string): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  const how = isMetricId(series) ? combineInstances(series) : 'max';
  for (const s of h.series) {
    if (!(s.key === series || (isMetricId(series) && keyOfMetric(s.key, series)))) continue;
    const col = out.get(s.host);
    if (!col) {
      out.set(s.host, [...s.values]);
      continue;
    }
    for (let i = 0; i < col.length; i++) {
      const a = col[i] ?? null;
      const b = s.values[i] ?? null;
      col[i] = a === null ? b : b === null ? a : how === 'sum' ? a + b : Math.max(a, b);
    }
  }
  return out;
}
