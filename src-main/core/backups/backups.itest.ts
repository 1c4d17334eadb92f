import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEntry, RunDetail } from '../../contract';
import {
  BK_DB,
  createBackupData,
  eventIds,
  explain,
  idsUpTo,
  runWorkflow,
  startGtidWriter,
} from '../../testing/backup-lab';
import { sql, resetLabReplication } from '../../testing/mysql-lab';
import { startTestS3, TEST_S3_KEY } from '../../testing/s3';
import { labServices } from '../../testing/ssh-fixture';
import { labDir } from '../../testing/lab';

/**
 * Backups on the lab: each kind of db1 while a writer inserts (one GTID per row), restored onto
 * db3 and compared row for row with what the writer had committed up to the backup's GTID; a
 * point-in-time restore to a GTID; and the faults: a corrupt file, a full destination, a dump
 * killed mid-stream, wrong S3 credentials and a missing bucket. db3 is put back afterwards.
 */
let t: Awaited<ReturnType<typeof labServices>>;
let s3: Awaited<ReturnType<typeof startTestS3>>;
const local = mkdtempSync(join(tmpdir(), 'opsdeck-backups-'));
const remoteDir = `/tmp/opsdeck-itest-backups-${process.pid}`;
const runs: RunDetail[] = [];
const entries: Record<string, BackupEntry> = {};
let writer: ReturnType<typeof startGtidWriter>;
let before: number[] = [];

const run = async (workflow: string, params: Record<string, unknown>) => {
  const r = await runWorkflow(t, workflow, params);
  runs.push(r);
  return r;
};
const entryOf = (r: RunDetail) => t.core.backups.get(String(r.output.backupId));

beforeAll(async () => {
  t = await labServices();
  if (process.env.OPSDECK_TEST_VERBOSE)
    t.bus.subscribe((m) => {
      const e = m.payload as { type?: string; line?: { level: string; text: string } };
      if (m.topic === 'workflow.event' && e.type === 'log')
        console.log(`[run] ${e.line?.level} ${e.line?.text}`);
    });
  s3 = await startTestS3(['opsdeck-itest']);
  await t.call('ec2.accounts.add', {
    name: 's3test',
    auth: 'access-key',
    accessKeyId: TEST_S3_KEY.accessKeyId,
    secretAccessKey: TEST_S3_KEY.secretAccessKey,
    defaultRegion: 'us-east-1',
  });
  // s3rver checks the access key id (not SigV4 signatures): an unknown key is the wrong credential.
  await t.call('ec2.accounts.add', {
    name: 's3wrong',
    auth: 'access-key',
    accessKeyId: 'AKIAOPSDECKWRONG0001',
    secretAccessKey: 'not-the-secret',
    defaultRegion: 'us-east-1',
  });
  await sql('db1', `DROP DATABASE IF EXISTS ${BK_DB}`);
  await sql('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${BK_DB}`);
  await createBackupData('db1');
  before = await eventIds('db1');
  writer = startGtidWriter('db1');
}, 180_000);

afterAll(async () => {
  await writer?.stop().catch(() => undefined);
  await t.core.workflows.stopAll();
  await resetLabReplication(t, ['db3'], runs);
  await sql('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${BK_DB}`);
  await sql('db1', `DROP DATABASE IF EXISTS ${BK_DB}; DROP DATABASE IF EXISTS ${BK_DB}_big`);
  await t.core.ssh.exec(t.core.hosts.get('db2'), `rm -rf '${remoteDir}'`);
  await s3?.close();
  rmSync(local, { recursive: true, force: true });
  await t.dispose();
}, 300_000);

describe('backups on the lab (db1 → stores → db3)', { timeout: 300_000 }, () => {
  it('plans a dump without touching anything', async () => {
    const plan = await t.core.workflows.plan('backup-run', {
      host: 'db1',
      kind: 'dump',
      to: `file://${local}`,
      parallel: 0,
    });
    const writes = plan.steps.flatMap((s) => s.actions.filter((a) => a.write).map((a) => a.detail));
    expect(writes).toEqual(
      expect.arrayContaining(['FLUSH TABLES WITH READ LOCK', 'UNLOCK TABLES']),
    );
    expect(
      writes.some((w) =>
        /^: opsdeck-backup .* mariadb-dump --verbose --single-transaction --master-data=2 --gtid --routines --events --triggers/.test(
          w,
        ),
      ),
    ).toBe(true);
    expect(readdirSync(local)).toEqual([]);
    expect(t.core.backups.list({ host: 'db1' })).toEqual([]);
  });

  it('dump to a local folder while db1 takes writes: exact row counts, restore test passes row for row', async () => {
    const r = await run('backup-run', {
      host: 'db1',
      kind: 'dump',
      to: `file://${local}`,
      parallel: 0,
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = (entries.dump = entryOf(r));
    expect(e).toMatchObject({
      status: 'succeeded',
      tool: 'mariadb-dump',
      compression: 'zstd',
      verify: { status: 'passed' },
    });
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+$/);
    expect(e.coordinates.file).toMatch(/^mysql-bin\./);
    expect(e.lockMs).toBeLessThan(2000);
    expect(e.tables.map((x) => x.table)).toEqual([
      `${BK_DB}.bulk1`,
      `${BK_DB}.bulk2`,
      `${BK_DB}.bulk3`,
      `${BK_DB}.bulk4`,
      `${BK_DB}.events`,
    ]);
    expect(e.tables.find((x) => x.table.endsWith('bulk1'))).toMatchObject({
      rows: 3000,
      checksum: expect.any(String),
    });
    expect(readFileSync(join(local, 'db1', e.location.split('/').pop()!)).length).toBe(e.bytes);
    const restore = await run('backup-restore', { backupId: e.id, onto: 'db3' });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed', host: 'db3' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer.written, e.coordinates.gtid!, before));
    expect(writer.written.length).toBeGreaterThan(20);
  });

  it('hot backup to a backup host over SSH; restoring onto db3, which now holds data, needs every database typed', async () => {
    const r = await run('backup-run', { host: 'db1', kind: 'hot', to: `ssh://db2${remoteDir}` });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = (entries.hot = entryOf(r));
    expect(e).toMatchObject({ tool: 'mariabackup', verify: { status: 'passed' } });
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+$/);
    const refused = await run('backup-restore', { backupId: e.id, onto: 'db3' });
    expect(refused.error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      message: expect.stringContaining(BK_DB),
    });
    const restore = await run('backup-restore', {
      backupId: e.id,
      onto: 'db3',
      overwrite: [BK_DB],
    });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer.written, e.coordinates.gtid!, before));
    // Put db3's own data dir back before the next restore (the swap kept it aside).
    await resetLabReplication(t, ['db3'], [restore]);
    runs.splice(runs.indexOf(restore), 1);
  });

  it('parallel dump with mydumper to S3 (multipart upload, SSE header sent); restore with myloader', async () => {
    const to = `s3://opsdeck-itest/prod/mysql?account=s3test&endpoint=${s3.endpoint}&sse=AES256`;
    const r = await run('backup-run', { host: 'db1', kind: 'dump', to, parallel: 2 });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = (entries.mydumper = entryOf(r));
    expect(e).toMatchObject({
      tool: 'mydumper',
      location: expect.stringMatching(/^s3:\/\/opsdeck-itest\/prod\/mysql\/db1\/.*\.tar\.zst$/),
    });
    expect(
      s3.requests.some(
        (q) => q.method === 'PUT' && q.headers['x-amz-server-side-encryption'] === 'AES256',
      ),
    ).toBe(true);
    const restore = await run('backup-restore', {
      backupId: e.id,
      onto: 'db3',
      overwrite: [BK_DB],
    });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer.written, e.coordinates.gtid!, before));
  });

  it('point-in-time: the dump rolled forward to a GTID holds exactly the rows up to it', async () => {
    const written = await writer.stop();
    const e = entries.dump!;
    const from = Number(e.coordinates.gtid!.split('-').pop());
    const later = written.filter((w) => w.seq > from);
    expect(later.length).toBeGreaterThan(10);
    const target = later[Math.floor(later.length / 2)]!;
    const r = await run('backup-restore', {
      backupId: e.id,
      onto: 'db3',
      overwrite: [BK_DB],
      until: { gtid: `0-1-${target.seq}` },
      test: false,
    });
    expect(r.status, explain(r)).toBe('succeeded');
    expect(await eventIds('db3')).toEqual(idsUpTo(written, `0-1-${target.seq}`, before));
  });

  it('a corrupt file fails verification loudly, and restores refuse it', async () => {
    const e = entries.dump!;
    const file = join(local, 'db1', e.location.split('/').pop()!);
    const bytes = readFileSync(file);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const v = await run('backup-verify', { backupId: e.id });
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('failed verification'),
    });
    expect(t.core.backups.get(e.id).verify).toMatchObject({ status: 'failed' });
    const r = await run('backup-restore', { backupId: e.id, onto: 'db3', overwrite: [BK_DB] });
    expect(r.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('will not restore'),
    });
  });

  it('the destination filling up mid-stream: entry failed, partial file removed, space reported', async () => {
    const full = `${remoteDir}-full`;
    const pid = readFileSync(join(labDir, 'hosts', 'db2', 'holder.pid'), 'utf8').trim();
    const ns = (cmd: string) =>
      execFileSync('nsenter', ['--target', pid, '--mount', 'sh', '-c', cmd], { encoding: 'utf8' });
    ns(`mkdir -p ${full} && mount -t tmpfs -o size=512k tmpfs ${full}`);
    try {
      const r = await run('backup-run', {
        host: 'db1',
        kind: 'dump',
        to: `ssh://db2${full}`,
        parallel: 0,
        compression: 'none',
        databases: [BK_DB],
      });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({
        code: 'BACKUP_DESTINATION_FULL',
        message: expect.stringMatching(
          /ran out of space \(.* free\); the partial file was removed/,
        ),
      });
      expect(entryOf(r)).toMatchObject({
        status: 'failed',
        error: { code: 'BACKUP_DESTINATION_FULL' },
      });
      expect(ns(`find ${full} -type f`).trim()).toBe('');
    } finally {
      ns(`umount ${full}; rmdir ${full}`);
    }
  });

  it('a dump killed mid-stream is never catalogued as good', async () => {
    await sql(
      'db1',
      `SET SESSION sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS ${BK_DB}_big; USE ${BK_DB}_big; CREATE TABLE IF NOT EXISTS ${BK_DB}_big.t (id INT PRIMARY KEY, body VARCHAR(200)); INSERT IGNORE INTO ${BK_DB}_big.t SELECT seq, REPEAT(MD5(seq), 5) FROM seq_1_to_300000`,
    );
    const started = new Promise<string>((resolve) => {
      const stop = t.bus.subscribe((m) => {
        if (
          m.topic === 'workflow.event' &&
          (m.payload as { type: string; line?: { text: string } }).line?.text.includes(
            'read from db1',
          )
        ) {
          stop();
          const [e] = t.core.backups.list({ host: 'db1', status: 'running' });
          resolve(e!.id);
        }
      });
    });
    const running = run('backup-run', {
      host: 'db1',
      kind: 'dump',
      to: `file://${local}`,
      parallel: 0,
      databases: [`${BK_DB}_big`],
      compression: 'none',
    });
    const id = await started;
    // The backup's processes carry its id (": opsdeck-backup <id>"): kill exactly those.
    execFileSync('sh', [
      '-c',
      `for p in $(pgrep -f 'opsdeck-backup ${id}'); do pkill -KILL -P $p; done; true`,
    ]);
    const r = await running;
    expect(r.status).toBe('failed');
    expect(t.core.backups.get(id)).toMatchObject({ status: 'failed' });
    expect(readdirSync(join(local, 'db1')).filter((f) => f.includes(id))).toEqual([]);
  });

  it('wrong S3 credentials and a missing bucket fail with what to do', async () => {
    const wrong = await run('backup-run', {
      host: 'db1',
      kind: 'dump',
      parallel: 0,
      to: `s3://opsdeck-itest/x?account=s3wrong&endpoint=${s3.endpoint}`,
    });
    expect(wrong.error).toMatchObject({
      code: 'AWS_UNAUTHORIZED',
      message: expect.stringContaining('s3wrong'),
      hint: expect.stringContaining('access key'),
    });
    expect(entryOf(wrong).status).toBe('failed');
    const missing = await run('backup-run', {
      host: 'db1',
      kind: 'dump',
      parallel: 0,
      to: `s3://no-such-bucket/x?account=s3test&endpoint=${s3.endpoint}`,
    });
    expect(missing.error).toMatchObject({
      code: 'AWS_NOT_FOUND',
      message: expect.stringContaining('no-such-bucket'),
    });
  });
});
