import { useMemo, useState } from 'react';
import {
  combineInstances,
  formatMetric,
  isMetricId,
  METRICS,
  type MetricId,
  type OverlaySample,
} from '../../../src-main/contract';
import { nav } from '../../app/nav-store';
import { useHostList } from '../../app/contributions';
import { ErrorNote } from '../../ui/ErrorNote';
import { useNow } from '../../ui/useNow';
import { StatusBadge } from '../../ui/Status';
import { colorAt } from './chart-options';
import { openMarker } from './HostDashboard';
import { useMetricsSettings } from './metrics-settings-store';
import { hostColumnsOf } from './overlay-model';
import { alignedData, averageOf, lastValue, oddOnesOut } from './series-buffer';
import { useTimeWindow, windowAt } from './time-window';
import { UPlotChart } from './UPlotChart';
import { useSeries } from './use-series';
import { useTimeline } from './use-timeline';
import { WindowControls } from './WindowControls';

/** How many hosts the top-N list names. */
const TOP = 5;

/**
 * A group overlay, Ganglia-style: one metric of every host of a group on one chart, with the
 * hosts that stand out from the group (farthest from its median over the window) listed first.
 */
export function OverlayView({ group, metric }: { group: string; metric: MetricId }) {
  const { hosts } = useHostList();
  const members = useMemo(
    () =>
      hosts
        .filter((h) => group === '*' || h.groups.includes(group))
        .map((h) => h.name)
        // Natural order: db2 before db10.
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
        .slice(0, 200),
    [hosts, group],
  );
  const settings = useMetricsSettings((s) => s.settings);
  const source = useMetricsSettings((s) => s.source) ?? 'ssh';
  const pick = useMetricsSettings((s) => s.pick);
  const [focus, setFocus] = useState<string | null>(null);
  const spec = useMemo(
    () => ({
      key: members.length ? `${members.join(',')} ${metric} ${source}` : null,
      history: { hosts: members, series: [metric], source, maxPoints: 900 },
      columnsOf: (h: Parameters<typeof hostColumnsOf>[0]) => hostColumnsOf(h, metric),
      feed: 'metrics.overlay' as const,
      params: {
        hosts: members,
        series: metric,
        source,
        intervalMs: source === 'ssh' ? 1000 : 5000,
      },
      toColumns: (s: OverlaySample) => ({ t: s.t, values: s.values }),
    }),
    [members, metric, source],
  );
  const view = useSeries(spec);
  const w = useTimeWindow();
  const now = useNow(w.live, 1000);
  const range = windowAt(w, now) as [number, number];
  const markers = useTimeline(members, range[0]);
  const unit = METRICS[metric].unit;
  const series = useMemo(
    () =>
      members.map((h, i) => ({
        key: h,
        label: h,
        color: focus && focus !== h ? '#8a93a655' : colorAt(i),
      })),
    [members, focus],
  );
  // `view` is a new object whenever its (in-place mutated) buffer changed: it stands for the data.
  const [from, to] = range;
  const data = useMemo(
    () => alignedData(view.buffer, members, from, to),
    [view, members, from, to],
  );
  const ranking = useMemo(() => {
    const avgs = new Map<string, number>();
    for (const h of members) {
      const a = averageOf(view.buffer, h, from, to);
      if (a !== null) avgs.set(h, a);
    }
    return oddOnesOut(avgs, TOP);
  }, [view, members, from, to]);

  const openHost = (name: string) => {
    const h = hosts.find((x) => x.name === name);
    if (h) nav().open({ kind: 'host', hostId: h.id, title: h.name });
  };

  if (members.length === 0) return <p className="muted">No host is in the group {group}.</p>;
  return (
    <div className="group-overlay" data-testid="overlay">
      <div className="toolbar dashboard-bar">
        <WindowControls source={source} onSource={pick} prometheus={!!settings?.prometheus} />
        <span className="spacer" />
        <span className="muted">
          {members.length} hosts · {METRICS[metric].label}
          {isMetricId(metric) && METRICS[metric].instance
            ? ` (${combineInstances(metric) === 'sum' ? 'all' : 'busiest'} ${METRICS[metric].instance}s)`
            : ''}
        </span>
        <StatusBadge
          tone={view.status === 'live' ? 'ok' : view.status === 'loading' ? 'busy' : 'unknown'}
          testId="overlay-status"
        >
          {view.status === 'live' ? 'LIVE' : view.status === 'loading' ? 'loading' : 'UNKNOWN'}
        </StatusBadge>
      </div>
      {view.error && view.status !== 'live' ? <ErrorNote error={view.error} /> : null}
      <div className="group-overlay-body">
        <section className="chart-panel wide" data-testid="overlay-chart">
          <UPlotChart
            unit={unit}
            series={series}
            data={data}
            window={range}
            markers={markers}
            onMarker={openMarker}
            label={`${metric} of ${group}`}
            height={320}
          />
        </section>
        <aside className="topn" aria-label="Hosts that stand out">
          <h2>Stands out (vs. group median)</h2>
          <ol data-testid="overlay-topn">
            {ranking.map((r) => (
              <li
                key={r.key}
                onMouseEnter={() => setFocus(r.key)}
                onMouseLeave={() => setFocus(null)}
              >
                <button type="button" className="link" onClick={() => openHost(r.key)}>
                  {r.key}
                </button>
                <span className="mono">{formatMetric(r.avg, unit)}</span>
                <span className={`mono ${r.off > 0 ? 'tone-text-warn' : 'faint'}`}>
                  {r.off > 0 ? '+' : r.off < 0 ? '−' : '±'}
                  {formatMetric(Math.abs(r.off), unit)}
                </span>
              </li>
            ))}
          </ol>
          <h2>Now</h2>
          <ul className="group-overlay-now">
            {members.map((h, i) => (
              <li key={h} onMouseEnter={() => setFocus(h)} onMouseLeave={() => setFocus(null)}>
                <span className="swatch" style={{ background: colorAt(i) }} />
                {h}
                <span className="mono">{formatMetric(lastValue(view.buffer, h), unit)}</span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}
