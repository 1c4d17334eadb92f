/**
 * Columns of samples for charts, pure: times (ms, ascending) and one column per series
 * (a series key of one host, or a host of an overlay), null where a series had no value.
 * History comes in first, live samples are appended; old points are dropped past a horizon.
 */
export interface SeriesBuffer {
  t: number[];
  cols: Map<string, (number | null)[]>;
}

export const emptyBuffer = (): SeriesBuffer => ({ t: [], cols: new Map() });

/** A buffer from aligned history columns (`History` of the contract: t + one array per series). */
export function bufferFrom(
  t: readonly number[],
  columns: ReadonlyMap<string, readonly (number | null)[]>,
): SeriesBuffer {
  return { t: [...t], cols: new Map([...columns].map(([k, v]) => [k, [...v]])) };
}

/**
 * Append one sample at `t` (ms): every known column gets its value or null, a new series gets a
 * column padded with nulls. A sample not newer than the last is ignored (a late duplicate).
 */
export function appendSample(
  buf: SeriesBuffer,
  t: number,
  values: Readonly<Record<string, number>>,
): boolean {
  const last = buf.t[buf.t.length - 1];
  if (last !== undefined && t <= last) return false;
  const n = buf.t.length;
  buf.t.push(t);
  for (const [key, col] of buf.cols) col.push(values[key] ?? null);
  for (const key of Object.keys(values)) {
    if (buf.cols.has(key)) continue;
    const col = new Array<number | null>(n).fill(null);
    col.push(values[key]!);
    buf.cols.set(key, col);
  }
  return true;
}

/** Drop points older than `fromMs` (keeps memory flat in a long live tail). */
export function trimBefore(buf: SeriesBuffer, fromMs: number): void {
  let i = 0;
  while (i < buf.t.length && buf.t[i]! < fromMs) i++;
  if (i === 0) return;
  buf.t.splice(0, i);
  for (const col of buf.cols.values()) col.splice(0, i);
}

/** Keys of the buffer that `match` accepts, sorted. */
export function keysWhere(buf: SeriesBuffer, match: (key: string) => boolean): string[] {
  return [...buf.cols.keys()].filter(match).sort();
}

/**
 * uPlot's aligned data for `keys` over [fromMs, toMs]: x in seconds, then one array per key.
 * Only the visible window is copied.
 */
export function alignedData(
  buf: SeriesBuffer,
  keys: readonly string[],
  fromMs: number,
  toMs: number,
): [number[], ...(number | null)[][]] {
  let lo = 0;
  while (lo < buf.t.length && buf.t[lo]! < fromMs) lo++;
  let hi = buf.t.length;
  while (hi > lo && buf.t[hi - 1]! > toMs) hi--;
  const x = buf.t.slice(lo, hi).map((t) => t / 1000);
  const ys = keys.map((k) => (buf.cols.get(k) ?? []).slice(lo, hi));
  return [x, ...ys];
}

/** The last value of a column (for legends, top-N lists). */
export function lastValue(buf: SeriesBuffer, key: string): number | null {
  const col = buf.cols.get(key);
  if (!col) return null;
  for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null) return col[i]!;
  return null;
}

/** Average of a column over [fromMs, toMs] (the overlay's "odd one out" compares these). */
export function averageOf(
  buf: SeriesBuffer,
  key: string,
  fromMs: number,
  toMs: number,
): number | null {
  const col = buf.cols.get(key);
  if (!col) return null;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < buf.t.length; i++) {
    const t = buf.t[i]!;
    const v = col[i];
    if (t < fromMs || t > toMs || v === null || v === undefined) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : null;
}

/**
 * The hosts whose average stands out: sorted by distance from the median of all averages,
 * farthest first (Ganglia's "which one is different").
 */
export function oddOnesOut(
  averages: ReadonlyMap<string, number>,
  top: number,
): { key: string; avg: number; off: number }[] {
  const values = [...averages.values()].sort((a, b) => a - b);
  if (values.length === 0) return [];
  const mid = Math.floor(values.length / 2);
  const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return [...averages]
    .map(([key, avg]) => ({ key, avg, off: avg - median }))
    .sort((a, b) => Math.abs(b.off) - Math.abs(a.off) || a.key.localeCompare(b.key))
    .slice(0, top);
}
