/** Byte counts for people, the same in the window, the CLI and run logs: isomorphic. */

/** Bytes → `850 B`, `12.4 KiB`, `3.1 MiB`, `1.20 GiB`; `—` for what is not a count. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
