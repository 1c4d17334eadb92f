/** Reading values out of result rows (mysql2 returns strings, numbers, Buffers or null). */
export type Row = Record<string, unknown>;

/** A value from a result row as text ('' for NULL/undefined). */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** A value from a result row as a number (null when empty/NULL/not numeric). */
export function num(value: unknown): number | null {
  const t = text(value).trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** ON/OFF/1/0/YES/NO as a boolean. */
export function bool(value: unknown): boolean {
  return /^(1|on|yes|true)$/i.test(text(value).trim());
}
