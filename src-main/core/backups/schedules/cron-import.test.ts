import { describe, expect, it } from 'vitest';
import type { Host } from '../../../contract';
import { cronManifest } from '../../../../testing/samples/cron-manifest';
import { CronManifest, manifestEntry, parseCronCoordinates } from './cron-import';

const good = cronManifest();

describe('cron-made backups in the catalog', () => {
  it('reads the coordinates the cron script recorded (dump comments, mariabackup’s line)', () => {
    expect(
      parseCronCoordinates(
        "-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000004', MASTER_LOG_POS=1234; -- SET GLOBAL gtid_slave_pos='0-1-77'; ",
      ),
    ).toEqual({ file: 'mysql-bin.000004', position: 1234, gtid: '0-1-77' });
    expect(
      parseCronCoordinates(
        "[00] 2026-12-07 03:00:01 mariabackup: binlog position: filename 'mysql-bin.000009', position '342', GTID of the last change '0-1-12,1-2-3'",
      ),
    ).toEqual({ file: 'mysql-bin.000009', position: 342, gtid: '0-1-12,1-2-3' });
    expect(parseCronCoordinates('')).toEqual({});
  });

  it('a manifest becomes a good entry at its file beside it, with its rows; bad ones are refused', () => {
    // an older script's manifest: no file name (it is the manifest's, without .json)
    const m = CronManifest.parse({
      ...good,
      file: undefined,
      coordinates: "MASTER_LOG_FILE='mysql-bin.000004', MASTER_LOG_POS=4",
      tables: [{ table: 'shop.orders', rows: 12 }],
    });
    const host = { id: 'h1', name: 'db1' } as Host;
    const e = manifestEntry(m, {
      host,
      schedule: { id: 'sch1', to: 'ssh://db1/var/backups/mysql' },
      manifestName: '20261207T030001Z-db1-cron-mariadb-dump.sql.zst.json',
    });
    expect(e.create).toMatchObject({
      id: '20261207T030001Z-db1-cron',
      hostId: 'h1',
      scheduleId: 'sch1',
      location: 'ssh://db1/var/backups/mysql/db1/20261207T030001Z-db1-cron-mariadb-dump.sql.zst',
    });
    expect(e.finish).toMatchObject({
      status: 'succeeded',
      durationMs: 4000,
      checksum: 'a'.repeat(64),
      coordinates: { file: 'mysql-bin.000004', position: 4 },
      tables: [{ table: 'shop.orders', rows: 12 }],
    });
    expect(CronManifest.safeParse(m).success).toBe(true);
  });

  it.each([
    ['a file outside the folder', { file: '../../etc/passwd' }],
    ['a file name with a slash', { file: 'sub/x.sql' }],
    ['a checksum that is not sha256 hex', { sha256: 'zz' }],
    ['an id that is not a cron id', { id: '20261207T030001Z-db1' }],
    ['a tool with shell characters', { tool: 'dump;rm' }],
    ['an unknown kind', { kind: 'snapshot' }],
    ['a negative size', { bytes: -1 }],
    ['a start that is not a time', { startedAt: 'yesterday' }],
  ])('refuses a manifest with %s (each field checked on its own)', (_why, bad) => {
    expect(CronManifest.safeParse(good).success).toBe(true);
    expect(CronManifest.safeParse({ ...good, ...bad }).success).toBe(false);
  });
});
