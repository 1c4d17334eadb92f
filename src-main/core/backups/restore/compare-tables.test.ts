import { describe, expect, it } from 'vitest';
import { compareTables } from './compare-tables';

describe('restore test verdict', () => {
  const expected = [
    { table: 'shop.orders', rows: 10, checksum: '111' },
    { table: 'shop.big', rows: 5 },
    { table: 'shop.gone', rows: 1 },
  ];
  it('passes only when every table has its rows and checksum', () => {
    const ok = compareTables(
      expected.slice(0, 2),
      new Map([
        ['shop.orders', { rows: 10, checksum: '111' }],
        ['shop.big', { rows: 5, checksum: '9' }],
      ]),
    );
    expect(ok.ok).toBe(true);
    expect(ok.tables).toEqual([
      { table: 'shop.orders', expectedRows: 10, rows: 10, checksumMatch: true },
      { table: 'shop.big', expectedRows: 5, rows: 5 },
    ]);
  });
  it('names each difference: missing table, row count, checksum', () => {
    const bad = compareTables(
      expected,
      new Map([
        ['shop.orders', { rows: 10, checksum: '112' }],
        ['shop.big', { rows: 4 }],
      ]),
    );
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual([
      'shop.orders: checksum 112, expected 111',
      'shop.big: 4 rows, expected 5',
      'shop.gone is missing',
    ]);
  });
});
