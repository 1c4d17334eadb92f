import { describe, expect, it } from 'vitest';
import {
  applyView,
  emptyFilter,
  facetValues,
  isColumnVisible,
  nextSort,
  parseColumnChoices,
  toggleValue,
  type TableModel,
} from './table-model';

interface R {
  id: string;
  name: string;
  state: string;
  size: number;
  region: string;
}
const model: TableModel<R> = {
  columns: [
    { id: 'name', label: 'Name', sortValue: (r) => r.name },
    { id: 'state', label: 'State', sortValue: (r) => r.state, facet: (r) => r.state },
    { id: 'size', label: 'Size', sortValue: (r) => r.size },
    { id: 'region', label: 'Region', facet: (r) => r.region, visible: 'multi-region' },
    { id: 'tags', label: 'Tags', visible: false },
  ],
  searchText: (r) => `${r.id} ${r.name} ${r.region}`,
};
const rows: R[] = [
  { id: 'i-1', name: 'web-10', state: 'running', size: 8, region: 'us-east-1' },
  { id: 'i-2', name: 'web-9', state: 'stopped', size: 100, region: 'eu-west-1' },
  { id: 'i-3', name: 'db-1', state: 'running', size: 20, region: 'eu-west-1' },
];
const ids = (list: R[]) => list.map((r) => r.id);

describe('table model', () => {
  it('searches every word across the row', () => {
    expect(ids(applyView(rows, model, { ...emptyFilter, query: 'web eu' }, null))).toEqual(['i-2']);
    expect(ids(applyView(rows, model, { ...emptyFilter, query: 'I-3' }, null))).toEqual(['i-3']);
  });

  it('facets: any value within a facet, all facets together', () => {
    const f = { query: '', facets: { state: ['running'], region: ['eu-west-1', 'us-east-1'] } };
    expect(ids(applyView(rows, model, f, null))).toEqual(['i-1', 'i-3']);
    const g = { query: '', facets: { state: ['running'], region: ['eu-west-1'] } };
    expect(ids(applyView(rows, model, g, null))).toEqual(['i-3']);
    expect(ids(applyView(rows, model, { query: '', facets: { state: [] } }, null))).toHaveLength(3);
  });

  it('sorts naturally (web-9 before web-10), numbers as numbers, stable', () => {
    expect(ids(applyView(rows, model, emptyFilter, { column: 'name', dir: 'asc' }))).toEqual([
      'i-3',
      'i-2',
      'i-1',
    ]);
    expect(ids(applyView(rows, model, emptyFilter, { column: 'size', dir: 'desc' }))).toEqual([
      'i-2',
      'i-3',
      'i-1',
    ]);
    expect(ids(applyView(rows, model, emptyFilter, { column: 'state', dir: 'asc' }))).toEqual([
      'i-1',
      'i-3',
      'i-2',
    ]);
    expect(nextSort({ column: 'name', dir: 'asc' }, 'name')).toEqual({
      column: 'name',
      dir: 'desc',
    });
    expect(nextSort({ column: 'name', dir: 'desc' }, 'size')).toEqual({
      column: 'size',
      dir: 'asc',
    });
  });

  it('counts facet values, most frequent first', () => {
    expect(facetValues(rows, (r) => r.state)).toEqual([
      { value: 'running', count: 2 },
      { value: 'stopped', count: 1 },
    ]);
    expect(toggleValue(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleValue(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('shows columns by choice, else by default for the scope', () => {
    const region = model.columns[3]!;
    const tags = model.columns[4]!;
    const one = { multiRegion: false, multiAccount: false };
    const all = { multiRegion: true, multiAccount: false };
    expect(isColumnVisible(region, {}, one)).toBe(false);
    expect(isColumnVisible(region, {}, all)).toBe(true);
    expect(isColumnVisible(region, { region: false }, all)).toBe(false);
    expect(isColumnVisible(tags, {}, all)).toBe(false);
    expect(isColumnVisible(tags, { tags: true }, one)).toBe(true);
    expect(parseColumnChoices('{"tags":true,"x":3}')).toEqual({ tags: true });
    expect(parseColumnChoices('nope')).toEqual({});
    expect(parseColumnChoices('[1]')).toEqual({});
  });

  it('at 10,000 rows, each keystroke does linear work: row text built once, one sort key per kept row', () => {
    // What keeps typing in a big table fast (timings live in the benches, scripts/bench):
    // the search text is built once per row and reused by later keystrokes, a facet is read
    // once per row, and a sort computes each kept row's key once (never per comparison).
    const many: R[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `i-${i}`,
      name: `node-${i}`,
      state: i % 7 ? 'running' : 'stopped',
      size: i % 100,
      region: i % 2 ? 'eu-west-1' : 'us-east-1',
    }));
    const calls = { text: 0, facet: 0, key: 0 };
    const counted: TableModel<R> = {
      columns: [
        { id: 'name', label: 'Name', sortValue: (r) => (calls.key++, r.name) },
        { id: 'state', label: 'State', facet: (r) => (calls.facet++, r.state) },
      ],
      searchText: (r) => (calls.text++, `${r.id} ${r.name} ${r.region}`),
    };
    for (const query of ['n', 'no', 'node', 'node-', 'node-9'])
      applyView(many, counted, { query, facets: {} }, null);
    expect(calls.text).toBe(many.length);

    calls.text = 0;
    const out = applyView(
      many,
      counted,
      { query: 'node-9', facets: { state: ['running'] } },
      { column: 'name', dir: 'desc' },
    );
    expect(out.length).toBeGreaterThan(900);
    expect(calls).toEqual({ text: 0, facet: many.length, key: out.length });
    expect(out[0]?.name).toBe('node-9999');
  });

  it('facets with several values per row: any of them, or all chosen ones', () => {
    interface H {
      name: string;
      groups: string[];
    }
    const hs: H[] = [
      { name: 'b', groups: ['web', 'prod'] },
      { name: 'a', groups: ['db', 'prod'] },
      { name: 'c', groups: ['web'] },
    ];
    const any: TableModel<H> = {
      columns: [{ id: 'g', label: 'G', facet: (h) => h.groups, sortValue: () => 0 }],
      searchText: (h) => h.name,
      tieBreak: (h) => h.name,
    };
    const all: TableModel<H> = { ...any, columns: [{ ...any.columns[0]!, facetMatch: 'all' }] };
    const pick = (m: TableModel<H>, g: string[]) =>
      applyView(hs, m, { query: '', facets: { g } }, { column: 'g', dir: 'asc' }).map(
        (h) => h.name,
      );
    expect(pick(any, ['db', 'web'])).toEqual(['a', 'b', 'c']); // equal keys: the tie-break orders
    expect(pick(all, ['web', 'prod'])).toEqual(['b']);
    expect(facetValues(hs, (h) => h.groups, 'name')).toEqual([
      { value: 'db', count: 1 },
      { value: 'prod', count: 2 },
      { value: 'web', count: 2 },
    ]);
  });
});
