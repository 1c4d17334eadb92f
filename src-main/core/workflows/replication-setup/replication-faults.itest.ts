import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, RunEvent } from '../../../contract';
import { explain } from '../../../../testing/core/lab-suite';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { lab, labInventory, labInventoryPath } from '../../../../testing/lab/lab';
import {
  checksums,
  createTestData,
  dropOnMaster,
  endDumpThreads,
  resetLabReplication,
  sql,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';

/**
 * Faults on purpose: wrong password, duplicate server_id, a replica that is not empty, the master
 * dying mid-seed (dump and hot backup), a cancelled seed. Each stops with a clear message and leaves the replica as it
 * was, or says exactly what changed; the interrupted runs resume to the end.
 */
describe('replication setup faults on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const config = async (name: string) =>
    (await t.core.ssh.exec(t.core.hosts.get(name), 'cat /etc/mysql/my.cnf')).stdout;
  const runIds: string[] = [];
  const run = async (params: Record<string, unknown>): Promise<RunDetail> => {
    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params: params },
      'cli',
    );
    runIds.push(runId);
    await t.core.workflows.wait(runId);
    return t.core.workflows.detail(runId);
  };
  const failedStep = (d: RunDetail) =>
    d.steps.find((s) => s.status === 'failed' || s.status === 'cancelled');
  /** Call `act` once the run's seed step has been running for `ms`. */
  const duringSeed = (ms: number, act: (runId: string) => void) => {
    const stop = t.bus.subscribe((m) => {
      const e = m.payload as RunEvent;
      if (
        m.topic === 'workflow.event' &&
        e.type === 'step' &&
        e.step.id === 'seed' &&
        e.step.status === 'running'
      ) {
        stop();
        setTimeout(() => act(e.runId), ms);
      }
    });
    return stop;
  };

  /** A run from db2 whose master server is killed `ms` into the seed (started again after). */
  const withDb2KilledMidSeed = async (ms: number, params: Record<string, unknown>) => {
    const stop = duringSeed(ms, () => lab('kill', 'db2', 'mysql'));
    try {
      return await run({ master: 'db2', replica: 'db3', ...params });
    } finally {
      stop();
      lab('start', 'db2', 'mysql');
    }
  };
  const expectSeedFailed = (d: RunDetail, tool: string) => {
    expect(d.status, explain(d)).toBe('failed');
    expect(failedStep(d)?.id, explain(d)).toBe('seed');
    expect(d.error?.message).toMatch(
      new RegExp(`The transfer db2 → db3 failed after \\d+ bytes\\. db2: \`${tool}`),
    );
  };

  beforeAll(async () => {
    t = await createTestServices();
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await resetLabReplication(t, ['db2', 'db3']);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await dropOnMaster('db2', ['repl_db3']);
  }, 300_000);

  afterAll(async () => {
    lab('start', 'db2', 'mysql');
    await t.core.workflows.stopAll();
    await resetLabReplication(
      t,
      ['db2', 'db3'],
      runIds.map((id) => t.core.workflows.detail(id)),
    );
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await dropOnMaster('db2', ['repl_db3']);
    await t.dispose();
  }, 300_000);

  it('a wrong MySQL password stops the preflight; nothing changes', async () => {
    const db2 = t.core.hosts.get('db2');
    const before = await config('db2');
    await t.core.hosts.update(db2.id, { mysql: { ...db2.mysql, password: 'not-the-password' } });
    try {
      const d = await run({ master: 'db1', replica: 'db2' });
      expect(d.status).toBe('failed');
      expect(failedStep(d)?.id).toBe('preflight');
      expect(d.error?.code).toBe('MYSQL_PREFLIGHT_FAILED');
      expect(d.error?.message).toMatch(/nothing was changed.*db2.*refused the login of "opsdeck"/);
      expect(d.error?.hint).toMatch(/password/);
    } finally {
      await t.core.hosts.update(db2.id, {
        mysql: { ...db2.mysql, password: labInventory().hosts[1]?.mysql?.adminPassword as string },
      });
    }
    expect(await config('db2')).toBe(before);
    expect(await sql('db1', "SELECT 1 FROM mysql.user WHERE User = 'repl_db2'")).toHaveLength(0);
  });

  it('a duplicate server_id stops the preflight and names both servers', async () => {
    await sql('db3', 'SET GLOBAL server_id = 1');
    try {
      const d = await run({ master: 'db1', replica: 'db3' });
      expect(d.status).toBe('failed');
      expect(d.error?.message).toMatch(/db3 has server_id 1, which db1 has too/);
      expect(d.error?.hint).toMatch(/unique server_id/);
    } finally {
      await sql('db3', 'SET GLOBAL server_id = 3');
    }
    expect(await sql('db3', 'SHOW SLAVE STATUS')).toHaveLength(0);
  });

  it('a replica that is not empty is refused until its databases are named to overwrite', async () => {
    await sql('db3', 'SET SESSION sql_log_bin = 0; CREATE DATABASE opsdeck_junk');
    const d = await run({ master: 'db1', replica: 'db3', seed: 'hot-backup' });
    expect(d.status).toBe('failed');
    expect(d.error?.message).toMatch(
      /db3 holds databases: opsdeck_junk\. The hot backup replaces its whole data directory/,
    );
    expect(d.error?.hint).toMatch(/--overwrite opsdeck_junk/);
    expect((d.output.preflight as { checks: unknown[] }).checks).toContainEqual(
      expect.objectContaining({ id: 'replica-empty', level: 'error', fix: 'overwrite' }),
    );
    expect(await sql('db3', "SHOW DATABASES LIKE 'opsdeck_junk'")).toHaveLength(1);
    await sql('db3', 'SET SESSION sql_log_bin = 0; DROP DATABASE opsdeck_junk');
  });

  it('the master dying mid-seed fails the seed with what changed on the replica; resume completes', async () => {
    await createTestData('db2', 'opsdeck_src', 12_000);
    const d = await withDb2KilledMidSeed(2500, { seed: 'dump', throttleKiBps: 64 });
    expectSeedFailed(d, 'mariadb-dump');
    expect(d.error?.message).toMatch(
      /On db3: the import stopped part-way, so databases opsdeck_src may be missing or incomplete/,
    );
    expect(d.error?.message).toMatch(
      /Changed on db3 by this run so far: config: \/etc\/mysql\/my\.cnf: log_slave_updates: ON → OFF, read_only: \(unset\) → ON; databases opsdeck_src are dropped and re-created by the import\./,
    );
    expect(d.changes.map((c) => c.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/opsdeck_src are dropped and re-created/)]),
    );
    expect(await sql('db3', 'SHOW SLAVE STATUS')).toHaveLength(0);

    t.core.workflows.resume(d.id);
    const resumed = (await t.core.workflows.wait(d.id)) && t.core.workflows.detail(d.id);
    expect(resumed.status, explain(resumed)).toBe('succeeded');
    expect(await checksums('db3', ['opsdeck_src'])).toEqual(
      await checksums('db2', ['opsdeck_src']),
    );
  }, 300_000);

  it('cancel mid-seed stops the dump on the master; the run resumes from the seed', async () => {
    await createTestData('db1', 'opsdeck_test', 4000);
    const stop = duringSeed(1500, (runId) => t.core.workflows.cancel(runId));
    const d = await run({
      master: 'db1',
      replica: 'db3',
      overwrite: ['opsdeck_src', 'opsdeck'],
      throttleKiBps: 64,
    });
    stop();
    expect(d.status, explain(d)).toBe('cancelled');
    expect(failedStep(d)?.id).toBe('seed');
    await new Promise((r) => setTimeout(r, 1000));
    const left = await t.core.ssh.exec(
      t.core.hosts.get('db1'),
      'pgrep -f "[m]ariadb-dump.*opsdeck_test" || true',
    );
    expect(left.stdout.trim()).toBe('');

    t.core.workflows.resume(d.id);
    await t.core.workflows.wait(d.id);
    const resumed = t.core.workflows.detail(d.id);
    expect(resumed.status, explain(resumed)).toBe('succeeded');
    const status = Object.fromEntries(resumed.steps.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({
      preflight: 'done',
      seed: 'done',
      'point-replica': 'done',
      'start-replication': 'done',
      verify: 'done',
    });
    expect(await checksums('db3', ['opsdeck_test'])).toEqual(
      await checksums('db1', ['opsdeck_test']),
    );
  }, 300_000);
  it('the master dying mid hot-backup leaves the replica running on its own data; resume completes', async () => {
    await createTestData('db2', 'opsdeck_src', 12_000);
    const userDbs = async () =>
      (
        await sql(
          'db3',
          "SELECT schema_name AS d FROM information_schema.schemata WHERE schema_name NOT IN ('mysql','information_schema','performance_schema','sys') ORDER BY 1",
        )
      ).map((r) => String(r.d));
    const before = await userDbs();
    // db3 replicated from db2 two tests ago; idle db2 still lists it (see endDumpThreads).
    await endDumpThreads('db2', 'repl_db3', 3);
    // The stream is throttled so the master dies while mariabackup is still sending files.
    const d = await withDb2KilledMidSeed(3000, {
      seed: 'hot-backup',
      overwrite: before,
      throttleKiBps: 1024,
    });
    expectSeedFailed(d, 'mariabackup --backup');
    // The server was never stopped and its data never moved: the message names what this run
    // did change on db3 (its old replication reset, the staging folder).
    expect(d.error?.message).toMatch(
      /Changed on db3 by this run so far: its previous replication settings were reset; the backup is unpacked in a staging folder, \/var\/lib\/\.opsdeck-seed-[0-9a-f]{8}\.$/,
    );
    expect(d.error?.message).not.toMatch(/MySQL was stopped|previous data directory/);
    expect(d.output.seed).toBeUndefined();
    expect(d.leftFiles).toContainEqual(
      expect.objectContaining({ host: 'db3', path: expect.stringMatching(/\/\.opsdeck-seed-/) }),
    );
    expect(await userDbs()).toEqual(before);
    expect(await sql('db3', 'SELECT @@server_id AS id')).toEqual([{ id: 3 }]);

    t.core.workflows.resume(d.id);
    await t.core.workflows.wait(d.id);
    const resumed = t.core.workflows.detail(d.id);
    expect(resumed.status, explain(resumed)).toBe('succeeded');
    expect(resumed.leftFiles).not.toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/\/\.opsdeck-seed-/) }),
    );
    await waitCaughtUp('db2', 'db3');
    expect(await checksums('db3', ['opsdeck_src'])).toEqual(
      await checksums('db2', ['opsdeck_src']),
    );
  }, 300_000);
});
