/** `YYYYmmdd-HHMMSS` in UTC: for file names that sort by time and do not depend on a zone. */
export function stamp(date: Date): string {
  const iso = date.toISOString(); // 2025-01-31T12:34:56.789Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
