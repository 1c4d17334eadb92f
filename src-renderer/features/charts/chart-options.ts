import type uPlot from 'uplot';
import { formatMetric, type MetricUnit, type TimelineMarker } from '../../../src-main/contract';

/** Line colours: distinct in light and dark themes, never the status colours (those mean states). */
export const PALETTE = [
  '#4e8ff0',
  '#e8833a',
  '#38b2a3',
  '#b36bd6',
  '#d4a72c',
  '#e0607e',
  '#6fa84f',
  '#8a93a6',
  '#2fa0d6',
  '#c9794d',
];

export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;

/** Theme colours uPlot draws with (it paints a canvas: CSS variables are read once per chart). */
export function themeColors(el: Element): {
  text: string;
  grid: string;
  tone: Record<string, string>;
} {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text-muted', '#5d636e'),
    grid: v('--border', '#dadde3'),
    tone: {
      ok: v('--ok', '#1a7f37'),
      warn: v('--warn', '#9a6200'),
      crit: v('--crit', '#c8222c'),
      unknown: v('--unknown', '#6b717b'),
      busy: v('--busy', '#2563d8'),
    },
  };
}

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface MarkerHandlers {
  markers(): readonly TimelineMarker[];
  onClick(marker: TimelineMarker): void;
  tone: Record<string, string>;
}

/**
 * Incident markers on the time axis: a dashed line per marker on the canvas, and a small flag
 * at the top that names it (title) and opens it (a run) when clicked.
 */
export function markersPlugin(h: MarkerHandlers): uPlot.Plugin {
  let layer: HTMLDivElement | undefined;
  return {
    hooks: {
      init: (u) => {
        layer = document.createElement('div');
        layer.className = 'chart-markers';
        u.over.appendChild(layer);
      },
      draw: (u) => {
        const markers = h.markers();
        const ctx = u.ctx;
        const { top, height } = u.bbox;
        const xs = u.scales.x;
        ctx.save();
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        const visible: { m: TimelineMarker; x: number }[] = [];
        for (const m of markers) {
          const t = Date.parse(m.at) / 1000;
          if (xs?.min === undefined || xs.max === undefined || t < xs.min || t > xs.max) continue;
          const x = Math.round(u.valToPos(t, 'x', true));
          ctx.strokeStyle = h.tone[m.tone] ?? h.tone.unknown!;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          visible.push({ m, x: u.valToPos(t, 'x') });
        }
        ctx.restore();
        if (!layer) return;
        layer.replaceChildren(
          ...visible.map(({ m, x }) => {
            const flag = document.createElement('button');
            flag.type = 'button';
            flag.className = `chart-marker tone-${m.tone}${m.runId ? ' link' : ''}`;
            flag.style.left = `${x}px`;
            flag.title = `${new Date(m.at).toLocaleString()} — ${m.host}: ${m.title}\n${m.detail}`;
            flag.dataset.testid = 'chart-marker';
            flag.setAttribute('aria-label', `${m.kind} ${m.title} on ${m.host}`);
            flag.addEventListener('click', (e) => {
              e.stopPropagation();
              h.onClick(m);
            });
            return flag;
          }),
        );
      },
    },
  };
}

export interface OptionsInput {
  width: number;
  height: number;
  unit: MetricUnit;
  series: readonly ChartSeries[];
  range?: readonly [number, number] | undefined;
  syncKey: string;
  colors: ReturnType<typeof themeColors>;
  onSelect(fromSec: number, toSec: number): void;
  plugins: uPlot.Plugin[];
  /** Compact (sparkline): no axes, legend or cursor. */
  spark?: boolean;
}

/** uPlot options for a metric chart: time x axis, y in the metric's unit, shared crosshair. */
export function chartOptions(o: OptionsInput): uPlot.Options {
  const fmt = (v: number | null) => formatMetric(v, o.unit);
  if (o.spark) {
    return {
      width: o.width,
      height: o.height,
      pxAlign: false,
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: false },
      scales: {
        x: { time: false },
        // Headroom above the highest value: a steady series is a line inside the cell, not its edge.
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.25 : 1] },
      },
      axes: [{ show: false }, { show: false }],
      series: [
        {},
        ...o.series.map((s) => ({
          stroke: s.color,
          width: 1,
          fill: `${s.color}22`,
          points: { show: false },
          // A host's samples of different kinds land at different instants, so one series has
          // nulls between its values: joined, a sparkline is a line, not invisible dots.
          spanGaps: true,
        })),
      ],
    };
  }
  return {
    width: o.width,
    height: o.height,
    padding: [6, 8, 0, 0],
    cursor: {
      sync: { key: o.syncKey, setSeries: false },
      drag: { x: true, y: false, setScale: false },
      points: { size: 5 },
    },
    legend: { live: true },
    scales: {
      x: { time: true },
      y: o.range
        ? { range: [o.range[0], o.range[1]] }
        : { range: (_u, min, max) => [Math.min(0, min), max > min ? max * 1.05 : max + 1] },
    },
    axes: [
      {
        stroke: o.colors.text,
        grid: { stroke: o.colors.grid, width: 1 },
        ticks: { stroke: o.colors.grid },
        space: 60,
      },
      {
        stroke: o.colors.text,
        grid: { stroke: o.colors.grid, width: 1 },
        ticks: { stroke: o.colors.grid },
        // As wide as its longest label (uPlot's axis-autosize idea), so no label is cut.
        size: (_u, values) =>
          values ? Math.ceil(Math.max(...values.map((v) => v.length), 3) * 6.6) + 18 : 48,
        values: (_u, splits) => splits.map((v) => (o.unit === 'bool' ? String(v) : fmt(v))),
      },
    ],
    series: [
      { value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleTimeString()) },
      ...o.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => fmt(v),
      })),
    ],
    hooks: {
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width > 4) o.onSelect(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
    plugins: o.plugins,
  };
}
