import { describe, expect, it } from 'vitest';
import { BK_DB, eventIds, idsUpTo } from '../../../testing/lab/backup-lab';
import { backupSuite, seedDb3Rows } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';

/**
 * Parallel dumps (mydumper) of db1 on the lab while a writer inserts, to S3 (a local s3rver):
 * multipart upload with the SSE header, restored onto db3 with myloader and compared row for
 * row. db3 holds BK_DB with rows of its own, so the restore replaces it: unconfirmed it waits at
 * the gate and a declined gate leaves db3 untouched; typed in advance (`overwrite`) myloader
 * drops and re-loads the existing tables, and none of db3's own rows survive. Wrong credentials
 * and a missing bucket fail with what to do.
 */
/** db3's own rows in BK_DB.events, there before any restore (ids the writer never reaches). */
const DB3_OWN_ROWS = [900_001, 900_002];
const { t, run, entryOf, s3, writer, before, restoreAtGate } = backupSuite({
  name: 's3-dumps',
  s3: true,
  prepare: () => seedDb3Rows(DB3_OWN_ROWS),
});

describe('parallel dump backups to S3 on the lab (db1 → S3 → db3)', { timeout: 300_000 }, () => {
  it('parallel dump with mydumper to S3 (multipart upload, SSE header sent); restore with myloader', async () => {
    const to = `s3://opsdeck-itest/prod/mysql?account=s3test&endpoint=${s3().endpoint}&sse=AES256`;
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'dump', to, parallel: 2 },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    expect(e).toMatchObject({
      tool: 'mydumper',
      location: expect.stringMatching(/^s3:\/\/opsdeck-itest\/prod\/mysql\/db1\/.*\.tar\.zst$/),
    });
    expect(
      s3().requests.some(
        (q) => q.method === 'PUT' && q.headers['x-amz-server-side-encryption'] === 'AES256',
      ),
    ).toBe(true);
    // Unconfirmed, the restore stops at the gate naming BK_DB; declined, db3 is untouched.
    const { asked, pending } = await restoreAtGate(e.id);
    expect(asked).toMatchObject({
      typed: 'db3',
      message: expect.stringMatching(new RegExp(`replaces ${BK_DB} on db3 \\(each is dropped`)),
    });
    await t().call('prompts.answer', { kind: 'confirm', id: asked.id, approve: false });
    const declined = await pending;
    expect(declined.status).toBe('rolled-back');
    expect(declined.error).toMatchObject({ code: 'WORKFLOW_DECLINED' });
    expect(t().core.backups.get(e.id).restoreTest).toBeUndefined();
    expect(await eventIds('db3')).toEqual(DB3_OWN_ROWS);
    // Typed in advance (as the replication wizard's --overwrite), BK_DB answers the gate:
    // myloader -o replaces the existing tables, so only the backup's rows are left.
    const restore = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] },
    });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    const restored = await eventIds('db3');
    expect(restored).toEqual(idsUpTo(writer().written, e.coordinates.gtid!, before()));
    expect(restored.filter((id) => DB3_OWN_ROWS.includes(id))).toEqual([]);
  });

  it('wrong S3 credentials and a missing bucket fail with what to do', async () => {
    const wrong = await run({
      workflow: 'backup-run',
      params: {
        host: 'db1',
        kind: 'dump',
        parallel: 0,
        to: `s3://opsdeck-itest/x?account=s3wrong&endpoint=${s3().endpoint}`,
      },
    });
    expect(wrong.error).toMatchObject({
      code: 'AWS_UNAUTHORIZED',
      message: expect.stringContaining('s3wrong'),
      hint: expect.stringContaining('access key'),
    });
    expect(entryOf(wrong).status).toBe('failed');
    const missing = await run({
      workflow: 'backup-run',
      params: {
        host: 'db1',
        kind: 'dump',
        parallel: 0,
        to: `s3://no-such-bucket/x?account=s3test&endpoint=${s3().endpoint}`,
      },
    });
    expect(missing.error).toMatchObject({
      code: 'AWS_NOT_FOUND',
      message: expect.stringContaining('no-such-bucket'),
    });
  });
});
