/**
 * The tables' view logic, pure and shared by every table (hosts, the EC2 resources, …): free-text
 * search, facet filters, sorting, visible columns. Fast enough for every keystroke over 10,000
 * rows. `ui/VirtualTable` draws the same columns; `ui/columns.tsx` makes the common ones.
 */

export interface ColumnModel<T> {
  id: string;
  label: string;
  /** Sort key; columns without one cannot be sorted. */
  sortValue?(row: T): string | number;
  /** Values a facet filter offers (e.g. state, type, zone; a host's groups). */
  facet?(row: T): string | readonly string[];
  /**
   * A row with several values matches a facet when ANY of them is chosen (default), or only
   * when it has ALL the chosen ones (tags that narrow down).
   */
  facetMatch?: 'any' | 'all';
  /**
   * Shown when the user has not chosen: true/false, or only when the table mixes regions or
   * accounts (the region and account columns).
   */
  visible?: boolean | 'multi-region' | 'multi-account';
}

export interface TableModel<T> {
  columns: readonly ColumnModel<T>[];
  /** Everything the search box looks at, for one row. */
  searchText(row: T): string;
  /** Rows that sort equal keep the listing's order, or this one (e.g. by name). */
  tieBreak?(row: T): string;
}

export interface ViewFilter {
  /** Whitespace-separated words; every word must appear somewhere in the row. */
  query: string;
  /** Per facet column, the accepted values (a row matches ANY of them; facets combine with AND). */
  facets: Readonly<Record<string, readonly string[]>>;
}

export interface SortState {
  column: string;
  dir: 'asc' | 'desc';
}

export const emptyFilter: ViewFilter = { query: '', facets: {} };

const haystacks = new WeakMap<object, string>();
function haystack<T>(model: TableModel<T>, row: T): string {
  const key = row as unknown as object;
  let s = haystacks.get(key);
  if (s === undefined) {
    s = model.searchText(row).toLowerCase();
    haystacks.set(key, s);
  }
  return s;
}

export const queryWords = (q: string) => q.toLowerCase().split(/\s+/).filter(Boolean);

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const compare = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));

/** Filter then sort (stable: ties keep the listing order). Returns a new array. */
export function applyView<T>(
  rows: readonly T[],
  model: TableModel<T>,
  filter: ViewFilter,
  sort: SortState | null,
): T[] {
  const words = queryWords(filter.query);
  const facets = Object.entries(filter.facets)
    .filter(([, values]) => values.length > 0)
    .map(([id, values]) => ({ column: model.columns.find((c) => c.id === id), values }))
    .filter((f): f is { column: ColumnModel<T>; values: readonly string[] } => !!f.column?.facet);
  const kept: T[] = [];
  for (const row of rows) {
    if (!facets.every((f) => facetMatches(f.column, row, f.values))) continue;
    if (words.length && !words.every((w) => haystack(model, row).includes(w))) continue;
    kept.push(row);
  }
  const get = sort ? model.columns.find((c) => c.id === sort.column)?.sortValue : undefined;
  if (!sort || !get) return kept;
  const sign = sort.dir === 'asc' ? 1 : -1;
  const tie = model.tieBreak;
  const keyed = kept.map((row, i) => ({ row, i, k: get(row), t: tie ? tie(row) : '' }));
  keyed.sort((x, y) => sign * compare(x.k, y.k) || collator.compare(x.t, y.t) || x.i - y.i);
  return keyed.map((x) => x.row);
}

const valuesOf = (v: string | readonly string[]): readonly string[] =>
  typeof v === 'string' ? [v] : v;

function facetMatches<T>(column: ColumnModel<T>, row: T, chosen: readonly string[]): boolean {
  const has = valuesOf(column.facet!(row));
  return column.facetMatch === 'all'
    ? chosen.every((v) => has.includes(v))
    : has.some((v) => chosen.includes(v));
}

export interface Facet {
  value: string;
  count: number;
}

/** The values of a facet column present in the rows, with counts: most frequent first, or A–Z. */
export function facetValues<T>(
  rows: readonly T[],
  get: (row: T) => string | readonly string[],
  order: 'count' | 'name' = 'count',
): Facet[] {
  const m = new Map<string, number>();
  for (const r of rows) for (const v of valuesOf(get(r))) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort(
      (a, b) => (order === 'count' ? b.count - a.count : 0) || collator.compare(a.value, b.value),
    );
}

/** Clicking a header: same column flips direction, another column sorts ascending. */
export function nextSort(current: SortState | null, column: string): SortState {
  return current?.column === column
    ? { column, dir: current.dir === 'asc' ? 'desc' : 'asc' }
    : { column, dir: 'asc' };
}

export function toggleValue(list: readonly string[] | undefined, value: string): string[] {
  const l = list ?? [];
  return l.includes(value) ? l.filter((v) => v !== value) : [...l, value];
}

/** Which columns show: the user's choice where made, else the column's default for the scope. */
export function isColumnVisible<T>(
  column: ColumnModel<T>,
  chosen: Readonly<Record<string, boolean>>,
  scope: { multiRegion: boolean; multiAccount: boolean },
): boolean {
  const c = chosen[column.id];
  if (c !== undefined) return c;
  const v = column.visible ?? true;
  if (v === 'multi-region') return scope.multiRegion;
  if (v === 'multi-account') return scope.multiAccount;
  return v;
}

/** Persisted column choices: a small JSON map per table, tolerant of junk. */
export function parseColumnChoices(raw: string | null): Record<string, boolean> {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).filter(
        (e): e is [string, boolean] => typeof e[1] === 'boolean',
      ),
    );
  } catch {
    return {};
  }
}
