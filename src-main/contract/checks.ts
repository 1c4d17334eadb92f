import { z } from 'zod';
import { hostRef, metricsInterval, seriesRef } from './metrics';
import { hostLabel } from './hosts';
import { isMetricId, METRICS, parseSeriesKey } from './metrics-catalog';
import { formatMetric } from './metrics-format';

/** Nagios states, in Nagios' order of exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
export const CheckState = z.enum(['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']);
export type CheckState = z.infer<typeof CheckState>;

/** The Nagios plugin exit code of a state (`opsdeck check` exits with the worst). */
export const EXIT_CODE: Record<CheckState, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

/** Which of two states is worse: CRITICAL > WARNING > UNKNOWN > OK (as Nagios ranks them). */
export function worseState(a: CheckState, b: CheckState): CheckState {
  const rank: Record<CheckState, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
  return rank[b] > rank[a] ? b : a;
}

/** A host group, named as the inventory names it. */
const group = hostLabel;

/**
 * What a threshold field must hold, said the same way by the core's validation and the check
 * dialog: which field, and an example to type.
 */
export function thresholdProblem(which: 'warning' | 'critical'): string {
  return which === 'warning'
    ? 'Warning threshold must be a number, e.g. 80'
    : 'Critical threshold must be a number, e.g. 90';
}

const threshold = (which: 'warning' | 'critical') => z.number({ error: thresholdProblem(which) });

/**
 * The backup check kind: not a metric of a host sample but the restore tests of the host's
 * backups in the catalog. Its value is the age in hours of the latest judged restore test; the
 * latest one failed is CRITICAL whatever its age; older than the warning (critical) threshold, or
 * none at all, is WARNING (CRITICAL). Thresholds are hours, direction `above`.
 */
export const BACKUP_RESTORE_SERIES = 'backup.restore_test';

/** Whether a check is the backup kind (watches restore tests, not a host's metrics). */
export const isBackupCheck = (c: { series: string }): boolean => c.series === BACKUP_RESTORE_SERIES;

/** A check's value as the checks list shows it: the metric's unit, or a backup check's age. */
export function formatCheckValue(value: number | null, series: string): string {
  if (series === BACKUP_RESTORE_SERIES)
    return value === null || !Number.isFinite(value) ? 'never' : `${value.toFixed(1)} h ago`;
  const p = parseSeriesKey(series);
  return formatMetric(
    value,
    p ? METRICS[p.metric].unit : isMetricId(series) ? METRICS[series].unit : 'count',
  );
}

const checkFields = {
  name: z.string().trim().min(1).max(80).describe('what the check is called'),
  hosts: z.array(hostRef).max(200).default([]).describe('hosts it watches'),
  groups: z.array(group).max(32).default([]).describe('host groups it watches'),
  series: seriesRef.describe(
    'series key or metric id (a labelled metric: its worst instance), e.g. load.1, fs.used_pct:/; or backup.restore_test (the host’s latest restore test: failed is CRITICAL, thresholds are its age in hours)',
  ),
  /** Alert when the value goes above (default) or below the thresholds. */
  direction: z.enum(['above', 'below']).default('above'),
  warning: threshold('warning').optional().describe('WARNING threshold'),
  critical: threshold('critical').optional().describe('CRITICAL threshold'),
  /** Results in a row before a problem becomes HARD (and notifies): Nagios' max_check_attempts. */
  attempts: z.number().int().min(1).max(10).default(3),
  intervalMs: metricsInterval(10_000),
  notify: z.boolean().default(true).describe('desktop notification on HARD changes'),
  enabled: z.boolean().default(true),
};

export const CheckInput = z
  .object(checkFields)
  .strict()
  .refine((c) => c.hosts.length + c.groups.length > 0, {
    message: 'Name at least one host or group',
    path: ['hosts'],
  })
  .refine((c) => c.warning !== undefined || c.critical !== undefined, {
    message: 'Give a warning or a critical threshold',
    path: ['critical'],
  });
export type CheckInput = z.input<typeof CheckInput>;

export const CheckPatch = z
  .object({
    name: checkFields.name.optional(),
    hosts: z.array(hostRef).max(200).optional(),
    groups: z.array(group).max(32).optional(),
    series: seriesRef.optional(),
    direction: z.enum(['above', 'below']).optional(),
    warning: threshold('warning').nullable().optional().describe('null removes it'),
    critical: threshold('critical').nullable().optional().describe('null removes it'),
    attempts: z.number().int().min(1).max(10).optional(),
    intervalMs: z.number().int().min(1000).max(60_000).optional(),
    notify: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CheckPatch = z.input<typeof CheckPatch>;

export const CheckDefinition = z.object({
  id: z.string(),
  name: z.string(),
  hosts: z.array(z.string()),
  groups: z.array(z.string()),
  series: z.string(),
  direction: z.enum(['above', 'below']),
  warning: z.number().optional(),
  critical: z.number().optional(),
  attempts: z.number().int(),
  intervalMs: z.number().int(),
  notify: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CheckDefinition = z.infer<typeof CheckDefinition>;

/** The current state of one check on one host. */
export const CheckStatus = z.object({
  checkId: z.string(),
  check: z.string(),
  host: z.string(),
  series: z.string(),
  state: CheckState,
  /** HARD: confirmed (attempts reached, or OK); SOFT: a problem not yet confirmed. */
  hard: z.boolean(),
  attempt: z.number().int(),
  attempts: z.number().int(),
  /** Since when this state holds (ISO). */
  since: z.string(),
  lastCheck: z.string(),
  value: z.number().nullable(),
  /** Nagios-style plugin output: `CRITICAL - load.1 = 12.40 (critical above 8)`. */
  output: z.string(),
  flapping: z.boolean(),
  /** Weighted share of state changes over the last 21 results (Nagios' flap detection), 0–100. */
  stateChangePct: z.number(),
});
export type CheckStatus = z.infer<typeof CheckStatus>;

/** A state change kept in the history (and sent as `checks.changed`). */
export const CheckEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  checkId: z.string(),
  check: z.string(),
  host: z.string(),
  from: CheckState,
  to: CheckState,
  hard: z.boolean(),
  value: z.number().nullable(),
  output: z.string(),
  /** flapping-start / flapping-stop, or the state change itself. */
  kind: z.enum(['state', 'flapping-start', 'flapping-stop']),
  /** Whether this change notifies (HARD, not flapping, the check notifies). */
  notify: z.boolean(),
});
export type CheckEvent = z.infer<typeof CheckEvent>;

/** `checks.run` (one evaluation now, as `opsdeck check` from cron does). */
export const CheckRunResult = z.object({
  state: CheckState,
  exitCode: z.number().int(),
  results: z.array(CheckStatus),
});
export type CheckRunResult = z.infer<typeof CheckRunResult>;

/**
 * The desktop notification of a check change, the same on every door: the Electron door shows it
 * natively, web mode through the browser's Notification.
 */
export function checkNotificationText(change: CheckEvent): { title: string; body: string } {
  const title =
    change.kind === 'state'
      ? `${change.to}: ${change.check} on ${change.host}`
      : `${change.check} on ${change.host} ${change.kind === 'flapping-start' ? 'is flapping' : 'stopped flapping'}`;
  return { title, body: change.output };
}
