import { useMemo, useState } from 'react';
import {
  HOST_DASHBOARD,
  keyOfMetric,
  type ChartDef,
  type DashboardSection,
  type History,
  type HostSample,
  type SeriesProblem,
  type TimelineMarker,
} from '../../../src-main/contract';
import { nav } from '../../app/nav-store';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import { formatAgo } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { chartLines } from './chart-series';
import { CollectionSettings } from './CollectionSettings';
import { useMetricsSettings } from './metrics-settings-store';
import { alignedData } from './series-buffer';
import { windowAt, useTimeWindow } from './time-window';
import { UPlotChart } from './UPlotChart';
import { useSeries, type SeriesView } from './use-series';
import { useTimeline } from './use-timeline';
import { WindowControls } from './WindowControls';

/** Every series family a dashboard reads (history asks for these). */
const FAMILIES = ['load', 'cpu', 'mem', 'swap', 'clock', 'disk', 'net', 'fs', 'mysql', 'haproxy'];

const hostColumns = (host: string) => (h: History) =>
  new Map(h.series.filter((s) => s.host === host).map((s) => [s.key, s.values]));

/** Open what a marker stands for: a run opens its tab. */
export function openMarker(m: TimelineMarker): void {
  if (m.runId) nav().open({ kind: 'run', runId: m.runId, title: m.title });
}

function ChartPanel({
  chart,
  view,
  window,
  markers,
}: {
  chart: ChartDef;
  /** The samples; a new object whenever the (in-place mutated) buffer changed. */
  view: SeriesView;
  window: [number, number];
  markers: readonly TimelineMarker[];
}) {
  const [from, to] = window;
  const { series, hidden } = useMemo(() => chartLines(chart, view.buffer), [chart, view]);
  const data = useMemo(
    () =>
      alignedData(
        view.buffer,
        series.map((s) => s.key),
        from,
        to,
      ),
    [view, series, from, to],
  );
  if (series.length === 0) return null;
  return (
    <section className="chart-panel" data-testid={`chart-${chart.id}`}>
      <header>
        <h4>{chart.title}</h4>
        {hidden ? <span className="faint">+{hidden} more (busiest shown)</span> : null}
      </header>
      <UPlotChart
        unit={chart.unit}
        series={series}
        data={data}
        window={window}
        range={chart.range}
        markers={markers}
        onMarker={openMarker}
        label={`${chart.title} chart`}
        height={150}
      />
    </section>
  );
}

function sectionProblems(
  section: DashboardSection,
  problems: readonly SeriesProblem[],
): SeriesProblem[] {
  return problems.filter((p) =>
    p.metrics.some(
      (m) =>
        m === section.id ||
        section.charts.some((c) => c.metrics.some((id) => id === m || id.startsWith(`${m}.`))),
    ),
  );
}

/**
 * A host's dashboard: system, disks, network, filesystems, MySQL, replication and HAProxy, from
 * the SSH collector or Prometheus, history first then the live tail, with the incident markers
 * on every chart and a crosshair shared by all.
 */
export function HostDashboard({ host }: { host: string }) {
  const settings = useMetricsSettings((s) => s.settings);
  const source = useMetricsSettings((s) => s.source) ?? 'ssh';
  const pick = useMetricsSettings((s) => s.pick);
  const [editing, setEditing] = useState(false);
  const spec = useMemo(
    () => ({
      key: `${host} ${source}`,
      history: { hosts: [host], series: FAMILIES, source, maxPoints: 1200 },
      columnsOf: hostColumns(host),
      feed: 'metrics.host' as const,
      params: { host, source, intervalMs: source === 'ssh' ? 1000 : 5000 },
      toColumns: (s: HostSample) => ({ t: s.t, values: s.values, problems: s.unknown }),
    }),
    [host, source],
  );
  const view = useSeries(spec);
  const w = useTimeWindow();
  const now = useNow(w.live, 1000);
  const window = windowAt(w, now) as [number, number];
  const markers = useTimeline([host], window[0]);
  const hasAny = (section: DashboardSection) =>
    [...view.buffer.cols.keys()].some((k) =>
      section.charts.some((c) => c.metrics.some((m) => keyOfMetric(k, m))),
    );

  return (
    <div className="dashboard" data-testid={`dashboard-${host}`}>
      <div className="toolbar dashboard-bar">
        <WindowControls source={source} onSource={pick} prometheus={!!settings?.prometheus} />
        <span className="spacer" />
        {view.status === 'live' ? (
          <StatusBadge tone="ok" testId="dashboard-status">
            LIVE{view.lastAt ? ` · ${formatAgo(new Date(view.lastAt).toISOString())}` : ''}
          </StatusBadge>
        ) : view.status === 'loading' ? (
          <StatusBadge tone="busy" testId="dashboard-status">
            loading
          </StatusBadge>
        ) : (
          <StatusBadge tone="unknown" testId="dashboard-status">
            UNKNOWN{view.retryInMs ? ` · retry in ${Math.round(view.retryInMs / 1000)} s` : ''}
          </StatusBadge>
        )}
        {markers.length ? <span className="muted">{markers.length} events</span> : null}
        {source === 'ssh' ? (
          <button
            type="button"
            className="btn small"
            data-testid="collection-open"
            onClick={() => setEditing(true)}
          >
            Collection…
          </button>
        ) : null}
      </div>
      {view.error && view.status !== 'live' ? (
        <div className="dashboard-error">
          <ErrorNote error={view.error} testId="dashboard-error" />
          {source === 'prometheus' ? (
            <button type="button" className="btn small" onClick={() => pick('ssh')}>
              Use the SSH collectors
            </button>
          ) : null}
        </div>
      ) : null}
      {HOST_DASHBOARD.map((section) => {
        const problems = sectionProblems(section, view.problems);
        if (!hasAny(section) && problems.length === 0) return null;
        return (
          <div key={section.id} className="dashboard-section" data-testid={`section-${section.id}`}>
            <h3>
              {section.title}
              {problems.map((p) => (
                <span key={p.metrics.join()} className="section-problem" title={p.error.hint}>
                  <StatusBadge tone="unknown">UNKNOWN</StatusBadge> {p.error.message}
                </span>
              ))}
            </h3>
            <div className="chart-grid">
              {section.charts.map((c) => (
                <ChartPanel key={c.id} chart={c} view={view} window={window} markers={markers} />
              ))}
            </div>
          </div>
        );
      })}
      {view.status === 'live' && view.buffer.t.length === 0 ? (
        <p className="muted">Waiting for the first sample…</p>
      ) : null}
      {editing ? <CollectionSettings host={host} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}
