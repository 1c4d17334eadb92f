/**
 * Opsdeck killed mid-switchover, on the lab: the window's core (a separate process, supervised as
 * the desktop app does it) runs a switchover that waits in its catch-up (a replica's SQL thread
 * is held by a table lock). kill -9 of that core: its successor marks the run interrupted, the old
 * master still fenced; an account that may write under read_only writes to it meanwhile. Resumed,
 * the run applies no finished step again (same start, same log, each change once), fences the old
 * master again because its read lock went with the killed process, and the row written in between
 * reaches the new master: nothing is lost.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRecord, RunDetail } from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { explain } from '../../../testing/core/lab-suite';
import { startWindowCore, type WindowCore } from '../../../testing/electron/window-core';
import { buildLabCluster, resetLabCluster, waitForRow } from '../../../testing/lab/failover-lab';
import { labInventoryPath } from '../../../testing/lab/lab';
import { labAdmin, sql } from '../../../testing/lab/mysql-lab';
import { labProxy, restoreLabHaproxy } from '../../../testing/lab/proxy-lab';

const fake = await vi.hoisted(async () =>
  (await import('../../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const HOSTS = ['db1', 'db2', 'db3'];
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'rolled-back', 'interrupted'];

describe('a switchover whose core is killed mid-run', () => {
  let helper: Awaited<ReturnType<typeof createTestServices>>;
  let window: WindowCore;
  let lock: mysql.Connection | undefined;
  const detail = async (runId: string) =>
    (await window.call('workflows.run', { runId })) as RunDetail;
  const readOnly = async (host: string) =>
    Number((await sql(host, 'SELECT @@read_only AS ro'))[0]?.ro);

  beforeAll(async () => {
    helper = await createTestServices();
    await helper.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(helper);
    await buildLabCluster('db1', ['db2', 'db3']);

    window = await startWindowCore(fake, 'opsdeck-switchover-resume-');
    await window.call('mysql.saveCluster', {
      name: 'lab',
      members: HOSTS,
      traffic: {
        kind: 'haproxy',
        proxyHost: labProxy().host,
        section: 'writer',
        oldMaster: 'disabled',
      },
    });
  }, 300_000);

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await window?.close();
    await resetLabCluster(HOSTS);
    await restoreLabHaproxy(helper);
    await helper.dispose();
  }, 300_000);

  it('kill -9 in the catch-up: interrupted; resumed, no finished step runs again, the master is fenced again and nothing is lost', async () => {
    // db3 receives db1's next transaction but cannot apply it while this lock is held.
    lock = await mysql.createConnection({ ...labAdmin('db3'), multipleStatements: true });
    await lock.query('LOCK TABLES opsdeck_failover.t WRITE');
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (2)');

    const { runId } = (await window.call('workflows.start', {
      workflow: 'mysql-switchover',
      params: { master: 'db1', to: 'db2', catchUpTimeoutSec: 600 },
      options: { approveGates: true },
    })) as { runId: string };
    await vi.waitFor(
      () =>
        expect(window.events).toContainEqual(
          expect.objectContaining({
            type: 'step',
            step: expect.objectContaining({ id: 'catch-up', status: 'running' }),
          }),
        ),
      { timeout: 120_000, interval: 200 },
    );
    const before = await detail(runId);
    const finished = before.steps.filter((s) => s.status === 'done');
    expect(finished.map((s) => s.id)).toEqual([
      'preflight',
      'go-ahead',
      'replication-account',
      'prepare-traffic',
      'fence',
    ]);

    await window.killCore();
    const interrupted = await detail(runId);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.steps.find((s) => s.id === 'catch-up')?.status).toBe('failed');
    // Nothing is half-done without a word: the old master stays fenced, nothing was promoted.
    expect(await readOnly('db1')).toBe(1);
    expect(await readOnly('db2')).toBe(1);

    // The read lock died with the core: an account that writes under read_only gets through.
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (3)');
    await lock.end();
    lock = undefined;

    await window.call('workflows.resume', { runId });
    await vi.waitFor(async () => expect(TERMINAL).toContain((await detail(runId)).status), {
      timeout: 180_000,
      interval: 500,
    });
    const after = await detail(runId);
    expect(after.status, explain(after)).toBe('succeeded');
    // The row written while the run was down is on the new master and on every replica.
    for (const h of HOSTS) await waitForRow(h, 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 3);
    expect(await readOnly('db2')).toBe(0);
    expect(await readOnly('db1')).toBe(1);
    const [db1] = await sql('db1', 'SHOW SLAVE STATUS');
    expect(db1).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });
    const logsOf = (d: RunDetail, stepId: string) =>
      d.logs.filter((l) => l.stepId === stepId).map((l) => l.text);
    for (const step of finished) {
      expect(
        after.steps.find((s) => s.id === step.id),
        step.id,
      ).toMatchObject({
        status: 'done',
        startedAt: step.startedAt,
      });
      expect(logsOf(after, step.id), step.id).toEqual(logsOf(before, step.id));
    }
    // Each change once, except the fence the resume had to take again (and says why).
    const changes = after.changes.map((c) => c.text);
    expect(changes.filter((c) => /writers go to db2/.test(c))).toHaveLength(1);
    expect(changes.filter((c) => /standbys added/.test(c))).toHaveLength(1);
    expect(changes.filter((c) => /^db1 fenced/.test(c))).toHaveLength(2);
    expect(logsOf(after, 'catch-up').join('\n')).toMatch(
      /db1: the fence was not held any more \(resumed run or lost session\): fenced again; final position \S+ → \S+/,
    );
    const audit = (await window.call('audit.list', { limit: 500 })) as AuditRecord[];
    const promotions = audit.filter((a) => a.runId === runId && /RESET SLAVE ALL/.test(a.detail));
    expect(promotions.filter((a) => a.target === 'db2')).toHaveLength(1);
  }, 400_000);
});
