import { describe, expect, it } from 'vitest';
import type { RunDetail, Topology, WorkflowRequestIn } from '../../../contract';
import { explain, labSuite, runWorkflow } from '../../../../testing/core/lab-suite';
import { dropLabSshSessions, lab, SUDO_LOGIN } from '../../../../testing/lab/lab';
import { addStockLogin, resetStock, rootSql, seedNotes } from '../../../../testing/lab/stock-lab';
import { waitUntil } from '../../common/wait';

/**
 * Switchover and failover on two hosts as Debian installs MariaDB, after Opsdeck's replication
 * setup between them: no MySQL login anywhere (root by unix_socket, reached through the `admin`
 * login's `sudo -n` and a socket relay), no traffic layer, `service mariadb` run by mysqld_safe.
 */
describe('switchover and failover between stock hosts through sudo logins', () => {
  const CLUSTER = 'stockpair';
  const FENCED = 'written while fenced';

  const run = (request: WorkflowRequestIn, typed?: string): Promise<RunDetail> =>
    runWorkflow(t(), request, typed ? { typed } : undefined);
  /** Poll a probe until it gives a value (a state, not a time). */
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) =>
    waitUntil(probe, { what, pollMs: 250, timeoutMs: ms, tolerateErrors: true });
  const arrives = (master: string, replica: string, value: string) =>
    rootSql(t(), master, `INSERT INTO app.notes (body) VALUES ('${value}')`).then(() =>
      waitFor(`${value} on ${replica}`, async () => {
        const rows = await rootSql(
          t(),
          replica,
          `SELECT id FROM app.notes WHERE body = '${value}'`,
        );
        return rows.length ? true : undefined;
      }),
    );
  const sudoOnly = (runId: string, host: string) => {
    const execs = t()
      .core.audit.list(2000)
      .filter((a) => a.runId === runId && a.target === host && a.action.endsWith('ssh.exec'));
    return execs.filter((a) => !a.detail.startsWith('sudo -n ')).map((a) => a.detail);
  };

  const t = labSuite({
    prepare: async (services) => {
      resetStock('stock1', 'stock2');
      await addStockLogin(services, 'peer1', 1, SUDO_LOGIN);
      await addStockLogin(services, 'peer2', 2, SUDO_LOGIN);
      await seedNotes(services, 'peer1');
      const setup = await run({
        workflow: 'mysql-replication-setup',
        params: {
          master: 'peer1',
          replica: 'peer2',
          seed: 'dump',
          enableBinlog: true,
          fixServerId: true,
        },
      });
      expect(setup.status, explain(setup)).toBe('succeeded');
      await arrives('peer1', 'peer2', 'after the setup');
      await services.call('mysql.saveCluster', {
        name: CLUSTER,
        members: ['peer1', 'peer2'],
        // While peer1 is fenced, root (whom read_only does not stop) tries a write on it: the
        // fence's global read lock must make it wait and give up.
        hooks: [
          {
            phase: 'after-fence',
            host: 'peer1',
            command: `sudo -n mariadb -e "SET SESSION lock_wait_timeout = 2; INSERT INTO app.notes (body) VALUES ('${FENCED}')"`,
          },
        ],
      });
    },
    release: async (services) => {
      for (const h of ['stock1', 'stock2']) lab('start', h, 'ssh');
      await services.core.workflows.stopAll();
    },
    afterDispose: () => resetStock('stock1', 'stock2'),
    setupMs: 240_000,
    teardownMs: 180_000,
  });

  it('ranks the replica as the candidate from the stock hosts’ GTIDs', async () => {
    const plan = await t().call('mysql.failoverPlan', { master: 'peer1' });
    expect(plan.plan.candidates[0]).toMatchObject({ name: 'peer2' });
  });

  it('switches over peer1 → peer2: peer2 writable, peer1 its read-only replica, every command through sudo', async () => {
    const d = await run(
      { workflow: 'mysql-switchover', params: { master: 'peer1', to: 'peer2' } },
      CLUSTER,
    );
    expect(d.status, explain(d)).toBe('succeeded');
    const topo: Topology = await t().call('mysql.topology', { host: 'peer2' });
    const byName = new Map(topo.nodes.map((n) => [n.name, n]));
    expect(byName.get('peer2')).toMatchObject({ role: 'master', readOnly: false });
    expect(byName.get('peer1')?.masterId).toBe(byName.get('peer2')?.id);
    expect(byName.get('peer1')).toMatchObject({
      readOnly: true,
      replication: { ioThread: 'running', sqlThread: 'running' },
    });
    await arrives('peer2', 'peer1', 'after the switchover');
    expect(sudoOnly(d.id, 'peer1')).toEqual([]);
    expect(sudoOnly(d.id, 'peer2')).toEqual([]);
    // The fence held: root's write on the fenced master waited for the read lock and gave up.
    expect(d.logs.some((l) => /hook after-fence on peer1 exited 1/.test(l.text))).toBe(true);
    for (const h of ['peer1', 'peer2'])
      expect(await rootSql(t(), h, `SELECT id FROM app.notes WHERE body = '${FENCED}'`)).toEqual(
        [],
      );
  }, 180_000);

  it('fails over when the master’s host is gone (MariaDB and SSH down): peer1 promoted and writable', async () => {
    lab('stop', 'stock2', 'mysql');
    lab('stop', 'stock2', 'ssh');
    dropLabSshSessions('stock2');
    t().core.ssh.close(t().core.hosts.get('peer2').id);
    t().core.mysql.close(t().core.hosts.get('peer2').id);
    await waitFor('peer1 to lose its master', async () => {
      const [row] = await rootSql(t(), 'peer1', 'SHOW SLAVE STATUS');
      return row && row.Slave_IO_Running !== 'Yes' ? true : undefined;
    });
    const d = await run({ workflow: 'mysql-failover', params: { master: 'peer2' } }, CLUSTER);
    expect(d.status, explain(d)).toBe('succeeded');
    const [vars] = await rootSql(t(), 'peer1', 'SELECT @@read_only AS ro');
    expect(Number(vars?.ro)).toBe(0);
    expect(await rootSql(t(), 'peer1', 'SHOW SLAVE STATUS')).toEqual([]);
    await rootSql(t(), 'peer1', "INSERT INTO app.notes (body) VALUES ('after the failover')");
    expect(sudoOnly(d.id, 'peer1')).toEqual([]);
  }, 180_000);

  it('the old master comes back and rejoins under peer1 (no divergence): read-only, replicating', async () => {
    lab('start', 'stock2', 'ssh');
    lab('start', 'stock2', 'mysql');
    t().core.mysql.close(t().core.hosts.get('peer2').id);
    const d = await run(
      { workflow: 'mysql-rejoin', params: { host: 'peer2', under: 'peer1' } },
      'peer2',
    );
    expect(d.status, explain(d)).toBe('succeeded');
    const [row] = await rootSql(t(), 'peer2', 'SHOW SLAVE STATUS');
    expect(row).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });
    const [vars] = await rootSql(t(), 'peer2', 'SELECT @@read_only AS ro');
    expect(Number(vars?.ro)).toBe(1);
    await arrives('peer1', 'peer2', 'after the rejoin');
    expect(
      await rootSql(t(), 'peer2', "SELECT id FROM app.notes WHERE body = 'after the failover'"),
    ).toHaveLength(1);
    expect(sudoOnly(d.id, 'peer2')).toEqual([]);
  }, 180_000);
});
