/**
 * One owner of the state, on the lab: a window's core (a separate process, started and
 * supervised as the desktop app does it) runs a replication setup; a CLI next to it attaches,
 * sees the run going and owned by that core, and does not disturb it. kill -9 of that core: the
 * core started in its place marks the run interrupted; a resume from the CLI finishes it without
 * running any finished step again.
 */
import mysql from 'mysql2/promise';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage, MethodName, RunDetail, RunEvent, RunSummary } from '../../contract';
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
import { buildCoreProcessEntry } from '../../../testing/electron/core-process-build';
import { superviseCoreProcess, type CoreSupervisor } from './core-supervisor';

const fake = await vi.hoisted(async () =>
  (await import('../../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('a CLI next to a window core running a replication setup', () => {
  let helper: Awaited<ReturnType<typeof createTestServices>>;
  let home: string;
  let window: CoreSupervisor;
  let windowConnection: ReturnType<CoreSupervisor['connect']>;
  let runId: string;
  const events: RunEvent[] = [];
  const runs: RunDetail[] = [];
  let lock: mysql.Connection | undefined;

  const call = async (method: MethodName, params: unknown) => {
    const envelope = await windowConnection.invoke(method, params);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  const detail = async () => (await call('workflows.run', { runId })) as RunDetail;
  const corePid = () => fake.forks.at(-1)!.pid!;
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

    home = mkdtempSync(join(tmpdir(), 'opsdeck-window-'));
    window = await superviseCoreProcess({
      entryPath: await buildCoreProcessEntry(),
      dataDir: home,
      safeStorage: fake.module.safeStorage,
      env: { ...process.env, OPSDECK_HOME: home },
      backoff: { firstMs: 200, maxMs: 1_000 },
    });
    windowConnection = window.connect('electron');
    windowConnection.onEvent((m: EventMessage) => {
      if (m.topic === 'workflow.event') events.push(m.payload as RunEvent);
    });
    await call('hosts.importLab', { path: labInventoryPath });
  }, 300_000);

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await window?.shutdown();
    await resetLabReplication(helper, ['db2'], runs);
    await dropOnMaster('db1', ['repl_db2']);
    await helper.dispose();
    if (home) rmSync(home, { recursive: true, force: true });
  }, 300_000);

  it('the CLI attaches: the run is going, owned by the window core, and stays so', async () => {
    ({ runId } = (await call('workflows.start', {
      workflow: 'mysql-replication-setup',
      params: { master: 'db1', replica: 'db2', seed: 'dump', overwrite: ['opsdeck_test'] },
    })) as { runId: string });
    await vi.waitFor(
      () =>
        expect(events).toContainEqual(
          expect.objectContaining({
            type: 'step',
            step: expect.objectContaining({ id: 'seed', status: 'running' }),
          }),
        ),
      { timeout: 120_000, interval: 200 },
    );

    const cli = await runCli(home, '--json', 'workflow', 'runs');
    expect(cli.code, cli.stderr).toBe(0);
    const listed = (JSON.parse(cli.stdout) as RunSummary[]).find((r) => r.id === runId);
    expect(listed, explain(await detail())).toMatchObject({
      status: 'running',
      owner: { label: expect.stringContaining(`electron core, pid ${corePid()}`) },
    });
    const hosts = await runCli(home, '--json', 'hosts', 'list');
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

    const killed = corePid();
    process.kill(killed, 'SIGKILL');
    await vi.waitFor(
      () => {
        expect(fake.forks).toHaveLength(2);
        expect(window.state).toMatchObject({ state: 'ready' });
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(corePid()).not.toBe(killed);
    const interrupted = await detail();
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.steps.find((s) => s.id === 'seed')?.status).toBe('failed');

    // The lock goes (its holder is done); the CLI resumes the run, attached to the new window
    // core, and follows it to the end.
    await lock?.end();
    lock = undefined;
    const resumed = await runCli(home, 'workflow', 'resume', runId);
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
