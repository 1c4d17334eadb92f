import {
  formatMetric,
  isMetricId,
  keyOfMetric,
  parseSeriesKey,
  BACKUP_RESTORE_SERIES,
  METRICS,
  type CheckDefinition,
  type CheckState,
  type ErrorShape,
  type HostSample,
  type MetricUnit,
} from '../../contract';

export interface CheckResult {
  state: CheckState;
  value: number | null;
  /** Nagios plugin output: `CRITICAL - load.1 = 12.40 (critical above 8)`. */
  output: string;
}

type Thresholds = Pick<CheckDefinition, 'direction' | 'warning' | 'critical'>;

/** The state of one value against the thresholds (strictly above / below, as Nagios ranges). */
export function stateOf(value: number, t: Thresholds): CheckState {
  const beyond = (limit: number | undefined) =>
    limit !== undefined && (t.direction === 'above' ? value > limit : value < limit);
  if (beyond(t.critical)) return 'CRITICAL';
  if (beyond(t.warning)) return 'WARNING';
  return 'OK';
}

const rank: Record<CheckState, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

function unitOf(series: string): MetricUnit {
  const parsed = parseSeriesKey(series);
  if (parsed) return METRICS[parsed.metric].unit;
  return isMetricId(series) ? METRICS[series].unit : 'count';
}

function limits(t: Thresholds, unit: MetricUnit): string {
  const parts = [
    t.warning !== undefined ? `warning ${t.direction} ${formatMetric(t.warning, unit)}` : '',
    t.critical !== undefined ? `critical ${t.direction} ${formatMetric(t.critical, unit)}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/** Whether `series` (a key, a metric id, or the backup kind's series) is something a check can watch. */
export function checkableSeries(series: string): boolean {
  return parseSeriesKey(series) !== null || isMetricId(series) || series === BACKUP_RESTORE_SERIES;
}

/**
 * One check against one sample. A labelled metric id (`fs.used_pct`) checks every instance and
 * reports the worst; a series the sample lacks is UNKNOWN, with the reason the collector gave
 * (a missing privilege, MySQL down) or "no such series" (not a replica, no such mount).
 */
export function evaluate(check: Thresholds & { series: string }, sample: HostSample): CheckResult {
  const unit = unitOf(check.series);
  const exact = parseSeriesKey(check.series) ? check.series : undefined;
  const keys = exact
    ? sample.values[exact] !== undefined
      ? [exact]
      : []
    : Object.keys(sample.values).filter(
        (k) => isMetricId(check.series) && keyOfMetric(k, check.series as never),
      );
  if (keys.length === 0) {
    const problem = sample.unknown.find((p) =>
      p.metrics.some(
        (m) =>
          m === check.series ||
          check.series.startsWith(`${m}.`) ||
          check.series.startsWith(`${m}:`) ||
          (m === 'replication' && check.series.startsWith('mysql.repl')),
      ),
    );
    return {
      state: 'UNKNOWN',
      value: null,
      output: problem
        ? `UNKNOWN - ${check.series}: ${problem.error.message}`
        : `UNKNOWN - ${sample.host} reports no ${check.series}${check.series.startsWith('mysql.repl') ? ' (not a replica?)' : ''}`,
    };
  }
  let worst: { key: string; value: number; state: CheckState } | undefined;
  for (const key of keys) {
    const value = sample.values[key]!;
    const state = stateOf(value, check);
    const worse =
      !worst ||
      rank[state] > rank[worst.state] ||
      (rank[state] === rank[worst.state] &&
        (check.direction === 'above' ? value > worst.value : value < worst.value));
    if (worse) worst = { key, value, state };
  }
  const w = worst!;
  return {
    state: w.state,
    value: w.value,
    output: `${w.state} - ${w.key} = ${formatMetric(w.value, unit)} (${limits(check, unit)})`,
  };
}

/** A host that did not answer: every check on it is UNKNOWN with the reason. */
export function unreachable(error: ErrorShape): CheckResult {
  return { state: 'UNKNOWN', value: null, output: `UNKNOWN - ${error.message}` };
}
