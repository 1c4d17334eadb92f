import {
  formatMetric,
  parseSeriesKey,
  METRICS,
  type CheckRunResult,
  type CheckState,
  type History,
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

const BARS = '▁▂▃▄▅▆▇█';

/** A text sparkline of values (nulls as spaces), `width` characters wide at most. */
export function textSparkline(values: readonly (number | null)[], width = 24): string {
  const step = Math.max(1, Math.ceil(values.length / width));
  const buckets: (number | null)[] = [];
  for (let i = 0; i < values.length; i += step) {
    const chunk = values.slice(i, i + step).filter((v): v is number => v !== null);
    buckets.push(chunk.length ? chunk.reduce((a, b) => a + b, 0) / chunk.length : null);
  }
  const present = buckets.filter((v): v is number => v !== null);
  if (!present.length) return '';
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return buckets
    .map((v) => (v === null ? ' ' : BARS[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * 7)]))
    .join('');
}

/** `opsdeck metrics <host> --since …`: one row per series, last/min/avg/max and a sparkline. */
export function historyTable(h: History): { headers: string[]; rows: string[][] } {
  const rows = h.series.map((s) => {
    const unit = unitOf(s.key);
    const present = s.values.filter((v): v is number => v !== null);
    const last = [...s.values].reverse().find((v) => v !== null) ?? null;
    const avg = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
    return [
      s.key,
      formatMetric(last, unit),
      formatMetric(present.length ? Math.min(...present) : null, unit),
      formatMetric(avg, unit),
      formatMetric(present.length ? Math.max(...present) : null, unit),
      textSparkline(s.values),
    ];
  });
  return { headers: ['SERIES', 'LAST', 'MIN', 'AVG', 'MAX', 'TREND'], rows };
}

/** `opsdeck metrics <host>` now: one row per series of the sample. */
export function sampleTable(
  s: HostSample,
  keys: readonly string[],
): { headers: string[]; rows: string[][] } {
  return {
    headers: ['SERIES', 'VALUE'],
    rows: keys.map((k) => [k, formatMetric(s.values[k], unitOf(k))]),
  };
}

/** `opsdeck check`: Nagios plugin output — a status line, then one line per check and host. */
export function checkReport(r: CheckRunResult): string {
  const n = (state: CheckState) => r.results.filter((x) => x.state === state).length;
  const head = `OPSDECK ${r.state} - ${n('CRITICAL')} critical, ${n('WARNING')} warning, ${n('UNKNOWN')} unknown, ${n('OK')} ok`;
  const perf = r.results
    .filter((x) => x.value !== null)
    .map((x) => `'${x.host}/${x.check}'=${Number(x.value!.toFixed(4))}`)
    .join(' ');
  const lines = r.results.map((x) => `${x.host}: ${x.check}: ${x.output}`);
  return [perf ? `${head} | ${perf}` : head, ...lines].join('\n');
}
