import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupEntry, RunDetail } from '../../contract';
import { backupSuite, corruptStoredFile, storedFileIn } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';

/**
 * Hot backups (mariabackup) of db1 verified away from the production host: streamed from the
 * backup host (db2, over SSH) into a scratch folder on the verify host, unpacked and prepared
 * there (`mariabackup --prepare` must complete OK), the folder removed afterwards; a corrupt
 * backup fails loudly with the tool's error; verifying on the source itself is only done when
 * named, with a warning in the plan. (The lab hosts share the machine's /tmp: which host ran
 * the unpack and the prepare is read from the run's own command log.)
 */
const { t, remoteDir, run, entryOf } = backupSuite({ name: 'hot-verify' });
let hot: BackupEntry | undefined;

const scratchOf = (e: BackupEntry) => `/tmp/.opsdeck-verify-${e.id}`;
/** Hosts the run streamed the stored backup into (its `host$ <location> > command` log lines). */
const streamedOn = (r: RunDetail, e: BackupEntry) =>
  r.logs
    .filter((l) => l.level === 'cmd' && l.text.includes(`${e.location} >`))
    .map((l) => l.text.split('$')[0]);

describe('hot backup verification on a verify host (db1 → db2)', { timeout: 300_000 }, () => {
  it('a hot backup to ssh://db2 is verified on db2: unpacked and prepared there, the scratch folder removed', async () => {
    const plan = await t().core.workflows.plan({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: `ssh://db2${remoteDir}` },
    });
    const planned = plan.steps.find((s) => s.id === 'verify');
    expect(planned?.warnings).toBeUndefined();
    expect(
      planned?.actions
        .filter((a) => a.write)
        .map((a) => [a.target, a.detail.includes('--prepare')]),
    ).toEqual([['db2', true]]);

    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: `ssh://db2${remoteDir}` },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = (hot = entryOf(r));
    expect(e.verify).toMatchObject({
      status: 'passed',
      host: 'db2',
      message: expect.stringMatching(
        /^sha256 matches; unpacked and prepared on db2 in \d+ s \(--prepare completed OK!\)$/,
      ),
    });
    expect(streamedOn(r, e)).toEqual(['db2']);
    expect(existsSync(scratchOf(e))).toBe(false);
    expect(existsSync(`${scratchOf(e)}.log`)).toBe(false);

    // Verified again on its own: the same host by default, named in the plan.
    const vplan = await t().core.workflows.plan({
      workflow: 'backup-verify',
      params: { backupId: e.id },
    });
    expect(vplan.steps[0]?.actions.filter((a) => a.write).map((a) => a.target)).toEqual(['db2']);
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } });
    expect(v.status, explain(v)).toBe('succeeded');
    expect(streamedOn(v, e)).toEqual(['db2']);
    expect(t().core.backups.get(e.id).verify?.message).toContain('prepared on db2');
    expect(existsSync(scratchOf(e))).toBe(false);
  });

  it('verifying on the source happens only when named, and its plan warns it uses the production host', async () => {
    const e = hot!;
    const plan = await t().core.workflows.plan({
      workflow: 'backup-verify',
      params: { backupId: e.id, on: 'db1' },
    });
    expect(plan.steps[0]?.warnings).toEqual([
      expect.stringContaining("uses the production host's disk and CPU"),
    ]);
    expect(plan.steps[0]?.actions.filter((a) => a.write).map((a) => a.target)).toEqual(['db1']);
    // A hot backup kept in a local folder has no backup host: with none named, the run still
    // takes it (a backup not taken is worse) and its plan says loudly that it will not be verified.
    const local = await t().core.workflows.plan({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: 'file:///tmp/opsdeck-hot-verify-nowhere' },
    });
    const warned = local.steps.filter((s) =>
      s.warnings?.some((w) => /^Not verified: .*needs a verify host/.test(w)),
    );
    expect(warned.map((s) => s.id)).toEqual(['preflight', 'verify']);
  });

  it('a backup that unpacks but does not prepare (its redo log missing) fails verification with mariabackup’s own error', async ({
    onTestFinished,
  }) => {
    const e = hot!;
    const file = storedFileIn(remoteDir, e);
    const good = readFileSync(file);
    const work = join(mkdtempSync(join(tmpdir(), 'opsdeck-hot-verify-craft-')), 'unpacked');
    mkdirSync(work);
    onTestFinished(() => {
      // Put the good file and its catalog figures back for the next test.
      writeFileSync(file, good);
      t().core.backups.finish(e.id, {
        status: 'succeeded',
        finishedAt: e.finishedAt!,
        bytes: e.bytes,
        durationMs: e.durationMs ?? 0,
        checksum: e.checksum!,
      });
      rmSync(join(work, '..'), { recursive: true, force: true });
    });
    // A well-formed stream (every chunk whole, the zstd frames checksummed) of a backup without
    // its redo log: only `--prepare` can tell it is not a backup.
    const sh = (cmd: string) =>
      execFileSync('bash', ['-o', 'pipefail', '-c', cmd], { cwd: work, timeout: 60_000 });
    sh(`zstd -q -dc '${file}' | mbstream -x -C . && rm -f ib_logfile0`);
    sh(`mbstream -c $(find . -type f -printf '%P\n') | zstd -q -c > ../crafted.zst`);
    const crafted = readFileSync(join(work, '..', 'crafted.zst'));
    writeFileSync(file, crafted);
    t().core.backups.finish(e.id, {
      status: 'succeeded',
      finishedAt: e.finishedAt!,
      bytes: crafted.length,
      durationMs: e.durationMs ?? 0,
      checksum: createHash('sha256').update(crafted).digest('hex'),
    });
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } });
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('failed verification: mariabackup --prepare on db2 failed'),
    });
    expect(v.error?.message).toMatch(/ib_logfile0/);
    expect(t().core.backups.get(e.id).verify).toMatchObject({ status: 'failed', host: 'db2' });
    expect(existsSync(scratchOf(e))).toBe(false);
  });

  it('a corrupt hot backup fails verification loudly with the tool’s error, the scratch folder removed', async () => {
    const e = hot!;
    corruptStoredFile(storedFileIn(remoteDir, e));
    const v = await run({ workflow: 'backup-verify', params: { backupId: e.id } });
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringMatching(
        /failed verification: unpacking its stream on db2 failed: .*(zstd|Decoding error|xb_stream_read_chunk)/s,
      ),
    });
    expect(t().core.backups.get(e.id).verify).toMatchObject({ status: 'failed', host: 'db2' });
    expect(existsSync(scratchOf(e))).toBe(false);
  });
});
