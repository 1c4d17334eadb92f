/**
 * Opsdeck killed mid-switchover, on the lab: the window's core (a separate process, supervised as
 * the desktop app does it) runs a switchover that waits in its catch-up (a replica's SQL thread
 * is held by a table lock). kill -9 of that core: its successor marks the run interrupted, the old
 * master still fenced; an account that may write under read_only writes to it meanwhile. Resumed,
 * the run applies no finished step again (same start, same log, each change once), fences the old
 * master again because its read lock went with the killed process, and the row written in between
 * reaches the new master: nothing is lost (the new master's replication from the old one is cut
 * until the resume fenced again, so only the run itself can bring the row over). The same when the
 * core is killed while the run is paused before its promotion: the promotion fences again first.
 * Killed while paused before the old master is repointed (past the promotion: nothing fences it
 * again), a write to it in between stops the run with MYSQL_DIVERGED instead of leaving it errant.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunDetail } from '../../contract';
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
const REFENCED =
  /db1: the fence was not held any more \(resumed run or lost session\): fenced again; final position \S+ → \S+/;

const idsOn = async (host: string) =>
  String(
    (await sql(host, 'SELECT GROUP_CONCAT(id ORDER BY id) AS ids FROM opsdeck_failover.t'))[0]?.ids,
  );

/** `d-s` → seq of a MariaDB @@gtid_binlog_state (the last GTID of every domain and server). */
const binlogState = async (host: string) =>
  new Map(
    String((await sql(host, 'SELECT @@gtid_binlog_state AS s'))[0]?.s ?? '')
      .split(',')
      .filter(Boolean)
      .map((g) => {
        const [d, srv, seq] = g.trim().split('-');
        return [`${d}-${srv}`, Number(seq)] as const;
      }),
  );

/** Nothing errant on db1: every transaction it logged (its own included) is on db2 too. */
async function expectNothingErrantOnDb1() {
  const db2 = await binlogState('db2');
  const errant = [...(await binlogState('db1'))].filter(([k, seq]) => (db2.get(k) ?? -1) < seq);
  expect(
    errant.map(([k, seq]) => `${k}-${seq}`),
    'db1 transactions missing on db2',
  ).toEqual([]);
  expect(await idsOn('db2')).toBe(await idsOn('db1'));
}

describe('a switchover whose core is killed mid-run', () => {
  let helper: Awaited<ReturnType<typeof createTestServices>>;
  let window: WindowCore;
  let lock: mysql.Connection | undefined;
  const detail = (runId: string) => window.call('workflows.run', { runId });
  const readOnly = async (host: string) =>
    Number((await sql(host, 'SELECT @@read_only AS ro'))[0]?.ro);
  const logsOf = (d: RunDetail, stepId: string) =>
    d.logs.filter((l) => l.stepId === stepId).map((l) => l.text);
  /**
   * db2 stops fetching from db1: what db1 takes from now on reaches db2 only if the resumed run
   * waits for it. Replication comes back once `ready` says the resume decided where db1 stopped.
   */
  async function cutDb2Until(runId: string, ready: (d: RunDetail) => boolean) {
    await sql('db2', 'STOP SLAVE IO_THREAD');
    return async () => {
      await vi.waitFor(async () => expect(ready(await detail(runId))).toBe(true), {
        timeout: 180_000,
        interval: 200,
      });
      await sql('db2', 'START SLAVE IO_THREAD');
    };
  }
  async function resumeToEnd(runId: string, whileRunning: () => Promise<void>) {
    await window.call('workflows.resume', { runId });
    await whileRunning();
    await vi.waitFor(async () => expect(TERMINAL).toContain((await detail(runId)).status), {
      timeout: 180_000,
      interval: 500,
    });
    return detail(runId);
  }

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
    await waitForRow('db2', 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 2);

    const { runId } = await window.call('workflows.start', {
      workflow: 'mysql-switchover',
      params: { master: 'db1', to: 'db2', catchUpTimeoutSec: 600 },
      options: { approveGates: true },
    });
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
    // Nothing is half-done without a word: nothing was promoted, and db1 is still read_only —
    // but its read lock died with the core, so admin accounts can write to it (below).
    expect(await readOnly('db1')).toBe(1);
    expect(await readOnly('db2')).toBe(1);

    // The read lock died with the core: an account that writes under read_only gets through.
    const reconnect = await cutDb2Until(
      runId,
      (d) =>
        REFENCED.test(logsOf(d, 'catch-up').join('\n')) ||
        d.steps.find((s) => s.id === 'catch-up')?.status === 'done',
    );
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (3)');
    await lock.end();
    lock = undefined;

    const after = await resumeToEnd(runId, reconnect);
    expect(after.status, explain(after)).toBe('succeeded');
    // The row written while the run was down is on the new master and on every replica.
    for (const h of HOSTS) await waitForRow(h, 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 3);
    await expectNothingErrantOnDb1();
    expect(await readOnly('db2')).toBe(0);
    expect(await readOnly('db1')).toBe(1);
    const [db1] = await sql('db1', 'SHOW SLAVE STATUS');
    expect(db1).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });
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
    expect(logsOf(after, 'catch-up').join('\n')).toMatch(REFENCED);
    const audit = await window.call('audit.list', { limit: 500 });
    const promotions = audit.filter((a) => a.runId === runId && /RESET SLAVE ALL/.test(a.detail));
    expect(promotions.filter((a) => a.target === 'db2')).toHaveLength(1);
  }, 400_000);

  it('kill -9 while paused before the promotion: resumed, the promotion fences the master again first and nothing written in between is lost or errant', async () => {
    await buildLabCluster('db1', ['db2', 'db3']);
    await restoreLabHaproxy(helper);
    const { runId } = await window.call('workflows.start', {
      workflow: 'mysql-switchover',
      params: { master: 'db1', to: 'db2', catchUpTimeoutSec: 600 },
      options: { approveGates: true, pauseBefore: ['promote'] },
    });
    await vi.waitFor(
      async () => {
        const d = await detail(runId);
        expect(d.status).toBe('waiting');
        expect(d.waiting).toMatchObject({ kind: 'gate', stepId: 'promote' });
      },
      { timeout: 120_000, interval: 200 },
    );
    expect((await detail(runId)).steps.find((s) => s.id === 'catch-up')?.status).toBe('done');

    await window.killCore();
    const interrupted = await detail(runId);
    expect(interrupted.status).toBe('interrupted');
    expect(await readOnly('db1')).toBe(1);
    expect(await readOnly('db2')).toBe(1);

    // The read lock died with the core: root writes to db1 through read_only.
    const reconnect = await cutDb2Until(
      runId,
      (d) =>
        REFENCED.test(logsOf(d, 'promote').join('\n')) ||
        ['done', 'failed'].includes(d.steps.find((s) => s.id === 'promote')?.status ?? ''),
    );
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (4)');

    // The resumed run stops at the pause it was asked for again: go on.
    const after = await resumeToEnd(runId, async () => {
      const promptId = await vi.waitFor(
        async () => {
          const w = (await detail(runId)).waiting;
          if (w?.kind !== 'gate' || w.stepId !== 'promote') throw new Error('not at the pause yet');
          return w.promptId;
        },
        { timeout: 120_000, interval: 200 },
      );
      await window.call('prompts.answer', { kind: 'confirm', id: promptId, approve: true });
      await reconnect();
    });
    expect(after.status, explain(after)).toBe('succeeded');
    for (const h of HOSTS) await waitForRow(h, 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 2);
    await expectNothingErrantOnDb1();
    expect(await readOnly('db2')).toBe(0);
    expect(await readOnly('db1')).toBe(1);
    const [db1] = await sql('db1', 'SHOW SLAVE STATUS');
    expect(db1).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });

    // The fence was taken again by the promotion, before it promoted (log, changes, audit).
    expect(logsOf(after, 'promote').join('\n')).toMatch(REFENCED);
    expect(after.changes.map((c) => c.text).filter((c) => /^db1 fenced/.test(c))).toHaveLength(2);
    const audit = await window.call('audit.list', { limit: 500 });
    const ofRun = audit.filter((a) => a.runId === runId).sort((a, b) => a.id - b.id);
    const promotion = ofRun.findIndex(
      (a) => a.target === 'db2' && /RESET SLAVE ALL/.test(a.detail),
    );
    // The fence step's, then the promotion's own — both before db2 is promoted.
    const fencedBefore = ofRun
      .slice(0, Math.max(promotion, 0))
      .filter((a) => a.target === 'db1' && /read_only = ON/.test(a.detail));
    expect(promotion).toBeGreaterThan(0);
    expect(fencedBefore).toHaveLength(2);
  }, 400_000);

  it('kill -9 while paused before the old master is repointed: a write to it in between is never left errant — the run stops with MYSQL_DIVERGED naming it', async () => {
    await buildLabCluster('db1', ['db2', 'db3']);
    await restoreLabHaproxy(helper);
    const { runId } = await window.call('workflows.start', {
      workflow: 'mysql-switchover',
      params: { master: 'db1', to: 'db2', catchUpTimeoutSec: 600 },
      options: { approveGates: true, pauseBefore: ['repoint-old-master'] },
    });
    const atGate = async () =>
      vi.waitFor(
        async () => {
          const w = (await detail(runId)).waiting;
          if (w?.kind !== 'gate' || w.stepId !== 'repoint-old-master')
            throw new Error('not at the pause yet');
          return w.promptId;
        },
        { timeout: 120_000, interval: 200 },
      );
    await atGate();
    expect((await detail(runId)).steps.find((s) => s.id === 'promote')?.status).toBe('done');

    await window.killCore();
    expect((await detail(runId)).status).toBe('interrupted');
    expect(await readOnly('db1')).toBe(1);
    // The read lock died with the core: root writes to db1 through read_only. db2 (the new
    // master) no longer replicates from db1, so only db1 has this row.
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (5)');
    const written = String((await sql('db1', 'SELECT @@gtid_binlog_pos AS p'))[0]?.p);

    const after = await resumeToEnd(runId, async () => {
      await window.call('prompts.answer', { kind: 'confirm', id: await atGate(), approve: true });
    });
    expect(after.status, explain(after)).toBe('failed');
    const step = after.steps.find((s) => s.id === 'repoint-old-master');
    expect(step?.error).toMatchObject({
      code: 'MYSQL_DIVERGED',
      message: expect.stringContaining(`db1 took writes after it was fenced`),
      hint: expect.stringContaining('opsdeck mysql rejoin db1 --under db2 --reseed'),
    });
    expect(step?.error?.message).toContain(written);
    // db1 was not pointed at db2: no replication, still read_only, the row only there.
    expect(await sql('db1', 'SHOW SLAVE STATUS')).toEqual([]);
    expect(await readOnly('db1')).toBe(1);
    expect(await readOnly('db2')).toBe(0);
    expect(await idsOn('db1')).toContain('5');
    expect(await idsOn('db2')).not.toContain('5');
  }, 400_000);
});
