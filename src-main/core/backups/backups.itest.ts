import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEntry, Progress, RunDetail, WorkflowRequestIn } from '../../contract';
import {
  BK_DB,
  createBackupData,
  eventIds,
  idsUpTo,
  startGtidWriter,
} from '../../../testing/lab/backup-lab';
import { explain, runWorkflow } from '../../../testing/core/lab-suite';
import { sql, resetLabReplication } from '../../../testing/lab/mysql-lab';
import { startTestS3, TEST_S3_KEY } from '../../../testing/s3/test-s3';
import { labServices, nextEvent } from '../../../testing/core/ssh-fixture';
import { labDir } from '../../../testing/lab/lab';

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

const run = async (request: WorkflowRequestIn) => {
  const r = await runWorkflow(t, request);
  runs.push(r);
  return r;
};
/** The catalog entry a backup-run made. */
const entryOf = (r: RunDetail) => {
  const [e] = t.core.backups.list({ runId: r.id, limit: 1 });
  if (!e) throw new Error(`run ${r.id} made no catalog entry: ${explain(r)}`);
  return e;
};
/** Progress samples of one run's step, as the doors receive them. */
const progressOf = (runId: string, stepId: string) => {
  const seen: Progress[] = [];
  const stop = t.bus.subscribe((m) => {
    if (m.topic !== 'workflow.event') return;
    const e = m.payload;
    if (e.type === 'progress' && e.runId === runId && e.stepId === stepId) seen.push(e.progress);
  });
  return { seen, stop };
};

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
  it('plans a dump without touching anything: its lock, its undo and its point of no return', async () => {
    const plan = await t.core.workflows.plan({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'dump', to: `file://${local}`, parallel: 0 },
    });
    expect(plan.locks).toEqual([expect.objectContaining({ kind: 'host', label: 'db1' })]);
    expect(plan.steps.filter((x) => x.pointOfNoReturn).map((x) => x.id)).toEqual(['retention']);
    expect(plan.steps.filter((x) => x.undoable).map((x) => x.id)).toEqual(['catalogue', 'take']);
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

  it('dump to a local folder while db1 takes writes: exact row counts, byte progress, restore test passes row for row', async () => {
    const started = nextEvent(t.bus, 'workflow.event');
    const pending = run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'dump', to: `file://${local}`, parallel: 0 },
    });
    const progress = progressOf((await started).runId, 'take');
    const r = await pending;
    progress.stop();
    expect(r.status, explain(r)).toBe('succeeded');
    // The data's own bytes (counted before compression) against its size: a bar with a total.
    expect(progress.seen.at(-1)).toMatchObject({ unit: 'bytes', percent: 100 });
    expect(progress.seen.at(-1)!.total).toBeGreaterThan(100_000);
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
    const restore = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3' },
    });
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(restore.steps.find((x) => x.id === 'stage')?.status).toBe('skipped');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed', host: 'db3' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer.written, e.coordinates.gtid!, before));
    expect(writer.written.length).toBeGreaterThan(20);
  });

  it('hot backup to a backup host over SSH; restoring onto db3, which now holds data, waits for its typed name', async () => {
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: `ssh://db2${remoteDir}` },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    expect(r.locks.map((l) => l.label)).toEqual(['db1', 'db2']);
    const e = (entries.hot = entryOf(r));
    expect(e).toMatchObject({ tool: 'mariabackup', verify: { status: 'passed' } });
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+$/);
    const restoreWith = async (typed: string) => {
      const gate = nextEvent(
        t.bus,
        'prompt.request',
        (p) => p.kind === 'confirm' && p.title === 'Replace data on db3?',
        120_000,
      );
      const pending = run({ workflow: 'backup-restore', params: { backupId: e.id, onto: 'db3' } });
      const asked = await gate;
      expect(asked).toMatchObject({ typed: 'db3', message: expect.stringContaining(BK_DB) });
      expect(t.core.workflows.detail(asked.kind === 'confirm' ? asked.runId : '').status).toBe(
        'waiting',
      );
      await t.call('prompts.answer', { kind: 'confirm', id: asked.id, approve: true, typed });
      return pending;
    };
    // A wrong name declines: nothing on db3 changed, and the previous restore test is back.
    const declined = await restoreWith('db-three');
    expect(declined.status).toBe('rolled-back');
    expect(declined.error).toMatchObject({ code: 'WORKFLOW_DECLINED' });
    expect(declined.steps.find((x) => x.id === 'stage')?.status).toBe('pending');
    expect(t.core.backups.get(e.id).restoreTest).toBeUndefined();
    const restore = await restoreWith('db3');
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(restore.pointOfNoReturn).toBe('replace');
    expect(restore.leftFiles.map((f) => f.path)).toEqual([
      expect.stringMatching(/\.opsdeck-before-/),
    ]);
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer.written, e.coordinates.gtid!, before));
    // Put db3's own data dir back before the next restore (the swap kept it aside).
    await resetLabReplication(t, ['db3'], [restore]);
    runs.splice(runs.indexOf(restore), 1);
  });

  it('parallel dump with mydumper to S3 (multipart upload, SSE header sent); restore with myloader', async () => {
    const to = `s3://opsdeck-itest/prod/mysql?account=s3test&endpoint=${s3.endpoint}&sse=AES256`;
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'dump', to, parallel: 2 },
    });
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
    // The databases typed in advance answer the gate (as the replication wizard's --overwrite).
    const restore = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] },
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
    const r = await run({
      workflow: 'backup-restore',
      params: {
        backupId: e.id,
        onto: 'db3',
        overwrite: [BK_DB],
        until: { gtid: `0-1-${target.seq}` },
        test: false,
      },
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
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } });
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('failed verification'),
    });
    expect(t.core.backups.get(e.id).verify).toMatchObject({ status: 'failed' });
    const r = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] },
    });
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
      const r = await run({
        workflow: 'backup-run',
        params: {
          host: 'db1',
          kind: 'dump',
          to: `ssh://db2${full}`,
          parallel: 0,
          compression: 'none',
          databases: [BK_DB],
        },
      });
      // Rolled back: the entry keeps the error it failed with.
      expect(r.status).toBe('rolled-back');
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
    const running = run({
      workflow: 'backup-run',
      params: {
        host: 'db1',
        kind: 'dump',
        to: `file://${local}`,
        parallel: 0,
        databases: [`${BK_DB}_big`],
        compression: 'none',
      },
    });
    // Pause the dump as soon as it runs: on a quiet machine it would finish in a second, before the
    // lock checks below. (`[m]`: the pattern must not match the shell that runs pgrep.)
    const dumpPids = () =>
      execFileSync('sh', ['-c', `pgrep -f '[m]ariadb-dump .*${BK_DB}_big'; true`])
        .toString()
        .split('\n')
        .filter(Boolean);
    const signalDump = (sig: string) => {
      for (const pid of dumpPids()) execFileSync('kill', [`-${sig}`, pid]);
    };
    // Stop it once it streams rows (its SELECT is running: past the brief FLUSH TABLES WITH READ
    // LOCK at its start, so the stopped client holds no lock anyone waits for).
    let id = '';
    const deadline = Date.now() + 120_000;
    for (;;) {
      id = t.core.backups.list({ host: 'db1', status: 'running' })[0]?.id ?? '';
      const selecting = id
        ? await sql(
            'db1',
            "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE '%SQL_NO_CACHE%'",
          )
        : [];
      if (Number(selecting[0]?.n ?? 0) > 0 && dumpPids().length > 0) {
        signalDump('STOP');
        break;
      }
      if (Date.now() > deadline) throw new Error('the dump never started streaming rows');
      await new Promise((r) => setTimeout(r, 10));
    }
    const runId = t.core.backups.get(id).runId ?? '';
    expect(runId).not.toBe('');
    // A second backup of db1 meanwhile: refused with who holds the host, or queued behind it.
    const second = {
      workflow: 'backup-run' as const,
      params: { host: 'db1', kind: 'dump' as const, to: `file://${local}`, parallel: 0 },
    };
    expect(() =>
      t.core.workflows.start({ ...second, options: { onLockHeld: 'refuse' } }, 'cli'),
    ).toThrowError(
      expect.objectContaining({
        code: 'WORKFLOW_LOCKED',
        message: expect.stringContaining(runId.slice(0, 8)),
      }),
    );
    const queued = t.core.workflows.start(second, 'cli').runId;
    expect(t.core.workflows.detail(queued)).toMatchObject({
      status: 'waiting',
      waiting: { kind: 'lock', heldBy: [expect.objectContaining({ runId, label: 'db1' })] },
    });
    t.core.workflows.cancel(queued);
    await t.core.workflows.wait(queued);
    // Kill the dump (SIGKILL ends it though it is stopped): the stream ends short.
    signalDump('KILL');
    const r = await running;
    expect(r.status).toBe('rolled-back');
    expect(t.core.backups.get(id)).toMatchObject({ status: 'failed' });
    expect(readdirSync(join(local, 'db1')).filter((f) => f.includes(id))).toEqual([]);
  });

  it('wrong S3 credentials and a missing bucket fail with what to do', async () => {
    const wrong = await run({
      workflow: 'backup-run',
      params: {
        host: 'db1',
        kind: 'dump',
        parallel: 0,
        to: `s3://opsdeck-itest/x?account=s3wrong&endpoint=${s3.endpoint}`,
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
        to: `s3://no-such-bucket/x?account=s3test&endpoint=${s3.endpoint}`,
      },
    });
    expect(missing.error).toMatchObject({
      code: 'AWS_NOT_FOUND',
      message: expect.stringContaining('no-such-bucket'),
    });
  });
});
