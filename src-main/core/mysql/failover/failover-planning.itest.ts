import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterPlanView } from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../../../../testing/lab/failover-lab';
import { lab, labInventoryPath } from '../../../../testing/lab/lab';
import { sql } from '../../../../testing/lab/mysql-lab';

/**
 * The master's health and the candidate ranking on a real cluster (db1 → db2, db3 by MariaDB GTID):
 * a partition is never a dead master, kill -9 is, with the loss read from its binlog over SSH, and
 * an errant transaction puts a replica last.
 */
describe('failover planning on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const plan = async (master = 'db1'): Promise<ClusterPlanView> => {
    const r = await t.router.call(
      'mysql.failoverPlan',
      { master, mode: 'failover' },
      { door: 'cli' },
    );
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as ClusterPlanView;
  };
  const waitFor = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  beforeAll(async () => {
    t = await createTestServices('cli');
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await buildLabCluster('db1', ['db2', 'db3']);
  }, 120_000);

  afterAll(async () => {
    t.core.heartbeat.stop();
    await t.router.call('mysql.removeCluster', { name: 'hb' }, { door: 'cli' });
    lab('start', 'db1', 'ssh');
    lab('start', 'db1', 'mysql');
    await resetLabCluster(['db1', 'db2', 'db3']);
    await t.dispose();
  }, 120_000);

  it('ranks both replicas with their reasons while the master is alive', async () => {
    const v = await plan();
    expect(v.health.verdict).toBe('alive');
    expect(v.plan.positioning).toBe('mariadb-gtid');
    expect(v.plan.candidates.map((c) => [c.name, c.eligible, c.behind])).toEqual([
      ['db2', true, 0],
      ['db3', true, 0],
    ]);
    expect(v.plan.chosen).toBe('db2');
  });

  it('a partition (only Opsdeck’s path to db1 is cut; the replicas still reach it) is not a dead master', async () => {
    // Opsdeck reaches db1's MySQL through db1's sshd; the replicas connect to port 3306 directly.
    lab('stop', 'db1', 'ssh');
    try {
      // As a real partition would, it also ends the connections Opsdeck had open to db1.
      t.core.ssh.close(t.core.hosts.get('db1').id);
      t.core.mysql.close();
      const v = await plan();
      expect(v.health.verdict).toBe('partition');
      expect(v.health.summary).toMatch(/db2, db3 still replicate from it/);
      const angles = Object.fromEntries(v.health.angles.map((a) => [a.angle, a.ok]));
      expect(angles).toMatchObject({
        'Opsdeck → MySQL': false,
        'Opsdeck → SSH': false,
        'db2 IO thread': true,
        'db3 IO thread': true,
      });
    } finally {
      lab('start', 'db1', 'ssh');
    }
  });

  it('kill -9 of the master’s mysqld: dead from every angle, the loss read from its binlog over SSH', async () => {
    // Two transactions reach only db1: the replicas' IO threads are stopped while it takes them.
    for (const r of ['db2', 'db3']) await sql(r, 'STOP SLAVE IO_THREAD');
    await sql(
      'db1',
      'INSERT INTO opsdeck_failover.t VALUES (2), (3); INSERT INTO opsdeck_failover.t VALUES (4)',
    );
    lab('kill', 'db1', 'mysql');
    for (const r of ['db2', 'db3']) await sql(r, 'START SLAVE IO_THREAD');
    t.core.mysql.close();
    let v = await plan();
    await waitFor('both IO threads to lose db1', async () => {
      v = await plan();
      return (
        v.health.angles.filter((a) => /IO thread/.test(a.angle) && a.ok === false).length === 2
      );
    });
    expect(v.health.verdict).toBe('dead');
    expect(v.health.summary).toMatch(/mysqld is not running on db1 \(its host answers SSH\)/);
    expect(v.plan.loss).toMatchObject({ certainty: 'exact', transactions: 2 });
    expect(v.plan.loss.text).toMatch(/read from its binary log over SSH/);
    expect(v.plan.chosen).toBe('db2');
    lab('start', 'db1', 'mysql');
    await waitFor(
      'the replicas to reconnect',
      async () => (await plan()).health.verdict === 'alive',
    );
  });

  it('an errant transaction on a replica ranks it last, with the transaction named', async () => {
    const [{ pos }] = (await sql('db3', 'SELECT @@gtid_current_pos AS pos')) as [{ pos: string }];
    const seq = Number(pos.split('-').pop());
    // A write on the replica itself (as an admin: read_only does not stop it), binlogged.
    await sql('db3', 'CREATE DATABASE opsdeck_errant');
    await waitFor(
      'the ranking to change',
      async () => (await plan()).plan.candidates[1]?.errantCount === 1,
    );
    const v = await plan();
    expect(v.plan.candidates.map((c) => c.name)).toEqual(['db2', 'db3']);
    const db3 = v.plan.candidates[1];
    expect(db3?.errant).toBe(`0-3-${seq + 1}`);
    expect(db3?.reasons[0]?.text).toMatch(
      new RegExp(`errant transaction\\(s\\) the master never had: 0-3-${seq + 1}`),
    );
    expect(v.plan.chosen).toBe('db2');
  });

  it('lag from the heartbeat table: sub-second while replicating, growing when a replica stops applying', async () => {
    await t.router.call(
      'mysql.saveCluster',
      { name: 'hb', members: ['db1', 'db2', 'db3'], heartbeat: { enabled: true, intervalMs: 300 } },
      { door: 'cli' },
    );
    t.core.heartbeat.start();
    await waitFor('heartbeat lag on both replicas', async () => {
      const v = await plan();
      return v.plan.candidates.every(
        (c) => c.lag?.source === 'heartbeat' && (c.lag.seconds ?? 9) < 1,
      );
    });
    await sql('db3', 'STOP SLAVE SQL_THREAD');
    try {
      await waitFor('db3 falling behind', async () => {
        const lag = (await plan()).plan.candidates.find((c) => c.name === 'db3')?.lag;
        return lag?.source === 'heartbeat' && (lag.seconds ?? 0) > 1.5;
      });
      const v = await plan();
      const node = v.topology.nodes.find((n) => n.name === 'db3');
      expect(node?.lag?.source).toBe('heartbeat');
      expect(node?.replication?.secondsBehind).toBeNull(); // what Seconds_Behind_Master says meanwhile
    } finally {
      await sql('db3', 'START SLAVE SQL_THREAD');
    }
  });
});
