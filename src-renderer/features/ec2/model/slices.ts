/**
 * A table's rows arrive per account and region ("slices"), so the first region shows while the
 * others are still listing, and a refresh replaces one slice at a time without a flicker. Pure.
 */
import type { ErrorShape } from '../../../../src-main/contract';

export interface Job {
  account: string;
  region: string;
}

export interface Slice<T> extends Job {
  rows: readonly T[];
  /** Set when this account/region could not be listed (its previous rows, if any, are kept). */
  error?: ErrorShape;
}

export const sliceKey = (j: Job) => `${j.account}\n${j.region}`;

export interface Merged<T> {
  rows: T[];
  failed: { account: string; region: string; error: ErrorShape }[];
}

/** All rows in job order, and the slices that failed. */
export function merge<T>(slices: ReadonlyMap<string, Slice<T>>, order: readonly Job[]): Merged<T> {
  const rows: T[] = [];
  const failed: Merged<T>['failed'] = [];
  for (const job of order) {
    const s = slices.get(sliceKey(job));
    if (!s) continue;
    for (const r of s.rows) rows.push(r);
    if (s.error) failed.push({ account: s.account, region: s.region, error: s.error });
  }
  return { rows, failed };
}

/** Put one slice in (a failed one keeps the rows it had). */
export function withSlice<T>(
  slices: ReadonlyMap<string, Slice<T>>,
  slice: Slice<T>,
): Map<string, Slice<T>> {
  const next = new Map(slices);
  const key = sliceKey(slice);
  const old = slices.get(key);
  next.set(key, slice.error ? { ...slice, rows: old?.rows ?? [] } : slice);
  return next;
}

/** Keep only the slices of these jobs (a region or account left the scope). */
export function onlyJobs<T>(
  slices: ReadonlyMap<string, Slice<T>>,
  jobs: readonly Job[],
): Map<string, Slice<T>> {
  const keep = new Set(jobs.map(sliceKey));
  return new Map([...slices].filter(([k]) => keep.has(k)));
}

/** Run `fn` over the items, at most `limit` at a time. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
