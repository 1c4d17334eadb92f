import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';

/** Where series come from: the agentless SSH collectors, or a configured Prometheus. */
export const MetricsSource = z.enum(['ssh', 'prometheus']);
export type MetricsSource = z.infer<typeof MetricsSource>;

/**
 * At most this many series (hosts × keys) in one history query or live overlay: a bigger
 * request is refused with LIMIT_EXCEEDED instead of freezing the window that asked.
 */
export const MAX_SERIES_PER_REQUEST = 400;

export const hostRef = z.string().trim().min(1).max(128).describe('host name or id');
/** A series key, metric id or family (`load.1`, `disk.util:sda`, `disk.util`, `cpu`). */
export const seriesRef = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .describe('series key, metric id or family (cpu, load.1, disk.util:sda)');

/** Collection interval: 1–60 s. */
export const metricsInterval = (fallback: number) =>
  z
    .number()
    .int()
    .min(1000)
    .max(60_000)
    .default(fallback)
    .describe('sample interval in ms (1000–60000)');

/** Series that could not be read this time, and why (the others are live). */
export const SeriesProblem = z.object({
  /** Metric ids or families affected (`mysql.repl_lag`, `mysql`, `haproxy`). */
  metrics: z.array(z.string()),
  error: ErrorShapeSchema,
});
export type SeriesProblem = z.infer<typeof SeriesProblem>;

/** One sample of every series of one host (the `metrics.host` feed). */
export const HostSample = z.object({
  host: z.string(),
  source: MetricsSource,
  /** When it was taken, ms since the epoch on Opsdeck's clock (never the host's). */
  t: z.number(),
  values: z.record(z.string(), z.number()),
  unknown: z.array(SeriesProblem),
});
export type HostSample = z.infer<typeof HostSample>;

/** One metric of N hosts at one time (the `metrics.overlay` feed). */
export const OverlaySample = z.object({
  key: z.string(),
  source: MetricsSource,
  t: z.number(),
  /** Host name → value (absent: no value this time). */
  values: z.record(z.string(), z.number()),
  /** Host name → why it has no value (unreachable, no such series). */
  unknown: z.record(z.string(), z.string()),
});
export type OverlaySample = z.infer<typeof OverlaySample>;

/** Where a time range starts: an ISO time, or seconds back (at most 400 days); an hour by default. */
export const timeRangeStart = z
  .union([
    z.iso.datetime({ offset: true }),
    z
      .number()
      .int()
      .min(1)
      .max(400 * 86400),
  ])
  .default(3600);

export const HistoryParams = z
  .object({
    hosts: z.array(hostRef).min(1).max(200),
    series: z.array(seriesRef).min(1).max(100),
    /** Start: ISO time, or seconds before `to` (e.g. 3600). Default: one hour. */
    since: timeRangeStart.describe('ISO start time, or seconds back from the end (default 3600)'),
    until: z.iso.datetime({ offset: true }).optional().describe('ISO end time (default: now)'),
    source: MetricsSource.optional().describe('ssh (the store) or prometheus (default: settings)'),
    maxPoints: z.number().int().min(10).max(5000).default(1200).describe('points per series'),
  })
  .strict();
export type HistoryParamsIn = z.input<typeof HistoryParams>;

export const HistorySeries = z.object({
  host: z.string(),
  key: z.string(),
  /** Aligned with `t`; null where there is no value. */
  values: z.array(z.number().nullable()),
});
export type HistorySeries = z.infer<typeof HistorySeries>;

export const History = z.object({
  source: MetricsSource,
  /** raw (as collected), 1m / 1h (rollups: averages), or the Prometheus step. */
  resolution: z.enum(['raw', '1m', '1h', 'step']),
  stepMs: z.number(),
  from: z.number(),
  to: z.number(),
  /** Bucket starts, ms since the epoch, ascending. */
  t: z.array(z.number()),
  series: z.array(HistorySeries),
});
export type History = z.infer<typeof History>;

/** How a host's metrics are read over Prometheus: the instance label matched per host. */
export const PrometheusSettings = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s]+$/, 'Use http(s)://host:port')
    .max(512)
    .describe('Prometheus base URL, e.g. http://prometheus:9090'),
  /** Regex matched against the `instance` label; `{address}` and `{name}` are the host's. */
  instanceMatch: z.string().trim().min(1).max(256).default('{address}(:[0-9]+)?'),
  /** The range of rate() (Prometheus needs ≥ 2 scrapes in it; 4× the scrape interval is safe). */
  rateWindow: z
    .string()
    .regex(/^[0-9]+[smh]$/)
    .default('1m'),
  timeoutMs: z.number().int().min(500).max(60_000).default(8000),
});
export type PrometheusSettings = z.infer<typeof PrometheusSettings>;

/** Per workspace (the data folder): the default source and the Prometheus to read from. */
export const MetricsSettings = z.object({
  defaultSource: MetricsSource.default('ssh'),
  prometheus: PrometheusSettings.optional(),
});
export type MetricsSettings = z.infer<typeof MetricsSettings>;
export const MetricsSettingsPatch = z
  .object({
    defaultSource: MetricsSource.optional(),
    prometheus: PrometheusSettings.nullable().optional().describe('null removes it'),
  })
  .strict();
export type MetricsSettingsPatch = z.input<typeof MetricsSettingsPatch>;

/** What Opsdeck collects on one host besides /proc (kept per host, edited in the host view). */
export const HostMetricsSettings = z.object({
  /** Read SHOW GLOBAL STATUS over the host's MySQL login (when it has one). */
  mysql: z.boolean().default(true),
  /** HAProxy stats: an http(s) URL as seen from the host (`…/;csv`), or its stats socket path. */
  haproxyStatsUrl: z
    .string()
    .trim()
    .regex(/^http:\/\/[^\s/]+(\/[^\s]*)?$/, 'Use http://address:port/path as seen from the host')
    .max(512)
    .optional(),
  haproxyStatsSocket: z
    .string()
    .trim()
    .regex(/^\/[^\s]*$/, 'An absolute path on the host')
    .max(512)
    .optional(),
});
export type HostMetricsSettings = z.infer<typeof HostMetricsSettings>;

/** One collector of the core (SSH source), for status views and `opsdeck metrics --collectors`. */
export const CollectorInfo = z.object({
  host: z.string(),
  state: z.enum(['starting', 'live', 'unknown', 'stopped']),
  intervalMs: z.number(),
  /** Who keeps it running: feeds of door connections, checks. */
  watchers: z.number().int(),
  since: z.string(),
  lastSampleAt: z.string().optional(),
  error: ErrorShapeSchema.optional(),
  retryInMs: z.number().optional(),
  /** CPU seconds the host's collector loop used per second of wall time (from /proc/self/stat). */
  remoteCpuPct: z.number().optional(),
});
export type CollectorInfo = z.infer<typeof CollectorInfo>;

export const PrometheusStatus = z.object({
  url: z.string(),
  ok: z.boolean(),
  version: z.string().optional(),
  targetsUp: z.number().int().optional(),
  targetsDown: z.number().int().optional(),
  error: ErrorShapeSchema.optional(),
});
export type PrometheusStatus = z.infer<typeof PrometheusStatus>;

/** Something that happened to a host, drawn on the charts' time axis. */
export const TimelineMarker = z.object({
  at: z.string(),
  kind: z.enum(['audit', 'run', 'check']),
  title: z.string(),
  detail: z.string(),
  host: z.string(),
  tone: z.enum(['ok', 'warn', 'crit', 'unknown', 'busy']),
  /** A workflow run: clicking the marker opens it. */
  runId: z.string().optional(),
});
export type TimelineMarker = z.infer<typeof TimelineMarker>;
