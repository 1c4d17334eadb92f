import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupEntry } from '../../contract';
import { BK_DB, eventIds, idsUpTo } from '../../../testing/lab/backup-lab';
import { backupSuite, corruptStoredFile, storedFileIn } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';
import { sql } from '../../../testing/lab/mysql-lab';
import { nextEvent } from '../../../testing/core/ssh-fixture';
import { labDir } from '../../../testing/lab/lab';

/**
 * Logical backups (mariadb-dump) of db1 on the lab while a writer inserts (one GTID per row):
 * planned without touching anything; taken to a local folder and restored onto db3, compared
 * row for row with what the writer had committed up to the backup's GTID; a point-in-time
 * restore to a GTID; and the faults: a corrupt file, a full destination, a dump killed
 * mid-stream (with a second backup of the host refused or queued meanwhile).
 */
const { t, local, remoteDir, run, entryOf, progressOf, writer, before } = backupSuite({
  name: 'dump-backups',
});
/** The dump the later tests restore, damage or roll forward. */
let dump: BackupEntry | undefined;

/** A run's own limit, well under the tests' 300 s: a hang fails with the step it hung at. */
const RUN_LIMIT_MS = 120_000;

/** `cmd` run as root in lab host `name`'s own mount namespace (bounded: never hangs a test). */
function inHost(name: string, cmd: string): string {
  const pid = readFileSync(join(labDir, 'hosts', name, 'holder.pid'), 'utf8').trim();
  return execFileSync('nsenter', ['--target', pid, '--mount', 'sh', '-c', cmd], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}
const onDb2 = (cmd: string) => inHost('db2', cmd);

describe('dump backups on the lab (db1 → local folder, db2 → db3)', { timeout: 300_000 }, () => {
  it('plans a dump without touching anything: its lock, its undo and its point of no return', async () => {
    const plan = await t().core.workflows.plan({
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
    expect(t().core.backups.list({ host: 'db1' })).toEqual([]);
  });

  it('dump to a local folder while db1 takes writes: exact row counts, byte progress, restore test passes row for row', async () => {
    const started = nextEvent(t().bus, 'workflow.event');
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
    const e = (dump = entryOf(r));
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
    expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed', host: 'db3' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer().written, e.coordinates.gtid!, before()));
    expect(writer().written.length).toBeGreaterThan(20);
  });

  it('point-in-time: the dump rolled forward to a GTID holds exactly the rows up to it', async () => {
    const written = await writer().stop();
    const e = dump!;
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
    expect(await eventIds('db3')).toEqual(idsUpTo(written, `0-1-${target.seq}`, before()));
  });

  it('a corrupt file fails verification loudly, and restores refuse it', async () => {
    const e = dump!;
    corruptStoredFile(storedFileIn(local, e));
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } });
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('failed verification'),
    });
    expect(t().core.backups.get(e.id).verify).toMatchObject({ status: 'failed' });
    const r = await run({
      workflow: 'backup-restore',
      params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] },
    });
    expect(r.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('will not restore'),
    });
  });

  it('a stored file that cannot be read back (cat fails mid-file on the backup host): verify and restore report the destination, the backup is not marked corrupt', async ({
    onTestFinished,
  }) => {
    const b = await run(
      {
        workflow: 'backup-run',
        params: {
          host: 'db1',
          kind: 'dump',
          to: `ssh://db2${remoteDir}`,
          parallel: 0,
          compression: 'none',
          databases: [BK_DB],
        },
      },
      undefined,
      { withinMs: RUN_LIMIT_MS },
    );
    expect(b.status, explain(b)).toBe('succeeded');
    const e = entryOf(b);
    expect(e.verify).toMatchObject({ status: 'passed' });
    // In db2's own mount namespace, `cat` of this one file sends its first half, then fails as a
    // disk giving EIO would: the read's stream ends while only its exit status tells. Any other
    // `cat` on db2 (the supervisor's, a write's `cat > file`) runs the real one.
    const file = storedFileIn(remoteDir, e);
    const realCat = `${remoteDir}-real-cat`;
    const fake = `${remoteDir}-eio-cat`;
    writeFileSync(
      join(local, 'eio-cat'),
      `#!/bin/sh\nif [ "$#" -eq 1 ] && [ "$1" = '${file}' ]; then\n  head -c $(( $(stat -c %s "$1") / 2 )) "$1"\n  echo "cat: $1: Input/output error" >&2\n  exit 1\nfi\nexec ${realCat} "$@"\n`,
    );
    // Put back even when the test fails or times out (a test's own `finally` never runs then):
    // a fake `cat` left on db2 would break every later test that writes there.
    onTestFinished(() => {
      onDb2(
        `while findmnt -n /usr/bin/cat >/dev/null; do umount /usr/bin/cat || break; done; rm -f ${fake} ${realCat}`,
      );
    });
    onDb2(
      `cp /usr/bin/cat ${realCat} && install -m 755 ${join(local, 'eio-cat')} ${fake} && mount --bind ${fake} /usr/bin/cat`,
    );
    expect(onDb2(`cat ${file} 2>&1 >/dev/null; echo "exit $?"`)).toMatch(
      /Input\/output error\nexit 1/,
    );
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } }, undefined, {
      withinMs: RUN_LIMIT_MS,
    });
    expect(v.status, explain(v)).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringMatching(/could not be read back.*Input\/output error/s),
    });
    expect(t().core.backups.get(e.id).verify).toMatchObject({ status: 'passed' });
    const r = await run(
      {
        workflow: 'backup-restore',
        params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB], test: false },
      },
      undefined,
      { withinMs: RUN_LIMIT_MS },
    );
    expect(r.status, explain(r)).not.toBe('succeeded');
    expect(r.error, explain(r)).toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringContaining('Input/output error'),
    });
    expect(t().core.backups.get(e.id).verify).toMatchObject({ status: 'passed' });
  });

  it('the destination filling up mid-stream: entry failed, partial file removed, space reported', async ({
    onTestFinished,
  }) => {
    const full = `${remoteDir}-full`;
    onTestFinished(() => {
      onDb2(
        `if findmnt -n ${full} >/dev/null; then umount ${full}; fi; rmdir ${full} 2>/dev/null; true`,
      );
    });
    onDb2(`mkdir -p ${full} && mount -t tmpfs -o size=512k tmpfs ${full}`);
    const r = await run(
      {
        workflow: 'backup-run',
        params: {
          host: 'db1',
          kind: 'dump',
          to: `ssh://db2${full}`,
          parallel: 0,
          compression: 'none',
          databases: [BK_DB],
        },
      },
      undefined,
      { withinMs: RUN_LIMIT_MS },
    );
    // Rolled back: the entry keeps the error it failed with.
    expect(r.status, explain(r)).toBe('rolled-back');
    expect(r.error).toMatchObject({
      code: 'BACKUP_DESTINATION_FULL',
      message: expect.stringMatching(
        // Said once: cut mid-stream, or by the commit (cat failing as the stream ended).
        /ran out of space \(.* free\)\. (The partial file .*\.partial was removed\.|Making .* final failed, .*Opsdeck removed it and its partial file;)/,
      ),
    });
    expect(entryOf(r)).toMatchObject({
      status: 'failed',
      error: { code: 'BACKUP_DESTINATION_FULL' },
    });
    expect(onDb2(`find ${full} -type f`).trim()).toBe('');
  });

  it('a dump killed mid-stream is never catalogued as good', async ({ onTestFinished }) => {
    await sql(
      'db1',
      `SET SESSION sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS ${BK_DB}_big; USE ${BK_DB}_big; CREATE TABLE IF NOT EXISTS ${BK_DB}_big.t (id INT PRIMARY KEY, body VARCHAR(200)); INSERT IGNORE INTO ${BK_DB}_big.t SELECT seq, REPEAT(MD5(seq), 5) FROM seq_1_to_300000`,
    );
    const running = run(
      {
        workflow: 'backup-run',
        params: {
          host: 'db1',
          kind: 'dump',
          to: `file://${local}`,
          parallel: 0,
          databases: [`${BK_DB}_big`],
          compression: 'none',
        },
      },
      undefined,
      { withinMs: RUN_LIMIT_MS },
    );
    // Pause the dump as soon as it runs: on a quiet machine it would finish in a second, before the
    // lock checks below. Only this lab's db1 (its mount namespace): another lab on this machine may
    // run the same test. (`[m]`: the pattern must not match the shell that runs pgrep.)
    const holder = readFileSync(join(labDir, 'hosts', 'db1', 'holder.pid'), 'utf8').trim();
    const dumpPids = () =>
      execFileSync('sh', [
        '-c',
        `pgrep --ns ${holder} --nslist mnt -f '[m]ariadb-dump .*${BK_DB}_big'; true`,
      ])
        .toString()
        .split('\n')
        .filter(Boolean);
    // A dump that exited meanwhile is no error.
    const signalDump = (sig: string) => {
      for (const pid of dumpPids())
        execFileSync('sh', ['-c', `kill -${sig} ${pid} 2>/dev/null; true`]);
    };
    // Never left stopped, even when the test fails or times out: its run would wait forever.
    onTestFinished(() => signalDump('KILL'));
    // Stop it once it streams rows (its SELECT is running: past the brief FLUSH TABLES WITH READ
    // LOCK at its start, so the stopped client holds no lock anyone waits for).
    let id = '';
    const deadline = Date.now() + 120_000;
    for (;;) {
      id = t().core.backups.list({ host: 'db1', status: 'running' })[0]?.id ?? '';
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
    const runId = t().core.backups.get(id).runId ?? '';
    expect(runId).not.toBe('');
    // A second backup of db1 meanwhile: refused with who holds the host, or queued behind it.
    const second = {
      workflow: 'backup-run' as const,
      params: { host: 'db1', kind: 'dump' as const, to: `file://${local}`, parallel: 0 },
    };
    expect(() =>
      t().core.workflows.start({ ...second, options: { onLockHeld: 'refuse' } }, 'cli'),
    ).toThrowError(
      expect.objectContaining({
        code: 'WORKFLOW_LOCKED',
        message: expect.stringContaining(runId.slice(0, 8)),
      }),
    );
    const queued = t().core.workflows.start(second, 'cli').runId;
    expect(t().core.workflows.detail(queued)).toMatchObject({
      status: 'waiting',
      waiting: { kind: 'lock', heldBy: [expect.objectContaining({ runId, label: 'db1' })] },
    });
    t().core.workflows.cancel(queued);
    await t().core.workflows.wait(queued);
    // Kill the dump (SIGKILL ends it though it is stopped): the stream ends short.
    signalDump('KILL');
    const r = await running;
    expect(r.status).toBe('rolled-back');
    expect(t().core.backups.get(id)).toMatchObject({ status: 'failed' });
    expect(readdirSync(join(local, 'db1')).filter((f) => f.includes(id))).toEqual([]);
  });
});
