/**
 * One owner of the state, on the lab: a window's core (a separate process, started and
 * supervised as the desktop app does it) runs a replication setup; a CLI next to it attaches,
 * sees the run going and owned by that core, and does not disturb it. kill -9 of that core: the
 * core started in its place marks the run interrupted; a resume from the CLI finishes it without
 * running any finished step again.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary } from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { labInventoryPath } from '../../../testing/lab/lab';
import {
  createTestData,
  dropOnMaster,
  labAdmin,
  resetLabReplication,
  waitCaughtUp,
} from '../../../testing/lab/mysql-lab';
import { runCli } from '../../../testing/cli/run-cli';
import { startWindowCore, type WindowCore } from '../../../testing/electron/window-core';

const fake = await vi.hoisted(async () =>
  (await import('../../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('a CLI next to a window core running a replication setup', () => {
  let helper: Awaited<ReturnType<typeof createTestServices>>;
  let window: WindowCore;
  let runId: string;
  const runs: RunDetail[] = [];
  let lock: mysql.Connection | undefined;

  const call: WindowCore['call'] = (method, params) => window.call(method, params);
  const detail = () => call('workflows.run', { runId });
  const corePid = () => window.corePid();
  const explain = (d: RunDetail) =>
    `${d.status}: ${d.error?.message ?? ''}\n${d.logs.map((l) => `${l.level} ${l.text}`).join('\n')}`;

  beforeAll(async () => {
    // Lab preparation through a helper core on its own data folder.
    helper = await createTestServices();
    await helper.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await resetLabReplication(helper, ['db2']);
    await dropOnMaster('db1', ['repl_db2']);
    await createTestData('db1');
    // The seed's dump waits on this lock (its FLUSH TABLES WITH READ LOCK needs the table): the run
    // stays in its seed step, deterministically, until the lock is released. On the master: the
    // run may restart the replica to apply its settings, which would release a lock held there.
    lock = await mysql.createConnection({ ...labAdmin('db1'), multipleStatements: true });
    await lock.query(
      'SET SESSION sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS opsdeck_test; ' +
        'CREATE TABLE IF NOT EXISTS opsdeck_test.held (id INT); LOCK TABLES opsdeck_test.held WRITE',
    );

    window = await startWindowCore(fake, 'opsdeck-window-');
  }, 300_000);

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await window?.close();
    await resetLabReplication(helper, ['db2'], runs);
    await dropOnMaster('db1', ['repl_db2']);
    await helper.dispose();
  }, 300_000);

  it('the CLI attaches: the run is going, owned by the window core, and stays so', async () => {
    ({ runId } = await call('workflows.start', {
      workflow: 'mysql-replication-setup',
      params: { master: 'db1', replica: 'db2', seed: 'dump', overwrite: ['opsdeck_test'] },
    }));
    await vi.waitFor(
      () =>
        expect(window.events).toContainEqual(
          expect.objectContaining({
            type: 'step',
            step: expect.objectContaining({ id: 'seed', status: 'running' }),
          }),
        ),
      { timeout: 120_000, interval: 200 },
    );

    const cli = await runCli(window.home, '--json', 'workflow', 'runs');
    expect(cli.code, cli.stderr).toBe(0);
    const listed = (JSON.parse(cli.stdout) as RunSummary[]).find((r) => r.id === runId);
    expect(listed, explain(await detail())).toMatchObject({
      status: 'running',
      owner: { label: expect.stringContaining(`electron core, pid ${corePid()}`) },
    });
    const hosts = await runCli(window.home, '--json', 'hosts', 'list');
    expect(hosts.code, hosts.stderr).toBe(0);
    // The CLI came and went; the window's run goes on, untouched.
    const still = await detail();
    expect(still.status, explain(still)).toBe('running');
    expect(fake.forks).toHaveLength(1);
  }, 180_000);

  it('kill -9 of the window core: its successor marks the run interrupted; resume runs no finished step again', async () => {
    const before = await detail();
    const finished = before.steps.filter((s) => s.status === 'done' || s.status === 'skipped');
    expect(finished.map((s) => s.id)).toContain('replication-user');
    const logsOf = (d: RunDetail, stepId: string) => d.logs.filter((l) => l.stepId === stepId);

    const killed = await window.killCore();
    expect(fake.forks).toHaveLength(2);
    expect(corePid()).not.toBe(killed);
    const interrupted = await detail();
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.steps.find((s) => s.id === 'seed')?.status).toBe('failed');

    // The lock goes (its holder is done); the CLI resumes the run, attached to the new window
    // core, and follows it to the end.
    await lock?.end();
    lock = undefined;
    const resumed = await runCli(window.home, 'workflow', 'resume', runId);
    const after = await detail();
    runs.push(after);
    expect(resumed.code, `${resumed.stderr}\n${after.error?.message ?? ''}`).toBe(0);
    expect(after.status).toBe('succeeded');
    expect(after.owner?.label).toContain(`electron core, pid ${corePid()}`);
    for (const step of finished) {
      const now = after.steps.find((s) => s.id === step.id);
      expect(now, step.id).toMatchObject({ status: step.status, startedAt: step.startedAt });
      // Not a single command of a finished step ran again.
      expect(logsOf(after, step.id), step.id).toEqual(logsOf(before, step.id));
    }
    await waitCaughtUp('db1', 'db2');
  }, 400_000);
});
