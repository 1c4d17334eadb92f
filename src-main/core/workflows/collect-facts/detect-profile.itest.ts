import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../contract';
import { STOCK_HOST, SUDO_LOGIN, SUDO_PASSWORD_LOGIN } from '../../../../testing/lab/lab';
import { addStockLogin, labCore } from '../../../../testing/lab/stock-lab';

/** Profile detection on stock hosts (fresh Debian MariaDB): nothing typed, every value found. */
describe('collect-facts detects the server profile of a stock host', () => {
  let t: Awaited<ReturnType<typeof labCore>>;

  const collect = async (name: string): Promise<Host> => {
    const host = t.core.hosts.get(name);
    const { runId } = t.core.workflows.start(
      { workflow: 'collect-facts', params: { hostIds: [host.id] } },
      'cli',
    );
    const summary = await t.core.workflows.wait(runId);
    expect(summary.error).toBeUndefined();
    expect(summary.status).toBe('succeeded');
    return t.core.hosts.get(name);
  };

  beforeAll(async () => {
    t = await labCore();
    await addStockLogin(t, 'stock1-admin', 1, SUDO_LOGIN);
    await addStockLogin(t, 'stock2-deploy', 2, SUDO_PASSWORD_LOGIN);
  });
  afterAll(async () => t.dispose());

  it('as root: the Debian layout, data dir, socket and SysV service, all marked detected', async () => {
    const host = await collect('stock1');
    expect(host.profile).toMatchObject({
      sudo: false,
      mysqlConfigPath: STOCK_HOST.serverConfig,
      mysqlDataDir: STOCK_HOST.dataDir,
      mysqlSocket: STOCK_HOST.socket,
      serviceManager: 'sysv',
      mysqlServiceName: STOCK_HOST.serviceName,
      mysqlServiceStart: 'service mariadb start',
      mysqlServiceStop: 'service mariadb stop',
      mysqlServiceRestart: STOCK_HOST.restart,
      mysqlFlavor: 'mariadb',
    });
    expect(host.profile.mysqlSocketBridge).toBeUndefined();
    for (const key of ['mysqlConfigPath', 'mysqlDataDir', 'mysqlSocket', 'mysqlServiceRestart'])
      expect(host.profileMeta?.origins[key]).toBe('detected');
    expect(host.facts?.access).toEqual({ user: 'root', sudo: 'root' });
    // Read as the server reads them: my.cnf → mariadb.cnf's !includedir folders, in order.
    expect(host.facts?.mysql.configFiles).toEqual([
      '/etc/mysql/my.cnf',
      '/etc/mysql/conf.d/mysql.cnf',
      '/etc/mysql/conf.d/mysqldump.cnf',
      '/etc/mysql/mariadb.conf.d/50-client.cnf',
      '/etc/mysql/mariadb.conf.d/50-mysql-clients.cnf',
      '/etc/mysql/mariadb.conf.d/50-mysqld_safe.cnf',
      '/etc/mysql/mariadb.conf.d/50-server.cnf',
      '/etc/mysql/mariadb.conf.d/60-galera.cnf',
    ]);
    // HAProxy is installed on the lab machine (which every lab host shares).
    expect(host.profile).toMatchObject({
      haproxyConfigPath: '/etc/haproxy/haproxy.cfg',
      haproxyServiceReload: 'service haproxy reload',
    });
  });

  it('as a login with passwordless sudo: sudo on, the relay for socket logins found', async () => {
    const host = await collect('stock1-admin');
    expect(host.facts?.access).toEqual({ user: SUDO_LOGIN, sudo: 'passwordless' });
    expect(host.profile).toMatchObject({
      sudo: true,
      mysqlConfigPath: STOCK_HOST.serverConfig,
      mysqlSocket: STOCK_HOST.socket,
      mysqlSocketBridge: 'socat',
      mysqlServiceRestart: STOCK_HOST.restart,
    });
    expect(host.profileMeta?.notes).toEqual([]);
  });

  it('as a login whose sudo wants a password: says what cannot be done, never waits', async () => {
    const host = await collect('stock2-deploy');
    expect(host.facts?.access).toEqual({ user: SUDO_PASSWORD_LOGIN, sudo: 'password' });
    expect(host.profile.sudo).toBe(true);
    expect(host.profileMeta?.notes.join(' ')).toMatch(
      /sudo asks deploy for a password on stock2-deploy: Opsdeck cannot edit config files/,
    );
  });

  it("a user's value wins over the next detection; cleared, the detected value comes back", async () => {
    const host = t.core.hosts.get('stock1');
    t.core.hosts.setProfile(host.id, { mysqlServiceRestart: 'systemctl restart mariadb' });
    let again = await collect('stock1');
    expect(again.profile.mysqlServiceRestart).toBe('systemctl restart mariadb');
    expect(again.profileMeta?.origins.mysqlServiceRestart).toBe('user');
    expect(again.profileMeta?.detected.mysqlServiceRestart).toBe(STOCK_HOST.restart);
    again = t.core.hosts.setProfile(host.id, { mysqlServiceRestart: null });
    expect(again.profile.mysqlServiceRestart).toBe(STOCK_HOST.restart);
    expect(again.profileMeta?.origins.mysqlServiceRestart).toBe('detected');
  });
});
