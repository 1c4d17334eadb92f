import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { labInventoryPath } from '../../../../testing/lab/lab';
import {
  checksums,
  createTestData,
  dropOnMaster,
  resetLabReplication,
  sql,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';

/**
 * A master without a binary log: the preflight refuses and offers the fix; with enableBinlog the
 * run edits the config named in the master's profile (keeping a backup copy), restarts it with
 * the profile's command, and replication works.
 */
describe('enabling the binary log on a master', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  let original = '';
  const db3 = () => t.core.hosts.get('db3');
  const runs: RunDetail[] = [];
  const run = async (params: Record<string, unknown>): Promise<RunDetail> => {
    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params: params },
      'cli',
    );
    await t.core.workflows.wait(runId);
    const detail = t.core.workflows.detail(runId);
    runs.push(detail);
    return detail;
  };

  beforeAll(async () => {
    t = await createTestServices();
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await resetLabReplication(t, ['db2', 'db3']);
    await dropOnMaster('db3', ['repl_db2']);
    original = (await t.core.ssh.exec(db3(), 'cat /etc/mysql/my.cnf')).stdout;
    await t.core.ssh.exec(
      db3(),
      "sed -i 's/^log_bin = mysql-bin$/skip_log_bin/' /etc/mysql/my.cnf && mysql-service restart",
    );
    t.core.mysql.close(db3().id);
    await createTestData('db3', 'opsdeck_test', 500);
  }, 300_000);

  afterAll(async () => {
    await resetLabReplication(t, ['db2'], runs);
    await t.core.ssh.exec(db3(), 'cat > /etc/mysql/my.cnf', { stdin: original });
    await t.core.ssh.exec(db3(), 'mysql-service restart');
    t.core.mysql.close(db3().id);
    await resetLabReplication(t, ['db3']);
    await dropOnMaster('db3', ['repl_db2']);
    await t.dispose();
  }, 300_000);

  it('refuses without enableBinlog, naming the fix; the master is untouched', async () => {
    expect((await sql('db3', 'SELECT @@log_bin AS b'))[0]?.b).toBe(0);
    const d = await run({ master: 'db3', replica: 'db2' });
    expect(d.status).toBe('failed');
    expect(d.error?.message).toMatch(/The binary log is off on db3/);
    expect((d.output.preflight as { checks: unknown[] }).checks).toContainEqual(
      expect.objectContaining({ id: 'binlog', level: 'error', fix: 'enableBinlog' }),
    );
    // my.cnf beside the lab's tls/ folder, and no backup copy: nothing was edited.
    const files = (await t.core.ssh.exec(db3(), 'ls /etc/mysql')).stdout.split('\n');
    expect(files).toContain('my.cnf');
    expect(files.filter((f) => f.includes('.opsdeck-'))).toEqual([]);
  });

  it('with enableBinlog: config edited with a backup, master restarted, replica in sync', async () => {
    const d = await run({ master: 'db3', replica: 'db2', enableBinlog: true });
    expect(d.status, `${d.error?.message}`).toBe('succeeded');
    expect(d.steps.find((s) => s.id === 'enable-binlog')?.status).toBe('done');
    const files = (await t.core.ssh.exec(db3(), 'ls /etc/mysql')).stdout;
    expect(files).toMatch(/my\.cnf\.opsdeck-\d{8}T\d{6}/);
    // The backup copy is listed with the run (and is what the cleanup removes).
    expect(d.leftFiles).toContainEqual({
      host: 'db3',
      path: `/etc/mysql/${/my\.cnf\.opsdeck-\d{8}T\d{6}/.exec(files)?.[0]}`,
      what: 'copy of /etc/mysql/my.cnf before this run edited it',
    });
    const cnf = (await t.core.ssh.exec(db3(), 'cat /etc/mysql/my.cnf')).stdout;
    expect(cnf).toMatch(/^log_bin = mysql-bin$/m);
    expect(cnf).not.toMatch(/skip_log_bin/);
    expect((await sql('db3', 'SELECT @@log_bin AS b'))[0]?.b).toBe(1);
    await sql('db3', 'INSERT INTO opsdeck_test.events (payload, n) VALUES ("after", 1)');
    await waitCaughtUp('db3', 'db2');
    expect(await checksums('db2', ['opsdeck_test'])).toEqual(
      await checksums('db3', ['opsdeck_test']),
    );
  }, 300_000);
});
