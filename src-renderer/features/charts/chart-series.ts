import { METRICS, keyOfMetric, parseSeriesKey, type ChartDef } from '../../../src-main/contract';
import { colorAt, type ChartSeries } from './chart-options';
import { lastValue, type SeriesBuffer } from './series-buffer';

/** Lines drawn at most per chart (the busiest instances); the rest are counted. */
export const MAX_LINES = 12;

/**
 * The lines of a dashboard chart from what the buffer has: every instance of its metrics
 * (a device, an interface…), labelled by metric and instance, the busiest first when there are
 * more than a chart can show.
 */
export function chartLines(
  chart: ChartDef,
  buf: SeriesBuffer,
): { series: ChartSeries[]; hidden: number } {
  const keys = [...buf.cols.keys()].filter((k) => chart.metrics.some((m) => keyOfMetric(k, m)));
  const byMetric = (k: string) => chart.metrics.findIndex((m) => keyOfMetric(k, m));
  keys.sort((a, b) => byMetric(a) - byMetric(b) || a.localeCompare(b));
  let shown = keys;
  if (keys.length > MAX_LINES) {
    shown = [...keys]
      .sort((a, b) => (lastValue(buf, b) ?? 0) - (lastValue(buf, a) ?? 0))
      .slice(0, MAX_LINES);
    shown.sort((a, b) => byMetric(a) - byMetric(b) || a.localeCompare(b));
  }
  const series = shown.map((key, i) => {
    const p = parseSeriesKey(key);
    const label = p
      ? p.instance
        ? chart.metrics.length > 1
          ? `${METRICS[p.metric].label} ${p.instance}`
          : p.instance
        : METRICS[p.metric].label
      : key;
    return { key, label, color: colorAt(i) };
  });
  return { series, hidden: keys.length - shown.length };
}
