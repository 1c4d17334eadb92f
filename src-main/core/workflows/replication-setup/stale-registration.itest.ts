import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightReport, RunDetail } from '../../../contract';
import { explain } from '../../../../testing/core/lab-suite';
import { resetLabCluster } from '../../../../testing/lab/failover-lab';
import { foreignReplica } from '../../../../testing/lab/foreign-replica';
import { labAddress } from '../../../../testing/lab/lab';
import {
  checksums,
  createTestData,
  dropOnMaster,
  labAdmin,
  resetLabReplication,
  sql,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';
import {
  labCore,
  releaseLabCore,
  resetStock,
  rootSql,
  seedNotes,
} from '../../../../testing/lab/stock-lab';

/**
 * After a switchover or a reseed, a master keeps listing a replica that left it (SHOW SLAVE HOSTS)
 * until its idle binlog dump thread notices — on an idle master without heartbeats, never. The
 * replication setup's preflight took that registration for another replica using the same
 * server_id and refused to seed the host that had left. Here the former replicas are made with
 * heartbeats off (MASTER_HEARTBEAT_PERIOD = 0), so their masters keep listing them until the run
 * writes: the registration is there for as long as the test needs it, whatever the timing.
 */
describe('a former replica still listed by its master', () => {
  let t: Awaited<ReturnType<typeof labCore>>;
  const runs: RunDetail[] = [];

  const preflight = async (params: Record<string, unknown>) => {
    const r = await t.router.call('mysql.preflight', params as never, { door: 'cli' });
    if (!r.ok) throw new Error(`mysql.preflight failed: ${JSON.stringify(r)}`);
    return r.value as PreflightReport;
  };
  const serverIdCheck = (report: PreflightReport) =>
    report.checks.find((c) => c.id === 'server-id');
  const failed = (report: PreflightReport) =>
    report.checks
      .filter((c) => c.level === 'error')
      .map((c) => `${c.id}: ${c.message}`)
      .join('\n');
  const run = async (params: Record<string, unknown>) => {
    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params },
      'cli',
    );
    await t.core.workflows.wait(runId);
    const detail = t.core.workflows.detail(runId);
    runs.push(detail);
    return detail;
  };
  /** Server ids the master lists, and the client addresses of its binlog dump threads. */
  const listed = async (read: (statement: string) => Promise<Record<string, unknown>[]>) => ({
    ids: (await read('SHOW SLAVE HOSTS')).map((r) => Number(r.Server_id)).sort(),
    dumps: (
      await read(
        "SELECT HOST AS h FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
      )
    ).map((r) => String(r.h).replace(/:\d+$/, '')),
  });
  const onDb2 = (statement: string) => sql('db2', statement);
  const until = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; !(await ok()); i++) {
      if (i > 100) throw new Error(`${what}: not within 20 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    t = await labCore();
    resetStock('stock1', 'stock2');
    // As after the switchover journey: db2 the master, db1 to become its replica.
    await resetLabCluster(['db1', 'db2']);
    await resetLabReplication(t, ['db1']);
    await dropOnMaster('db2', ['repl_db1']);
    await createTestData('db2', 'opsdeck_test', 500);
  }, 180_000);

  afterAll(async () => {
    await t.core.workflows.stopAll();
    await resetLabReplication(t, ['db1'], runs);
    await dropOnMaster('db2', ['repl_db1']);
    await resetLabCluster(['db1', 'db2']);
    await releaseLabCore(t);
  }, 180_000);

  it("another host registered with db1's server_id is refused, named by its address", async () => {
    // A binlog client from db3's address registers with db2 as server_id 1 (db1's).
    const other = await foreignReplica('db2', 1, labAddress(3));
    try {
      expect(await listed(onDb2)).toEqual({ ids: [1], dumps: [labAddress(3)] });
      const report = await preflight({
        master: 'db2',
        replica: 'db1',
        databases: ['opsdeck_test'],
      });
      expect(report.ok).toBe(false);
      expect(serverIdCheck(report)).toMatchObject({
        level: 'error',
        message: `db1 has server_id 1, which another replica of db2 already uses (registered from ${labAddress(3)}, not db1's address).`,
        fix: 'fixServerId',
      });
      // With the fix consented to, the plan gives db1 the next free id.
      const plan = await t.core.workflows.plan({
        workflow: 'mysql-replication-setup',
        params: { master: 'db2', replica: 'db1', databases: ['opsdeck_test'], fixServerId: true },
      });
      expect(
        plan.steps
          .find((s) => s.id === 'fix-server-id')
          ?.actions.filter((a) => a.write)
          .map((a) => a.detail),
      ).toContain('SET GLOBAL server_id = 3');
    } finally {
      await other.close();
    }
    await until('db2 drops the other registration', async () => !(await listed(onDb2)).ids.length);
  }, 60_000);

  it('db1 left db2: its own stale registration passes the preflight, and the seed replaces it', async () => {
    const a = labAdmin('db2');
    // A replica that is caught up: it starts at db2's end and applies nothing.
    const [pos] = await sql('db2', 'SELECT @@gtid_binlog_pos AS g');
    await sql(
      'db1',
      `SET GLOBAL gtid_slave_pos = '${String(pos?.g ?? '')}'; CHANGE MASTER TO MASTER_HOST='${a.host}', MASTER_PORT=${a.port}, MASTER_USER='${a.user}', MASTER_PASSWORD='${a.password}', MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=0, MASTER_USE_GTID=slave_pos; START SLAVE`,
    );
    await until('db2 lists db1', async () => (await listed(onDb2)).ids.includes(1));
    await sql('db1', 'STOP SLAVE; RESET SLAVE ALL');
    expect(await sql('db1', 'SHOW SLAVE STATUS')).toEqual([]);
    // db1 replicates from nobody, yet db2 lists it: its dump thread from 127.0.0.1 lives on.
    const stale = { ids: [1], dumps: ['127.0.0.1'] };
    expect(await listed(onDb2)).toEqual(stale);

    const params = { master: 'db2', replica: 'db1', seed: 'dump', databases: ['opsdeck_test'] };
    const report = await preflight(params);
    // In the lab every host reaches db2 from 127.0.0.1: "db1's own" rests on a loopback address
    // only, so it passes as a warning saying so (a real clash from there would look the same).
    expect(serverIdCheck(report)).toMatchObject({
      id: 'server-id',
      title: 'Unique server_id',
      level: 'warning',
      message: expect.stringMatching(
        /^db2=2, db1=1; db2 lists a registration with server_id 1 from 127\.0\.0\.1, taken as db1's own earlier one only because .*loopback or shared/,
      ),
      hint: expect.stringContaining('report_host on db1'),
    });
    expect(report.ok, failed(report)).toBe(true);
    expect(await listed(onDb2), 'the registration was there all along').toEqual(stale);

    const detail = await run(params);
    expect(detail.status, explain(detail)).toBe('succeeded');
    // One registration of server_id 1 again: db1's new one.
    await until('db2 lists db1 once, replicating', async () => {
      const now = await listed(onDb2);
      const [status] = await sql('db1', 'SHOW SLAVE STATUS');
      return (
        JSON.stringify(now) === JSON.stringify(stale) &&
        status?.Slave_IO_Running === 'Yes' &&
        status.Slave_SQL_Running === 'Yes'
      );
    });
    await sql('db2', 'INSERT INTO opsdeck_test.events (payload, n) VALUES ("after the reseed", 1)');
    await waitCaughtUp('db2', 'db1');
    expect(await checksums('db1', ['opsdeck_test'])).toEqual(
      await checksums('db2', ['opsdeck_test']),
    );
  }, 180_000);

  it('stock hosts: a fresh install set up, left, and set up again while still listed', async () => {
    const first = await (async () => {
      await seedNotes(t, 'stock1');
      return run({
        master: 'stock1',
        replica: 'stock2',
        seed: 'dump',
        enableBinlog: true,
        fixServerId: true,
      });
    })();
    expect(first.status, explain(first)).toBe('succeeded');
    const onStock1 = (statement: string) => rootSql(t, 'stock1', statement);
    const replicating = async () => {
      const [s] = await rootSql(t, 'stock2', 'SHOW SLAVE STATUS');
      return s?.Slave_IO_Running === 'Yes' && s.Slave_SQL_Running === 'Yes';
    };
    // stock2 (server_id 2 now) stops replicating; heartbeats off, so stock1 keeps listing it.
    await rootSql(
      t,
      'stock2',
      'STOP SLAVE',
      'CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD = 0',
      'START SLAVE',
    );
    await until('stock2 replicates again', replicating);
    await until('stock1 lists stock2', async () => (await listed(onStock1)).ids.includes(2));
    await rootSql(t, 'stock2', 'STOP SLAVE', 'RESET SLAVE ALL');
    const stale = await listed(onStock1);
    expect(stale.ids).toEqual([2]);

    const params = {
      master: 'stock1',
      replica: 'stock2',
      seed: 'dump',
      overwrite: ['app', 'opsdeck'],
    };
    const report = await preflight(params);
    expect(serverIdCheck(report)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(
        /^stock1=1, stock2=2; stock1 lists a registration with server_id 2 from (localhost|127\.0\.0\.1), taken as stock2's own/,
      ),
    });
    expect(report.ok, failed(report)).toBe(true);
    expect(await listed(onStock1)).toEqual(stale);

    const again = await run(params);
    expect(again.status, explain(again)).toBe('succeeded');
    await until('stock2 replicates, listed once', async () => {
      const now = await listed(onStock1);
      return now.ids.length === 1 && now.ids[0] === 2 && (await replicating());
    });
    await rootSql(t, 'stock1', "INSERT INTO app.notes (body) VALUES ('after the second setup')");
    await until(
      'the row arrives',
      async () =>
        (
          await rootSql(
            t,
            'stock2',
            "SELECT id FROM app.notes WHERE body = 'after the second setup'",
          )
        ).length === 1,
    );
  }, 300_000);
});
