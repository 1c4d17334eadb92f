import type { ErrorShape } from '../contract';

export interface Output {
  json: boolean;
  result(value: unknown, table?: () => string): void;
  error(error: ErrorShape): void;
  info(text: string): void;
}

export function createOutput(json: boolean, out = process.stdout, err = process.stderr): Output {
  return {
    json,
    result(value, table) {
      out.write(json || !table ? `${JSON.stringify(value, null, 2)}\n` : `${table()}\n`);
    },
    error(error) {
      if (json) out.write(`${JSON.stringify({ error }, null, 2)}\n`);
      else err.write(`opsdeck: ${error.message}\n  hint: ${error.hint}\n  [${error.code}]\n`);
    },
    info(text) {
      err.write(`${text}\n`);
    },
  };
}

/** Plain aligned columns, for humans. */
export function formatTable(headers: string[], rows: string[][]): string {
  if (!rows.length) return '(none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
