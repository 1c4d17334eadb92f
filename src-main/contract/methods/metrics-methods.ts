import { z } from 'zod';
import { defineMethod } from '../define';
import {
  CollectorInfo,
  History,
  HistoryParams,
  HostMetricsSettings,
  MetricsSettings,
  MetricsSettingsPatch,
  PrometheusSettings,
  PrometheusStatus,
  TimelineMarker,
  hostRef,
  timeRangeStart,
} from '../metrics';

/** Live charts: history, sources, settings, the incident timeline (live data: metrics.* feeds). */
export const metricsMethods = {
  'metrics.history': defineMethod({
    summary:
      'Series of hosts over a time range: from the store (raw 1 h, 1-min rollups 7 d, 1-h rollups 90 d) or Prometheus',
    params: HistoryParams,
    result: History,
    events: [],
    mutates: false,
  }),
  'metrics.settings': defineMethod({
    summary: 'The workspace metrics settings: default source, Prometheus URL',
    params: z.object({}).strict(),
    result: MetricsSettings,
    events: [],
    mutates: false,
  }),
  'metrics.configure': defineMethod({
    summary: 'Change the default source or the Prometheus to read from (null removes it)',
    params: MetricsSettingsPatch,
    result: MetricsSettings,
    events: ['metrics.changed'],
    mutates: true,
  }),
  'metrics.hostSettings': defineMethod({
    summary: 'What Opsdeck collects on a host besides /proc (MySQL, HAProxy stats)',
    params: z.object({ host: hostRef }).strict(),
    result: HostMetricsSettings,
    events: [],
    mutates: false,
  }),
  'metrics.configureHost': defineMethod({
    summary: 'Set what Opsdeck collects on a host (MySQL on/off, HAProxy stats URL or socket)',
    params: z.object({ host: hostRef, settings: HostMetricsSettings }).strict(),
    result: HostMetricsSettings,
    events: ['metrics.changed'],
    mutates: true,
  }),
  'metrics.collectors': defineMethod({
    summary: 'The SSH collectors running now: state, interval, who watches, last error',
    params: z.object({}).strict(),
    result: z.array(CollectorInfo),
    events: [],
    mutates: false,
  }),
  'metrics.prometheusStatus': defineMethod({
    summary: 'Reach the configured (or a given) Prometheus: version and scrape targets up/down',
    params: z.object({ prometheus: PrometheusSettings.optional() }).strict(),
    result: PrometheusStatus,
    events: [],
    mutates: false,
  }),
  'metrics.timeline': defineMethod({
    summary:
      'What happened to hosts in a time range: audit records, workflow runs, check changes (markers for the charts)',
    params: z
      .object({
        hosts: z.array(hostRef).min(1).max(200),
        since: timeRangeStart.describe('ISO start time, or seconds back from now (default 3600)'),
        until: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    result: z.array(TimelineMarker),
    events: [],
    mutates: false,
  }),
} as const;
