import { formatTable } from '../output';

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A cell: scalars as they are, lists of scalars joined, anything larger summarised. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (isScalar(v)) return String(v);
  if (Array.isArray(v)) return v.every(isScalar) ? v.join(',') : `[${v.length}]`;
  return '{…}';
}

const MAX_COLUMNS = 8;
const header = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Rows as a table: the columns that hold scalars (or lists of them), in first-seen order. */
export function renderRows(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const row of rows)
    for (const [k, v] of Object.entries(row))
      if (!columns.includes(k) && (isScalar(v) || (Array.isArray(v) && v.every(isScalar))))
        columns.push(k);
  const shown = columns.slice(0, MAX_COLUMNS);
  return formatTable(
    shown.map(header),
    rows.map((r) => shown.map((k) => cell(r[k]))),
  );
}

function renderObject(value: Row, indent = ''): string[] {
  const keys = Object.keys(value);
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines: string[] = [];
  for (const k of keys) {
    const v = value[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length && v.every(isRow)) {
      lines.push(`${indent}${k}:`);
      lines.push(
        ...renderRows(v)
          .split('\n')
          .map((l) => `${indent}  ${l}`),
      );
    } else if (isRow(v)) {
      lines.push(`${indent}${k}:`, ...renderObject(v, `${indent}  `));
    } else {
      const text = typeof v === 'string' && v.includes('\n') ? `\n${v}` : cell(v);
      lines.push(`${indent}${k.padEnd(width)}  ${text}`);
    }
  }
  return lines;
}

/**
 * A result for people, whatever its shape: a list of objects as a table, an object as aligned
 * `key  value` lines (nested objects indented, lists of objects as tables), a scalar as is.
 * `--json` prints the result itself instead.
 */
export function renderResult(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.every(isRow)) return renderRows(value);
    return value.map(cell).join('\n') || '(none)';
  }
  if (isRow(value)) return renderObject(value).join('\n') || '(empty)';
  return cell(value);
}
