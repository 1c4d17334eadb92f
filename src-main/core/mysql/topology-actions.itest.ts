import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  watchFeed,
  type MysqlActionResult,
  type ReplicaErrorReport,
  type Topology,
} from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { labAddress, labInventoryPath } from '../../../testing/lab/lab';
import {
  createTestData,
  dropOnMaster,
  resetLabReplication,
  sql,
  waitCaughtUp,
} from '../../../testing/lab/mysql-lab';

/** A chain db1 → db2 → db3 on the lab: the tree from any server, and the confirmed actions. */
describe('topology and replication actions on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await t.router.call(method, params, { door: 'web' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  const runIds: string[] = [];
  const setup = async (params: Record<string, unknown>) => {
    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params: params },
      'cli',
    );
    runIds.push(runId);
    const done = await t.core.workflows.wait(runId);
    expect(done.status, done.error?.message).toBe('succeeded');
  };
  const names = (topo: Topology) => new Map(topo.nodes.map((n) => [n.name, n]));

  beforeAll(async () => {
    t = await createTestServices('web');
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await resetLabReplication(t, ['db2', 'db3']);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await dropOnMaster('db2', ['repl_db3']);
    await createTestData('db1', 'opsdeck_test', 1000);
    await sql('db1', 'CREATE TABLE opsdeck_test.conflict (id INT PRIMARY KEY)');
    await setup({ master: 'db1', replica: 'db2', logReplicaUpdates: true });
    await setup({ master: 'db2', replica: 'db3', overwrite: [] });
  }, 300_000);

  afterAll(async () => {
    await resetLabReplication(
      t,
      ['db3', 'db2'],
      runIds.map((id) => t.core.workflows.detail(id)),
    );
    await dropOnMaster('db2', ['repl_db3']);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await t.dispose();
  }, 300_000);

  it('draws db1 → db2 → db3 from any of them, with roles, threads and executed GTIDs', async () => {
    for (const from of ['db1', 'db2', 'db3']) {
      const topo = await call<Topology>('mysql.topology', { host: from });
      const n = names(topo);
      expect(topo.rootId).toBe(n.get('db1')?.id);
      expect(topo.startId).toBe(n.get(from)?.id);
      expect(n.get('db1')).toMatchObject({
        role: 'master',
        health: 'ok',
        replicaIds: [n.get('db2')?.id],
      });
      expect(n.get('db2')).toMatchObject({
        role: 'intermediate',
        masterId: n.get('db1')?.id,
        replicaIds: [n.get('db3')?.id],
        replication: { ioThread: 'running', sqlThread: 'running', sourceHost: labAddress(1) },
      });
      expect(n.get('db3')).toMatchObject({
        role: 'replica',
        health: 'ok',
        masterId: n.get('db2')?.id,
      });
      expect(n.get('db3')?.executed).toMatch(/^0-\d+-\d+$/);
    }
  });

  it('actions need the host name as confirmation', async () => {
    await expect(
      call('mysql.action', { host: 'db3', action: 'stop-replication' }),
    ).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      hint: expect.stringContaining('"db3"'),
    });
    await expect(
      call('mysql.action', { host: 'db3', action: 'stop-replication', confirm: 'db2' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
  });

  it('stop and start replication, audited; the tree shows the stopped replica as critical', async () => {
    const stopped = await call<MysqlActionResult>('mysql.action', {
      host: 'db3',
      action: 'stop-replication',
      confirm: 'db3',
    });
    expect(stopped.status).toMatchObject({ ioThread: 'stopped', sqlThread: 'stopped' });
    const topo = await call<Topology>('mysql.topology', { host: 'db3' });
    expect(names(topo).get('db3')).toMatchObject({
      health: 'critical',
      notes: expect.arrayContaining(['SQL thread stopped']),
    });
    const started = await call<MysqlActionResult>('mysql.action', {
      host: 'db3',
      action: 'start-replication',
      confirm: 'db3',
    });
    expect(started.status).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
    const audit = t.core.audit.list(50, 'db3').map((a) => `${a.action} ${a.outcome} ${a.detail}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'mysql.stop-replication ok STOP SLAVE',
        'mysql.start-replication ok START SLAVE',
      ]),
    );
  });

  it('shows the failing event, refuses a skip for another error, then skips exactly one event', async () => {
    await sql('db3', 'SET SESSION sql_log_bin = 0; INSERT INTO opsdeck_test.conflict VALUES (7)');
    await sql('db1', 'INSERT INTO opsdeck_test.conflict VALUES (7), (8)');
    let report: ReplicaErrorReport | undefined;
    for (let i = 0; i < 40 && !report?.error; i++) {
      await new Promise((r) => setTimeout(r, 250));
      report = await call<ReplicaErrorReport>('mysql.replicaError', { host: 'db3' });
    }
    expect(report?.error).toMatchObject({
      errno: 1062,
      message: expect.stringContaining("Duplicate entry '7'"),
    });
    expect(report?.events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['Gtid', 'Write_rows_v1']),
    );
    expect(report?.events.some((e) => e.info.includes('opsdeck_test.conflict'))).toBe(true);

    await expect(
      call('mysql.action', {
        host: 'db3',
        action: 'skip-event',
        expectErrno: 1146,
        confirm: 'db3',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // Started again without fixing the data, it stops on the same event within milliseconds:
    // that error is the answer, soon — not a timeout after 15 s telling to start it again.
    const startedAt = Date.now();
    await expect(
      call('mysql.action', { host: 'db3', action: 'start-replication', confirm: 'db3' }),
    ).rejects.toMatchObject({
      code: 'MYSQL_REPLICATION_BROKEN',
      message: expect.stringContaining("Duplicate entry '7'"),
    });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(
      t.core.audit
        .list(50, 'db3')
        .some(
          (a) =>
            a.action === 'mysql.start-replication' &&
            a.outcome === 'failed' &&
            a.detail.includes('MYSQL_REPLICATION_BROKEN'),
        ),
    ).toBe(true);
    const skipped = await call<MysqlActionResult>('mysql.action', {
      host: 'db3',
      action: 'skip-event',
      expectErrno: 1062,
      confirm: 'db3',
    });
    expect(skipped.skipped?.errno).toBe(1062);
    // Answered once the SQL thread is past the failed transaction, not at the first "Yes/Yes"
    // after START SLAVE (MariaDB then still has the skip to do: counter 1, same position).
    expect(skipped.status).toMatchObject({
      ioThread: 'running',
      sqlThread: 'running',
      skipCounter: 0,
    });
    expect(skipped.status?.execSourceLogPos).toBeGreaterThan(
      report?.status?.execSourceLogPos ?? Infinity,
    );
    await sql('db1', 'INSERT INTO opsdeck_test.conflict VALUES (9)');
    // Down the chain: db2 first (9 may not be there yet when db2's position is read), then db3
    // (by binlog position: db3's last GTID 0-2-N, db2's own, outnumbers db1's 0-1-M).
    await waitCaughtUp('db1', 'db2');
    await waitCaughtUp('db2', 'db3');
    // The skipped transaction carried 7 and 8; 9 came after it.
    expect(
      (await sql('db3', 'SELECT id FROM opsdeck_test.conflict ORDER BY id')).map((r) => r.id),
    ).toEqual([7, 9]);
  });

  it("the lab's catch-up wait on a replica of another master says so, not \"not executed\"", async () => {
    // db3 replicates from db2, not from db1.
    await expect(waitCaughtUp('db1', 'db3', 1500)).rejects.toThrow(
      /^db3 does not replicate from db1 \(\S+\) but from \S+:3306, so whether it executed/,
    );
  });

  it('sets read_only, confirmed and audited', async () => {
    const off = await call<MysqlActionResult>('mysql.action', {
      host: 'db3',
      action: 'set-read-only',
      readOnly: false,
      confirm: 'db3',
    });
    expect(off.readOnly).toBe(false);
    const topo = await call<Topology>('mysql.topology', { host: 'db3' });
    expect(names(topo).get('db3')?.notes).toContain('replica is writable (read_only OFF)');
    const on = await call<MysqlActionResult>('mysql.action', {
      host: 'db3',
      action: 'set-read-only',
      readOnly: true,
      confirm: 'db3',
    });
    expect(on.readOnly).toBe(true);
  });

  it('live: the mysql.topology feed updates its subscriber only, shared, ended by disconnect', async () => {
    const doors = [t.connect('web'), t.connect('web')];
    const seen: Topology[][] = [[], []];
    const watchDb2 = (i: 0 | 1) =>
      watchFeed(
        createClient(doors[i]!),
        'mysql.topology',
        { host: 'db2', intervalMs: 1000 },
        {
          data: (topology) => seen[i]!.push(topology),
        },
      );
    const watchA = watchDb2(0);
    await watchA.ready;
    // Nothing of A's subscription reaches B's connection.
    const onB: string[] = [];
    doors[1]!.onEvent((m) => onB.push(m.topic));
    await new Promise((r) => setTimeout(r, 2600));
    expect(seen[0]!.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]![0]!.nodes).toHaveLength(3);
    expect(onB.filter((topic) => topic.startsWith('watch.'))).toEqual([]);

    // B watches the same feed: one source serves both; B gets the latest tree at once.
    const watchB = watchDb2(1);
    await watchB.ready;
    await new Promise((r) => setTimeout(r, 50));
    expect(seen[1]).toHaveLength(1);
    expect(await createClient(doors[1]!).call('watch.list', {})).toMatchObject([
      { feed: 'mysql.topology', sharedWith: 1 },
    ]);
    expect(t.core.watch.activeSources).toBe(1);

    // A's door goes away: its subscription ends with it; B's goes on.
    doors[0]!.close();
    const before = seen[1]!.length;
    await new Promise((r) => setTimeout(r, 1600));
    expect(seen[1]!.length).toBeGreaterThan(before);
    await watchB.stop();
    expect(t.core.watch.activeSources).toBe(0);
    doors[1]!.close();
  });

  it('refuses to watch a host that is not in the inventory (NOT_FOUND at once)', async () => {
    const door = t.connect('cli');
    const r = await door.invoke('watch.subscribe', {
      feed: 'mysql.topology',
      params: { host: 'nope' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    door.close();
  });
});
