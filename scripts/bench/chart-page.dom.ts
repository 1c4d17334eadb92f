/**
 * The chart bench's page (bundled by metrics-bench.mjs for Chromium): the renderer's own uPlot
 * options (chart-options) and series buffer, fed at 1 Hz like a live tail. A scenario is a set of
 * charts over the columns of `hosts × seriesPerHost` series, with a window of `spanSec` already
 * full of history, so every tick appends one sample per series, trims, and redraws every chart.
 * (`.dom.ts`: type-checked with the DOM, by tsconfig.renderer.json.)
 */
import uPlot from 'uplot';
import {
  chartOptions,
  colorAt,
  type ChartSeries,
} from '../../src-renderer/features/charts/chart-options';
import {
  alignedData,
  appendSample,
  emptyBuffer,
  trimBefore,
} from '../../src-renderer/features/charts/series-buffer';

export interface ChartSpec {
  /** Column keys this chart draws. */
  keys: string[];
  width: number;
  height: number;
  spark?: boolean;
}

export interface Scenario {
  hosts: number;
  seriesPerHost: number;
  spanSec: number;
  charts: ChartSpec[];
}

const key = (h: number, s: number) => `h${h}:s${s}`;

/** A smooth, noisy value per series so lines look like load and the y scale moves. */
const value = (h: number, s: number, t: number) =>
  50 + 30 * Math.sin(t / 60_000 + h * 0.7 + s) + 10 * Math.random();

function sampleAt(sc: Scenario, t: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let h = 0; h < sc.hosts; h++)
    for (let s = 0; s < sc.seriesPerHost; s++) out[key(h, s)] = value(h, s, t);
  return out;
}

let timer: ReturnType<typeof setInterval> | undefined;
let plots: uPlot[] = [];

/** Builds the charts (history included) and starts the 1 Hz tail; returns the number of points drawn per tick. */
function start(sc: Scenario): number {
  stop();
  const root = document.getElementById('root')!;
  const buf = emptyBuffer();
  const now = Date.now();
  for (let t = now - sc.spanSec * 1000; t <= now; t += 1000) appendSample(buf, t, sampleAt(sc, t));
  const colors = { text: '#5d636e', grid: '#dadde3', tone: {} };
  const charts = sc.charts.map((c, i) => {
    const box = document.createElement('div');
    root.appendChild(box);
    const series: ChartSeries[] = c.keys.map((k, j) => ({ key: k, label: k, color: colorAt(j) }));
    const opts = chartOptions({
      width: c.width,
      height: c.height,
      unit: 'pct',
      series,
      syncKey: c.spark ? `spark-${i}` : 'bench',
      colors,
      onSelect: () => undefined,
      plugins: [],
      ...(c.spark ? { spark: true } : {}),
    });
    const plot = new uPlot(opts, alignedData(buf, c.keys, now - sc.spanSec * 1000, now), box);
    return { spec: c, plot };
  });
  plots = charts.map((c) => c.plot);
  timer = setInterval(() => {
    const t = Date.now();
    appendSample(buf, t, sampleAt(sc, t));
    trimBefore(buf, t - sc.spanSec * 1000 - 60_000);
    const from = t - sc.spanSec * 1000;
    for (const { spec, plot } of charts)
      plot.batch(() => {
        plot.setData(alignedData(buf, spec.keys, from, t), true);
        if (!spec.spark) plot.setScale('x', { min: from / 1000, max: t / 1000 });
      });
  }, 1000);
  return sc.charts.reduce((n, c) => n + c.keys.length, 0) * (sc.spanSec + 1);
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
  for (const p of plots) p.destroy();
  plots = [];
  document.getElementById('root')!.replaceChildren();
}

Object.assign(globalThis, { chartBench: { start, stop, key } });
