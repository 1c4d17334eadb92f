import {
  formatMetric,
  parseSeriesKey,
  METRICS,
  type HostSample,
  type MetricUnit,
  type OverlaySample,
} from '../../contract';

const unitOf = (key: string): MetricUnit => {
  const p = parseSeriesKey(key);
  return p ? METRICS[p.metric].unit : 'count';
};

const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

/** The headline series of a sample, in dashboard order. */
const HEADLINE = [
  'cpu.busy',
  'load.1',
  'mem.used_pct',
  'mysql.qps',
  'mysql.threads_running',
  'mysql.repl_lag',
];

/** One line per update of `metrics.host` (`opsdeck watch metrics.host --host db1`). */
export function renderHostSample(s: HostSample): string {
  const parts = HEADLINE.filter((k) => s.values[k] !== undefined).map(
    (k) => `${k} ${formatMetric(s.values[k], unitOf(k))}`,
  );
  const problems = s.unknown.map((u) => `  ${u.metrics.join(',')} UNKNOWN: ${u.error.message}`);
  return [
    `${clock(s.t)} ${s.host}  ${parts.join('  ')}  (${Object.keys(s.values).length} series)`,
    ...problems,
  ].join('\n');
}

/** One line per update of `metrics.overlay`. */
export function renderOverlay(s: OverlaySample): string {
  const unit = unitOf(s.key);
  const hosts = Object.keys({ ...s.values, ...s.unknown }).sort();
  return `${clock(s.t)} ${s.key}  ${hosts
    .map((h) => `${h} ${s.values[h] !== undefined ? formatMetric(s.values[h], unit) : 'UNKNOWN'}`)
    .join('  ')}`;
}
