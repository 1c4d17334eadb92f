import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import type { MetricUnit, TimelineMarker } from '../../../src-main/contract';
import { chartOptions, markersPlugin, themeColors, type ChartSeries } from './chart-options';
import { useTimeWindow } from './time-window';

export interface UPlotChartProps {
  unit: MetricUnit;
  series: readonly ChartSeries[];
  data: uPlot.AlignedData;
  /** The visible window (ms): shared by every chart on screen. */
  window: readonly [number, number];
  range?: readonly [number, number] | undefined;
  height?: number;
  markers?: readonly TimelineMarker[];
  onMarker?: (m: TimelineMarker) => void;
  /** Crosshair group: charts with the same key move their cursors together. */
  syncKey?: string;
  spark?: boolean;
  label: string;
  testId?: string;
}

/**
 * Without the pointer on a chart, its legend shows the latest values rather than dashes (after
 * uPlot has committed the data and reset its cursor, hence the frame).
 */
function showLatest(u: uPlot): void {
  requestAnimationFrame(() => {
    const n = u.data[0]?.length ?? 0;
    if (n > 0 && (u.cursor.left ?? -1) < 0 && u.status === 1) u.setLegend({ idx: n - 1 }, false);
  });
}

/**
 * One uPlot chart. It is created once per set of series (a new series rebuilds it) and then fed
 * with `setData` — no React re-render of the canvas. Dragging selects a range to zoom into,
 * Shift+drag pans, a double click returns to the live tail; the window is shared by all charts.
 */
export function UPlotChart(props: UPlotChartProps) {
  const box = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const structure = `${props.unit} ${props.spark ? 'spark' : ''} ${props.range?.join(',') ?? ''} ${props.series.map((s) => `${s.key}=${s.color}`).join('|')}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const colors = themeColors(el);
    const p = latest.current;
    const minWidth = p.spark ? 30 : 120;
    const width = Math.max(minWidth, el.clientWidth);
    const height = p.height ?? 180;
    const plugins = p.spark
      ? []
      : [
          markersPlugin({
            markers: () => latest.current.markers ?? [],
            onClick: (m) => latest.current.onMarker?.(m),
            tone: colors.tone,
          }),
        ];
    const u = new uPlot(
      chartOptions({
        width,
        height,
        unit: p.unit,
        series: p.series,
        range: p.range,
        syncKey: p.syncKey ?? 'opsdeck',
        colors,
        plugins,
        ...(p.spark ? { spark: true } : {}),
        onSelect: (from, to) => useTimeWindow.getState().zoom(from * 1000, to * 1000),
      }),
      p.data,
      el,
    );
    plot.current = u;
    if (!p.spark) u.setScale('x', { min: p.window[0] / 1000, max: p.window[1] / 1000 });
    const resize = new ResizeObserver(() => {
      const w = Math.max(minWidth, el.clientWidth);
      if (Math.abs(w - u.width) > 1) u.setSize({ width: w, height });
    });
    resize.observe(el);
    // Shift+drag pans the shared window; a double click goes back to the live tail.
    let panFrom: number | null = null;
    const down = (e: MouseEvent) => {
      if (!e.shiftKey) return;
      e.stopPropagation();
      panFrom = e.clientX;
    };
    const up = (e: MouseEvent) => {
      if (panFrom === null) return;
      const dx = e.clientX - panFrom;
      panFrom = null;
      if (Math.abs(dx) > 3) useTimeWindow.getState().pan(-dx / u.over.clientWidth);
    };
    const dbl = () => useTimeWindow.getState().goLive();
    const leave = () => showLatest(u);
    u.over.addEventListener('mouseleave', leave);
    u.over.addEventListener('mousedown', down, true);
    window.addEventListener('mouseup', up);
    u.over.addEventListener('dblclick', dbl);
    return () => {
      resize.disconnect();
      window.removeEventListener('mouseup', up);
      u.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change (`structure`); data flows through setData.
  }, [structure]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.batch(() => {
      u.setData(props.data, true);
      if (!props.spark)
        u.setScale('x', { min: props.window[0] / 1000, max: props.window[1] / 1000 });
    });
    if (!props.spark) showLatest(u);
  }, [props.data, props.window, props.spark]);

  useEffect(() => {
    plot.current?.redraw(false, false);
  }, [props.markers]);

  return (
    <div
      ref={box}
      className={props.spark ? 'sparkline' : 'uplot-box'}
      aria-label={props.label}
      role="img"
      data-testid={props.testId}
    />
  );
}
