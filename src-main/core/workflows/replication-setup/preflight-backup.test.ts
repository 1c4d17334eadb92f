import { describe, expect, it } from 'vitest';
import { binlogsCover, databasesIn } from './preflight-backup';

describe('binary logs since a backup (seed from a backup)', () => {
  const logs = [
    { name: 'mysql-bin.000007', size: 1_000 },
    { name: 'mysql-bin.000008', size: 52_000 },
  ];

  it('are there while the backup’s file is still listed and holds its position', () => {
    expect(binlogsCover(logs, { file: 'mysql-bin.000007', position: 328 })).toEqual({ ok: true });
    expect(binlogsCover(logs, { file: 'mysql-bin.000008', position: 52_000 })).toEqual({
      ok: true,
    });
  });

  it('are gone once the file was purged, naming the oldest log left', () => {
    const r = binlogsCover(logs, { file: 'mysql-bin.000003', position: 4 });
    expect(r).toEqual({
      ok: false,
      missing: expect.stringContaining('oldest binary log is mysql-bin.000007'),
    });
  });

  it('are not the backup’s when the file is shorter than its position (binary log reset)', () => {
    const r = binlogsCover(logs, { file: 'mysql-bin.000007', position: 5_000 });
    expect(r).toMatchObject({ ok: false, missing: expect.stringContaining('reset') });
    expect(binlogsCover([], { file: 'mysql-bin.000001', position: 4 })).toMatchObject({
      ok: false,
    });
  });

  it('a dump backup’s databases come from its table counts', () => {
    expect(
      databasesIn({
        tables: [
          { table: 'shop.orders', rows: 1 },
          { table: 'crm.people', rows: 2 },
          { table: 'shop.items', rows: 3 },
        ],
      }),
    ).toEqual(['crm', 'shop']);
    expect(databasesIn({ tables: [] })).toBeUndefined();
  });
});
