import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, Topology } from '../../../contract';
import { explain } from '../../../../testing/core/lab-suite';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { labInventory, labInventoryPath } from '../../../../testing/lab/lab';
import {
  checksums,
  createTestData,
  dropOnMaster,
  resetLabReplication,
  sql,
  startWriter,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';

/**
 * Real MariaDB replication on the lab: db1 → db2 seeded by a streamed dump and db1 → db3 by a
 * streamed hot backup, both while a writer keeps inserting into db1; then the data must match.
 */
describe('replication setup on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const configs: Record<string, string> = {};
  const runs: RunDetail[] = [];

  const start = (params: Record<string, unknown>) =>
    t.core.workflows.start({ workflow: 'mysql-replication-setup', params: params }, 'cli');
  const finish = async (runId: string) => {
    await t.core.workflows.wait(runId);
    const detail = t.core.workflows.detail(runId);
    runs.push(detail);
    return detail;
  };

  beforeAll(async () => {
    t = await createTestServices();
    if (process.env.OPSDECK_TEST_VERBOSE)
      t.bus.subscribe((m) => {
        const e = m.payload as { type?: string; line?: { level: string; text: string } };
        if (m.topic === 'workflow.event' && e.type === 'log')
          console.log(`[run] ${e.line?.level} ${e.line?.text}`);
      });
    const imported = await t.router.call(
      'hosts.importLab',
      { path: labInventoryPath },
      { door: 'cli' },
    );
    expect(imported.ok).toBe(true);
    await resetLabReplication(t, ['db2', 'db3']);
    for (const name of ['db2', 'db3'])
      configs[name] = (
        await t.core.ssh.exec(t.core.hosts.get(name), 'cat /etc/mysql/my.cnf')
      ).stdout;
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await createTestData('db1');
    await sql('db2', 'SET SESSION sql_log_bin = 0; CREATE DATABASE opsdeck_junk');
  }, 300_000);

  afterAll(async () => {
    await t.core.workflows.stopAll();
    await resetLabReplication(t, ['db2', 'db3'], runs);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await t.dispose();
  }, 300_000);

  it('plans the setup without changing anything', async () => {
    const plan = await t.core.workflows.plan({
      workflow: 'mysql-replication-setup',
      params: {
        master: 'db1',
        replica: 'db2',
        overwrite: ['opsdeck_junk'],
      },
    });
    // Both servers are held while it runs (it may restart them); nobody holds them now.
    expect(plan.locks.map((l) => [l.kind, l.label, l.heldBy])).toEqual([
      ['host', 'db1', undefined],
      ['host', 'db2', undefined],
    ]);
    const writes = plan.steps.flatMap((s) => s.actions.filter((a) => a.write));
    expect(writes.some((a) => a.kind === 'sql' && /GRANT REPLICATION SLAVE/.test(a.detail))).toBe(
      true,
    );
    expect(
      writes.some((a) => /mariadb-dump --single-transaction --master-data=2 --gtid/.test(a.detail)),
    ).toBe(true);
    expect(writes.some((a) => /CHANGE MASTER TO .*MASTER_PASSWORD='••••••'/.test(a.detail))).toBe(
      true,
    );
    expect(JSON.stringify(plan)).not.toMatch(/IDENTIFIED BY '(?!••••••)/);
    expect(await sql('db1', "SELECT 1 FROM mysql.user WHERE User = 'repl_db2'")).toHaveLength(0);
    expect(await sql('db2', 'SHOW SLAVE STATUS')).toHaveLength(0);
    expect((await t.core.ssh.exec(t.core.hosts.get('db2'), 'cat /etc/mysql/my.cnf')).stdout).toBe(
      configs.db2,
    );
  });

  it('db1 → db2 by a streamed dump while db1 takes writes; data matches afterwards', async () => {
    const writer = startWriter('db1');
    await new Promise((r) => setTimeout(r, 500));
    const { runId } = start({
      master: 'db1',
      replica: 'db2',
      seed: 'dump',
      overwrite: ['opsdeck_junk'],
      ignoreTables: ['opsdeck_test.ignored%'],
    });
    const run = await finish(runId);
    const written = await writer.stop();
    expect(run.status, explain(run)).toBe('succeeded');
    expect(written).toBeGreaterThan(50);
    expect(run.output.seed).toMatchObject({
      method: 'dump',
      file: expect.stringMatching(/^mysql-bin/),
    });
    await waitCaughtUp('db1', 'db2');
    expect(await checksums('db2', ['opsdeck_test'])).toEqual(
      await checksums('db1', ['opsdeck_test']),
    );
    expect(await sql('db2', 'SHOW DATABASES LIKE "opsdeck_junk"')).toHaveLength(0);
    const [status] = await sql('db2', 'SHOW SLAVE STATUS');
    expect(status).toMatchObject({
      Slave_IO_Running: 'Yes',
      Slave_SQL_Running: 'Yes',
      Master_User: 'repl_db2',
      Using_Gtid: 'Slave_Pos',
      Replicate_Wild_Ignore_Table: 'opsdeck_test.ignored%',
    });
    const [vars] = await sql(
      'db2',
      'SELECT @@read_only AS ro, @@log_slave_updates AS lsu, @@log_bin AS lb',
    );
    expect(vars).toMatchObject({ ro: 1, lsu: 0, lb: 1 });
    // The account the master sees: the lab's shared network namespace makes it 127.0.0.1.
    const grants = await sql('db1', "SHOW GRANTS FOR 'repl_db2'@'127.0.0.1'");
    expect(grants.map((g) => String(Object.values(g)[0]))).toEqual([
      expect.stringMatching(/^GRANT REPLICATION SLAVE ON \*\.\* TO `repl_db2`@`127\.0\.0\.1`/),
    ]);
  }, 600_000);

  it('db1 → db3 by a streamed hot backup while db1 takes writes; data matches afterwards', async () => {
    const writer = startWriter('db1');
    await new Promise((r) => setTimeout(r, 500));
    const { runId } = start({ master: 'db1', replica: 'db3', seed: 'hot-backup' });
    const run = await finish(runId);
    await writer.stop();
    expect(run.status, explain(run)).toBe('succeeded');
    expect(run.output.seed).toMatchObject({
      method: 'hot-backup',
      gtid: expect.stringMatching(/^0-1-\d+/),
    });
    await waitCaughtUp('db1', 'db3');
    await waitCaughtUp('db1', 'db2');
    const master = await checksums('db1', ['opsdeck_test']);
    expect(await checksums('db3', ['opsdeck_test'])).toEqual(master);
    expect(await checksums('db2', ['opsdeck_test'])).toEqual(master);
    // The replica settings were written before the seed and took effect at its restart.
    const [vars] = await sql('db3', 'SELECT @@read_only AS ro, @@log_slave_updates AS lsu');
    expect(vars).toMatchObject({ ro: 1, lsu: 0 });
    // What the run leaves is listed: db3's previous data (kept), its my.cnf backup; the staging
    // folder was removed by the finished seed and is no longer listed.
    const aside = (run.output.seed as { previousData: string }).previousData;
    expect(aside).toMatch(/^\/var\/lib\/mysql\.opsdeck-before-[0-9a-f]{8}$/);
    const left = run.leftFiles;
    expect(left).toContainEqual(expect.objectContaining({ host: 'db3', path: aside }));
    expect(left).toContainEqual(
      expect.objectContaining({
        host: 'db3',
        path: expect.stringMatching(/^\/etc\/mysql\/my\.cnf\.opsdeck-\d{8}T\d{6}$/),
      }),
    );
    expect(left.filter((f) => f.path.includes('.opsdeck-seed-'))).toEqual([]);
    const listed = await t.core.ssh.exec(
      t.core.hosts.get('db3'),
      `ls -d ${left.map((f) => f.path).join(' ')}`,
    );
    expect(listed.code, listed.stderr).toBe(0);
  }, 600_000);

  it('draws the tree from any server: db1 with replicas db2 and db3', async () => {
    for (const from of ['db3', 'db1']) {
      const r = await t.router.call('mysql.topology', { host: from }, { door: 'cli' });
      expect(r.ok).toBe(true);
      const topo = (r as { value: Topology }).value;
      const byName = new Map(topo.nodes.map((n) => [n.name, n]));
      expect(byName.get('db1')).toMatchObject({ role: 'master', replicaIds: expect.any(Array) });
      expect(topo.rootId).toBe(byName.get('db1')?.id);
      for (const name of ['db2', 'db3']) {
        const node = byName.get(name);
        expect(node).toMatchObject({
          role: 'replica',
          masterId: byName.get('db1')?.id,
          readOnly: true,
          replication: { ioThread: 'running', sqlThread: 'running', gtidMode: 'Slave_Pos' },
        });
        expect(node?.executed).toMatch(/^0-1-\d+/);
      }
      expect(byName.get('db1')?.replicaIds.sort()).toEqual(
        [byName.get('db2')?.id, byName.get('db3')?.id].sort(),
      );
    }
  });

  it('never writes the generated replication passwords or the admin password anywhere', async () => {
    const secrets: string[] = [labInventory().hosts[0]?.mysql?.adminPassword as string];
    for (const run of runs) {
      const ref = (run.output['replication-user'] as { vaultRef?: string } | undefined)?.vaultRef;
      if (ref) secrets.push(await t.core.vault.get(ref));
    }
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const audit = JSON.stringify(t.core.audit.list(10_000));
    const everything = [
      audit,
      ...runs.map((r) => JSON.stringify(t.core.workflows.detail(r.id))),
    ].join('\n');
    expect(audit).toMatch(/CHANGE MASTER TO/);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
