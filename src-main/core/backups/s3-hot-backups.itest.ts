import { describe, expect, it } from 'vitest';
import { eventIds, idsUpTo } from '../../../testing/lab/backup-lab';
import { backupSuite, seedDb3Rows } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';

/**
 * The journey the backups issue ends on: a hot backup of the master (db1, taking writes) to S3
 * (a local s3rver), verified by preparing it on another host (db2, never the master), restored
 * onto a scratch host (db3, holding data of its own: its name is typed) as a passing restore
 * test, and restored again to a point in time — the master's binlogs replayed from the backup's
 * GTID up to a later one — holding exactly the rows written up to it.
 */
const { t, run, entryOf, s3, writer, before, restoreTyping } = backupSuite({
  name: 's3-hot',
  s3: true,
  prepare: () => seedDb3Rows([1, 2]),
});

describe('hot backups to S3 (db1 → S3, prepared on db2 → db3)', { timeout: 300_000 }, () => {
  it('hot backup to S3, verified by a prepare on db2, restore-tested on db3, then restored to a GTID', async () => {
    const to = `s3://opsdeck-itest/nightly/mysql?account=s3test&endpoint=${s3().endpoint}`;
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to, verifyOn: 'db2' },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    expect(e).toMatchObject({
      tool: 'mariabackup',
      location: expect.stringMatching(/^s3:\/\/opsdeck-itest\/nightly\/mysql\/db1\//),
      verify: { status: 'passed', host: 'db2' },
    });
    expect(t().core.backups.get(e.id).verify?.message).toContain('prepared on db2');
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+$/);

    const tested = await restoreTyping(e.id);
    expect(tested.status, explain(tested)).toBe('succeeded');
    expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed', host: 'db3' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer().written, e.coordinates.gtid!, before()));

    // Point in time: stop the writer, pick a GTID written after the backup, roll forward to it.
    const written = await writer().stop();
    const from = Number(e.coordinates.gtid!.split('-').pop());
    const later = written.filter((w) => w.seq > from);
    expect(later.length).toBeGreaterThan(5);
    const target = later[Math.floor(later.length / 2)]!;
    const pitr = await restoreTyping({
      backupId: e.id,
      onto: 'db3',
      until: { gtid: `0-1-${target.seq}` },
      test: false,
    });
    expect(pitr.status, explain(pitr)).toBe('succeeded');
    expect(await eventIds('db3')).toEqual(idsUpTo(written, `0-1-${target.seq}`, before()));
  });
});
