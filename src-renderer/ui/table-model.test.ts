import { describe, expect, it } from 'vitest';
import { compareSortValues, nextSort, sortBy, sortRows } from './table-model';
import { textColumn, timeKey } from './columns';

interface Row {
  name: string;
  at: string;
}
const rows: Row[] = [
  { name: 'db10', at: '2026-12-01T10:00:00Z' },
  { name: 'db2', at: '2026-12-03T10:00:00Z' },
  { name: 'DB1', at: '2026-12-02T10:00:00Z' },
  { name: 'db2', at: '2026-12-01T09:00:00Z' },
];

describe('shared table model', () => {
  it('compares numbers by value and text as people read it', () => {
    expect(compareSortValues(9, 10)).toBeLessThan(0);
    expect(compareSortValues('db2', 'db10')).toBeLessThan(0);
    expect(compareSortValues('DB1', 'db1')).toBe(0);
  });

  it('sortBy is stable (ties keep their order) unless a tie-break is given', () => {
    const byName = sortBy(rows, (r) => r.name, 'asc');
    expect(byName.map((r) => r.name)).toEqual(['DB1', 'db2', 'db2', 'db10']);
    expect(byName[1]!.at < byName[2]!.at).toBe(false); // listing order kept for the two db2
    const tieByTime = sortBy(
      rows,
      (r) => r.name,
      'desc',
      (a, b) => timeKey(a.at) - timeKey(b.at),
    );
    expect(tieByTime.map((r) => `${r.name} ${r.at.slice(8, 10)}`)).toEqual([
      'db10 01',
      'db2 01',
      'db2 03',
      'DB1 02',
    ]);
  });

  it('sortRows sorts by the named column, and leaves the order alone without a sort key', () => {
    const columns = [
      textColumn<Row>('name', 'Name', '1fr', (r) => r.name),
      { id: 'note', label: 'Note', width: '1fr', render: () => '' },
    ];
    expect(sortRows(rows, columns, { column: 'name', dir: 'desc' })[0]!.name).toBe('db10');
    expect(sortRows(rows, columns, { column: 'note', dir: 'asc' })).toEqual(rows);
    expect(sortRows(rows, columns, null)).toEqual(rows);
    expect(sortRows(rows, columns, null)).not.toBe(rows);
  });

  it('a header click flips the same column and starts another ascending', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', dir: 'asc' });
    expect(nextSort({ column: 'name', dir: 'asc' }, 'name')).toEqual({
      column: 'name',
      dir: 'desc',
    });
    expect(nextSort({ column: 'name', dir: 'desc' }, 'at')).toEqual({ column: 'at', dir: 'asc' });
  });

  it('textColumn: the value is the cell, the tooltip and the sort key', () => {
    const c = textColumn<Row>('name', 'Name', '1fr', (r) => r.name, { className: 'mono' });
    expect(c.render(rows[0]!)).toBe('db10');
    expect(c.title?.(rows[0]!)).toBe('db10');
    expect(c.sortValue?.(rows[0]!)).toBe('db10');
    expect(c).toMatchObject({ sortable: true, className: 'mono' });
    expect(timeKey(undefined)).toBe(0);
    expect(timeKey('garbage')).toBe(0);
  });
});
