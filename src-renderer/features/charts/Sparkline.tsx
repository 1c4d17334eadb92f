import { useMemo } from 'react';
import {
  formatMetric,
  isMetricId,
  METRICS,
  parseSeriesKey,
  type MetricUnit,
} from '../../../src-main/contract';
import { colorAt } from './chart-options';
import { useSpark } from './sparkline-store';
import { UPlotChart } from './UPlotChart';

const unitOf = (series: string): MetricUnit => {
  const p = parseSeriesKey(series);
  return p ? METRICS[p.metric].unit : isMetricId(series) ? METRICS[series].unit : 'count';
};

/** A host's recent values of one series in a table cell: a tiny uPlot line and the last value. */
export function HostSparkline({ host, series }: { host: string; series: string }) {
  const spark = useSpark(series, host);
  const unit = unitOf(series);
  const data = useMemo(
    () =>
      spark ? ([spark.t.map((t) => t / 1000), spark.v] as [number[], (number | null)[]]) : null,
    [spark],
  );
  const last = spark ? ([...spark.v].reverse().find((v) => v !== null) ?? null) : null;
  if (!data || data[0].length < 2) return <span className="faint">—</span>;
  return (
    <span
      className="spark-cell"
      data-testid={`spark-${series}-${host}`}
      title={`${series}: ${formatMetric(last, unit)}`}
    >
      <UPlotChart
        spark
        unit={unit}
        series={[{ key: series, label: series, color: colorAt(0) }]}
        data={data}
        window={[0, 0]}
        height={18}
        label={`${series} of ${host}`}
      />
      <span className="spark-value mono">{formatMetric(last, unit)}</span>
    </span>
  );
}
