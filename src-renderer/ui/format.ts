/** Small formatting helpers shared by every screen (pure). Sizes, rates and durations are the
 * contract's, the same rules the core and the CLI print with. */
export {
  formatAmount,
  formatBytes,
  formatDuration,
  formatEta,
  formatRate,
} from '../../src-main/contract/format';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-11-23 14:05:09` in local time: unambiguous, sortable, fits a dense column. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `3 s`, `4 min`, `2 h`, `5 d` ago. */
export function formatAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Uptime: `41 d 3 h`, `5 h 12 min`. */
export function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

/** MiB → `512 MiB`, `15.6 GiB`, `1.2 TiB`. */
export function formatMiB(mib: number): string {
  if (mib < 1024) return `${Math.round(mib)} MiB`;
  if (mib < 1024 * 1024) return `${(mib / 1024).toFixed(mib < 10 * 1024 ? 1 : 0)} GiB`;
  return `${(mib / 1024 / 1024).toFixed(1)} TiB`;
}

/** Milliseconds between two ISO times (or until now while still going). */
export function elapsed(
  startIso: string | undefined,
  endIso: string | undefined,
  now = Date.now(),
): number | null {
  if (!startIso) return null;
  const start = new Date(startIso).getTime();
  const end = endIso ? new Date(endIso).getTime() : now;
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, end - start);
}
