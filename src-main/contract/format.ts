/**
 * Formatting of sizes, rates and durations, shared by the core (log lines), the CLI and the
 * renderer (isomorphic: the one copy of each rule).
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Bytes → `850 B`, `12.4 KiB`, `3.1 MiB`, `1.20 GiB`, `2.00 TiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n < 1024 ** 4) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  return `${(n / 1024 ** 4).toFixed(2)} TiB`;
}

/** Durations: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 01 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** What a progress counts. */
export type ProgressUnit = 'bytes' | 'rows' | 'items' | 'percent';

/** A count in its unit: `3.1 MiB`, `12,400 rows`, `3 items`, `42 %`. */
export function formatAmount(n: number, unit: ProgressUnit): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  switch (unit) {
    case 'bytes':
      return formatBytes(n);
    case 'percent':
      return `${Math.round(n)} %`;
    case 'rows':
      return `${Math.round(n).toLocaleString('en-US')} rows`;
    case 'items':
      return `${Math.round(n).toLocaleString('en-US')}`;
  }
}

/** A rate per second in its unit: `12.4 MiB/s`, `1,200 rows/s`, `3.5/s`. */
export function formatRate(perSecond: number, unit: ProgressUnit): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—';
  switch (unit) {
    case 'bytes':
      return `${formatBytes(perSecond)}/s`;
    case 'rows':
      return `${Math.round(perSecond).toLocaleString('en-US')} rows/s`;
    case 'percent':
      return `${perSecond.toFixed(perSecond < 10 ? 1 : 0)} %/s`;
    case 'items':
      return `${perSecond.toFixed(perSecond < 10 ? 1 : 0)}/s`;
  }
}

/** Time left, coarse on purpose: `8 s`, `4 min 10 s`, `2 h 05 min`; `—` when unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return formatDuration(Math.round(seconds) * 1000);
}
