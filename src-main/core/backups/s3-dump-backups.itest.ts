import { describe, expect, it } from 'vitest';
import { BK_DB, eventIds, idsUpTo } from '../../../testing/lab/backup-lab';
import { backupSuite } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';

/**
 * Parallel dumps (mydumper) of db1 on the lab while a writer inserts, to S3 (a local s3rver):
 * multipart upload with the SSE header, restored onto db3 with myloader and compared row for
 * row; wrong credentials and a missing bucket fail with what to do.
 */
const { t, run, entryOf, s3, writer, before } = backupSuite({ name: 's3-dumps', s3: true });

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
    // The databases typed in advance answer the gate (as the replication wizard's --overwrite).
    const restore = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] },
    });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer().written, e.coordinates.gtid!, before()));
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
