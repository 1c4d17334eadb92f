import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, WorkflowRequestIn } from '../../contract';
import { catalogEntryOf } from '../../../testing/core/backup-suite';
import { explain, runWorkflow } from '../../../testing/core/lab-suite';
import { asRootPipeline } from '../ssh/privilege';
import { streamOut, type StreamDeps } from '../ssh/stream';
import { SUDO_LOGIN, SUDO_PASSWORD_LOGIN } from '../../../testing/lab/lab';
import {
  addStockLogin,
  labCore,
  releaseLabCore,
  resetStock,
  rootSql,
  seedNotes,
  withBrokenView,
} from '../../../testing/lab/stock-lab';

/**
 * Backups of a host as Debian installs MariaDB (binary log off, root by unix_socket only, no
 * MySQL login typed), taken through a non-root login with passwordless sudo: a dump and a
 * mariadb-backup hot backup, each restore-tested on the other stock host. A login whose sudo wants
 * a password is refused with the reason.
 */
describe('backups of stock hosts through a sudo login', { timeout: 300_000 }, () => {
  let t: Awaited<ReturnType<typeof labCore>>;
  const local = mkdtempSync(join(tmpdir(), 'opsdeck-stock-backups-'));

  const run = (request: WorkflowRequestIn): Promise<RunDetail> => runWorkflow(t, request);
  const entryOf = (r: RunDetail) => catalogEntryOf(t, r);
  const notesOn = async (host: string) =>
    (await rootSql(t, host, 'SELECT body FROM app.notes ORDER BY id')).map((r) => r.body);
  /** Restore a backup onto peer2, typing its name when the restore asks (peer2 holds data). */
  const restoreOntoPeer2 = async (backupId: string) => {
    let answered = false;
    const stop = t.bus.subscribe((m) => {
      if (m.topic !== 'prompt.request') return;
      const p = m.payload;
      if (p.kind !== 'confirm' || answered) return;
      answered = true;
      void t.router.call(
        'prompts.answer',
        { kind: 'confirm', id: p.id, approve: true, typed: 'peer2' },
        { door: 'cli' },
      );
    });
    try {
      return await run({
        workflow: 'backup-restore',
        params: { backupId, onto: 'peer2', overwrite: ['app'] },
      });
    } finally {
      stop();
    }
  };

  beforeAll(async () => {
    resetStock('stock1', 'stock2');
    t = await labCore();
    await addStockLogin(t, 'peer1', 1, SUDO_LOGIN);
    await addStockLogin(t, 'peer2', 2, SUDO_LOGIN);
    await addStockLogin(t, 'locked1', 1, SUDO_PASSWORD_LOGIN);
    await seedNotes(t, 'peer1');
    await rootSql(t, 'peer1', "INSERT INTO app.notes (body) VALUES ('second row')");
  }, 120_000);
  afterAll(async () => {
    rmSync(local, { recursive: true, force: true });
    await releaseLabCore(t);
  }, 180_000);

  it('dumps peer1 (binary log off) to a local folder; the restore test on peer2 passes', async () => {
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'peer1', kind: 'dump', to: `file://${local}`, parallel: 0 },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    expect(e).toMatchObject({ status: 'succeeded', tool: 'mariadb-dump' });
    expect(e.tables.find((x) => x.table === 'app.notes')).toMatchObject({ rows: 2 });
    expect(readdirSync(join(local, 'peer1')).length).toBeGreaterThan(0);
    const restore = await restoreOntoPeer2(e.id);
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed', host: 'peer2' });
    expect(await notesOn('peer2')).toEqual(['before the setup', 'second row']);
  });

  it('a dump that fails mid-stream through sudo fails the backup, though its compressor exits 0', async () => {
    // Under `sudo sh -c` (dash: no pipefail) the pipeline's status was zstd's 0.
    await withBrokenView(t, 'peer1', async () => {
      const r = await run({
        workflow: 'backup-run',
        params: { host: 'peer1', kind: 'dump', to: `file://${local}/cut`, parallel: 0 },
      });
      expect(r.status, explain(r)).not.toBe('succeeded');
      const e = entryOf(r);
      expect(e.status).toBe('failed');
      // Failed by the dump's own status while taking it, not only later by the verification's
      // content check (which had caught the cut dump before, after storing it).
      // Named by the tool, not by the pipeline's shell boilerplate.
      expect(e.error?.message).toMatch(
        /On peer1, `mariadb-dump( \| \w+)?` exited with 2 after \d+ bytes/,
      );
      expect(e.error?.message).not.toMatch(/verification/);
      expect(
        readdirSync(local).includes('cut') ? readdirSync(join(local, 'cut', 'peer1')) : [],
      ).toEqual([]);
    });
  });

  it('hot backup of peer1 with mariadb-backup through sudo, stored on peer2 over SSH (sudo); restored onto peer2, which runs it', async () => {
    await rootSql(t, 'peer1', "INSERT INTO app.notes (body) VALUES ('before the hot backup')");
    // peer2's /tmp is its own (a stock host's private /tmp), wiped by its reset.
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'peer1', kind: 'hot', to: 'ssh://peer2/tmp/opsdeck-stock-backups' },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    expect(e).toMatchObject({ tool: 'mariabackup', verify: { status: 'passed' } });
    // Written as root through the admin login's sudo, readable by root only.
    const stored = await t.core.ssh.exec(
      t.core.hosts.get('stock2'),
      "stat -c '%U %a' /tmp/opsdeck-stock-backups/peer1/*",
    );
    expect(stored.stdout.trim().split('\n')[0]).toMatch(/^root 6[04]0$/);
    const restore = await restoreOntoPeer2(e.id);
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(t.core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    t.core.mysql.close(t.core.hosts.get('peer2').id);
    expect(await notesOn('peer2')).toEqual([
      'before the setup',
      'second row',
      'before the hot backup',
    ]);
    // The restored server is peer2's own again: its service restarts it.
    const restart = await t.core.ssh.exec(
      t.core.hosts.get('peer2'),
      'sudo -n service mariadb restart',
      { timeoutMs: 120_000 },
    );
    expect(restart.code, restart.stderr).toBe(0);
    t.core.mysql.close(t.core.hosts.get('peer2').id);
    expect(await notesOn('peer2')).toHaveLength(3);
  });

  it('a login whose sudo wants a password is refused at once, saying so', async () => {
    const before = readdirSync(local).length;
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'locked1', kind: 'dump', to: `file://${local}`, parallel: 0 },
    });
    expect(r.status).toMatch(/failed|rolled-back/);
    expect(r.error).toMatchObject({
      code: 'MYSQL_LOGIN_NEEDED',
      message: expect.stringMatching(/deploy.* on locked1 cannot become root without a password/),
      hint: expect.stringMatching(/NOPASSWD/),
    });
    expect(r.steps.find((s) => s.id === 'take')?.status).toBe('pending');
    expect(readdirSync(local).length).toBe(before);
  });

  /** Poll until `probe` holds (a slow or a fast machine alike), or fail saying what never came. */
  const until = async (what: string, probe: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`${what} never came`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** Processes on the stock hosts (one process table for the lab), as root over Opsdeck's SSH. */
  const onStock1 = async (command: string) =>
    (await t.core.ssh.exec(t.core.hosts.get('stock1'), command)).stdout.trim();

  it('a cancelled stream through sudo stops the root-owned command, not only sudo', async () => {
    const peer1 = t.core.hosts.get('peer1');
    const deps: StreamDeps = {
      acquire: (h, signal) => t.core.ssh.acquire(h, signal),
      exec: (h, command) => t.core.ssh.exec(h, command, { timeoutMs: 15_000 }),
    };
    const abort = new AbortController();
    const streaming = streamOut(
      deps,
      peer1,
      asRootPipeline(peer1, 'sleep 300.0417 | cat'),
      new PassThrough(),
      { signal: abort.signal },
    );
    streaming.catch(() => undefined);
    // `\.`: the pattern does not match the shell that runs pgrep.
    const sleeping = () => onStock1("pgrep -f 'sleep 300\\.0417' || true");
    await until('the root-owned sleep', async () => (await sleeping()) !== '');
    abort.abort();
    await expect(streaming).rejects.toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(/Its command on peer1 was stopped\./),
    });
    // The stream settles only after the stop: nothing of it is left (polled, never a fixed wait).
    await until('the sleep gone', async () => (await sleeping()) === '', 5_000);
  });

  it('a cancelled parallel dump (mydumper through sudo) leaves no mydumper running', async () => {
    // Enough rows for two tables (mydumper's threads) and a dump that is still running when seen.
    await rootSql(
      t,
      'peer1',
      'CREATE DATABASE IF NOT EXISTS big',
      'CREATE TABLE big.t (id INT PRIMARY KEY, body VARCHAR(200))',
      'INSERT INTO big.t SELECT seq, REPEAT(MD5(seq), 5) FROM big.seq_1_to_200000',
    );
    try {
      const runId = t.core.workflows.start(
        {
          workflow: 'backup-run',
          params: { host: 'peer1', kind: 'dump', to: `file://${local}/cancelled`, parallel: 2 },
        },
        'cli',
      ).runId;
      // Stop mydumper as soon as it runs (SIGSTOP: it would finish a small dump before the
      // cancel, and a stopped tool does not die of a closed pipe): only a KILL ends it now.
      let tool = '';
      await until('mydumper running', async () => {
        const id = t.core.backups.list({ host: 'peer1', status: 'running' })[0]?.id;
        if (!id) return false;
        tool = await onStock1(
          `p=$(pgrep -d, -f 'opsdeck-backup ${id}'); [ -n "$p" ] && pgrep -x mydumper -P "$p" || true`,
        );
        return tool !== '';
      });
      await onStock1(`kill -STOP ${tool}`);
      t.core.workflows.cancel(runId);
      await t.core.workflows.wait(runId);
      const r = t.core.workflows.detail(runId);
      expect(r.status).not.toBe('succeeded');
      const e = entryOf(r);
      expect(e.status).toBe('failed');
      expect(e.error?.message).toMatch(/Its command on peer1 was stopped\./);
      // Gone (or a zombie being reaped), not left dumping into its staging folder.
      await until(
        'mydumper gone',
        async () => !/^[^Z]/.test(await onStock1(`ps -o stat= -p ${tool} || true`)),
        5_000,
      );
    } finally {
      await rootSql(t, 'peer1', 'DROP DATABASE IF EXISTS big');
    }
  });
});
