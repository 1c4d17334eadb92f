import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../contract';
import { STOCK_HOST, SUDO_PASSWORD_LOGIN } from '../../../../testing/lab/lab';
import {
  addStockLogin,
  labCore,
  releaseLabCore,
  resetStock,
  rootSql,
} from '../../../../testing/lab/stock-lab';

/**
 * Bad input on stock hosts: a setting in two option files, a read-only /etc, a restart command
 * that fails, sudo that wants a password. Each says what happened and leaves nothing half-changed.
 */
describe('replication setup faults on stock hosts', () => {
  let t: Awaited<ReturnType<typeof labCore>>;

  const sh = async (host: string, command: string) => {
    const r = await t.core.ssh.exec(t.core.hosts.get(host), command, { timeoutMs: 120_000 });
    expect(r.code, `${command}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const run = async (params: Record<string, unknown>): Promise<RunDetail> => {
    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params },
      'cli',
    );
    await t.core.workflows.wait(runId);
    return t.core.workflows.detail(runId);
  };
  const base = {
    master: 'stock1',
    replica: 'stock2',
    seed: 'dump',
    enableBinlog: true,
    fixServerId: true,
  };

  beforeAll(async () => {
    resetStock('stock1', 'stock2');
    t = await labCore();
    await addStockLogin(t, 'stock2-deploy', 2, SUDO_PASSWORD_LOGIN);
  }, 120_000);
  afterAll(() => releaseLabCore(t), 120_000);

  it('sudo that wants a password stops the preflight, before anything changes', async () => {
    const report = await t.router.call(
      'mysql.preflight',
      { ...base, replica: 'stock2-deploy' },
      { door: 'cli' },
    );
    expect(report.ok).toBe(true);
    const value = report.ok
      ? (report.value as { checks: { id: string; level: string; message: string }[] })
      : undefined;
    // MySQL itself is out of reach for that login: the login check says why and asks for a login.
    const login = value?.checks.find((c) => c.id === 'replica-login');
    expect(login?.level).toBe('error');
    expect(login?.message).toMatch(/cannot become root without a password/);
  });

  it('a read-only /etc: nothing is changed, and the error says why', async () => {
    await sh('stock2', 'mount -o remount,bind,ro /etc/mysql');
    try {
      const d = await run(base);
      expect(d.status).toBe('failed');
      expect(d.steps.find((s) => s.id === 'fix-server-id')?.status).toBe('failed');
      expect(d.error?.message).toMatch(
        new RegExp(
          `Cannot change ${STOCK_HOST.serverConfig.replace(/\//g, '\\/')} on stock2: its file system is read-only\\. Nothing was changed\\.`,
        ),
      );
      expect(d.error?.hint).toMatch(/remount/);
      const [id] = await rootSql(t, 'stock2', 'SELECT @@server_id AS id');
      expect(id?.id).toBe(1);
    } finally {
      await sh('stock2', 'mount -o remount,bind,rw /etc/mysql');
    }
  }, 120_000);

  it('server_id set in two files: changed in the one that wins, and the run says which', async () => {
    resetStock('stock1', 'stock2');
    t.core.mysql.close();
    const later = '/etc/mysql/mariadb.conf.d/90-local.cnf';
    await sh(
      'stock2',
      `sed -i 's/^#server-id .*/server-id = 1/' ${STOCK_HOST.serverConfig} && printf '[mysqld]\\nserver_id = 1\\n' > ${later}`,
    );
    // The replica's restart command fails: its config goes back from the backup, MySQL is started again.
    t.core.hosts.setProfile(t.core.hosts.get('stock2').id, {
      mysqlServiceRestart: 'service mariadb-nope restart',
    });
    const d = await run(base);
    expect(d.steps.find((s) => s.id === 'fix-server-id')?.status).toBe('done');
    const logs = d.logs.map((l) => l.text).join('\n');
    expect(logs).toMatch(
      new RegExp(
        `server_id is set in ${STOCK_HOST.serverConfig.replace(/\//g, '\\/')}:\\d+, ${later.replace(/\//g, '\\/')}:2; ${later.replace(/\//g, '\\/')}:2 wins \\(read last\\), so it is changed there`,
      ),
    );
    expect(await sh('stock2', `cat ${later}`)).toBe('[mysqld]\nserver_id = 2\n');
    expect(await sh('stock2', `cat ${STOCK_HOST.serverConfig}`)).toMatch(/^server-id = 1$/m);

    // …and the failed restart of configure-replica.
    expect(d.status).toBe('failed');
    expect(d.steps.find((s) => s.id === 'configure-replica')?.status).toBe('failed');
    expect(d.error?.message).toMatch(
      /Restarting MySQL on stock2 failed: .*service mariadb-nope restart/,
    );
    expect(d.error?.message).toMatch(/Restored from the backups: .*50-server\.cnf/);
    expect(d.error?.message).toMatch(
      /MySQL on stock2 was started again with it \(`service mariadb start`\)/,
    );
    expect(await sh('stock2', `cat ${STOCK_HOST.serverConfig}`)).not.toMatch(/^log_bin/m);
    const [after] = await rootSql(t, 'stock2', 'SELECT @@log_bin AS lb');
    expect(after?.lb).toBe(0);
  }, 240_000);
});
