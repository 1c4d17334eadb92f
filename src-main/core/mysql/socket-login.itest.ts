import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerFacts, toErrorShape, type SocketBridge } from '../../contract';
import { STOCK_HOST, SUDO_LOGIN, SUDO_PASSWORD_LOGIN } from '../../../testing/lab/lab';
import { addStockLogin, labCore, resetStock, rootSql } from '../../../testing/lab/stock-lab';

/**
 * MySQL without a typed password on stock hosts (fresh Debian MariaDB, root by unix_socket only):
 * root's SSH login reaches the socket over a direct-streamlocal channel; a sudo login through a
 * relay under `sudo -n`; a login whose sudo wants a password, and a socket that does not exist,
 * fail at once with what to do.
 */
describe('MySQL over SSH to the server socket (stock hosts)', () => {
  let t: Awaited<ReturnType<typeof labCore>>;

  const failure = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      return toErrorShape(err);
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    t = await labCore();
    await addStockLogin(t, 'stock1-admin', 1, SUDO_LOGIN);
    await addStockLogin(t, 'stock2-deploy', 2, SUDO_PASSWORD_LOGIN);
  });
  afterAll(async () => t.dispose());

  it('a stock host imported without a MySQL login is reached as root over its socket', async () => {
    expect(t.core.hosts.get('stock1').mysql).toBeUndefined();
    const result = await t.router.call('mysql.facts', { host: 'stock1' }, { door: 'cli' });
    if (!result.ok) throw new Error(result.error.message);
    const facts = ServerFacts.parse(result.value);
    expect(facts).toMatchObject({
      host: 'stock1',
      via: 'ssh-socket',
      automaticLogin: true,
      login: `root over SSH to ${STOCK_HOST.socket}`,
      flavor: 'mariadb',
      serverId: 1,
      logBin: false,
      hostname: 'stock1',
    });
    // The replication accounts are read although mysql.user's collation is not the connection's.
    expect(facts.warnings.join(' ')).not.toMatch(/unreadable|collation/i);
  });

  it('replication accounts are read on a server installed with another default collation', async () => {
    resetStock('stock2', '--collation', 'utf8mb4_unicode_520_ci');
    try {
      const host = t.core.hosts.get('stock2');
      t.core.mysql.close(host.id);
      await rootSql(
        t,
        'stock2',
        "CREATE USER 'repl_probe'@'10.%' IDENTIFIED BY 'x-Probe-1'",
        "GRANT REPLICATION SLAVE ON *.* TO 'repl_probe'@'10.%'",
      );
      const [server] = await rootSql(t, 'stock2', 'SELECT @@collation_server AS c');
      // Not the lab's utf8mb4_general_ci; the comparison in SQL fails there (error 1267).
      expect(server?.c).toBe('utf8mb4_unicode_520_ci');
      const old = await failure(
        rootSql(t, 'stock2', "SELECT User FROM mysql.user WHERE Repl_slave_priv = 'Y'"),
      );
      expect(old.message).toMatch(/Illegal mix of collations/);
      const facts = await t.core.mysql.facts('stock2');
      expect(facts.warnings.join(' ')).not.toMatch(/unreadable|collation/i);
      // root@localhost and mysql@localhost hold every privilege, REPLICATION SLAVE included.
      expect(facts.replicationAccounts.map((a) => `${a.user}@${a.host}`)).toEqual([
        'mysql@localhost',
        'repl_probe@10.%',
        'root@localhost',
      ]);
      expect(JSON.stringify(facts.replicationAccounts)).not.toContain('x-Probe-1');
    } finally {
      resetStock('stock2');
      t.core.mysql.close(t.core.hosts.get('stock2').id);
    }
  }, 120_000);

  it('the server collation differs from the connection collation that mysql2 uses', async () => {
    const [row] = (await t.core.mysql.reader(t.core.hosts.get('stock1'))(
      "SELECT @@collation_connection AS conn, (SELECT COLLATION_CONNECTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user') AS view",
    )) as [{ conn: string; view: string }];
    // This is the case that made `Repl_slave_priv = 'Y'` fail with error 1267.
    expect(row.conn).not.toBe(row.view);
  });

  it('a login with passwordless sudo goes through sudo -n and a relay, and says which', async () => {
    const facts = await t.core.mysql.facts('stock1-admin');
    expect(facts.via).toBe('ssh-socket');
    expect(facts.login).toBe(`root over SSH to ${STOCK_HOST.socket} through sudo -n socat`);
    expect(facts.hostname).toBe('stock1');
  });

  it.each<SocketBridge>(['python3', 'perl'])(
    'the %s relay carries the MySQL protocol both ways (large result included)',
    async (bridge) => {
      const host = t.core.hosts.get('stock1-admin');
      await t.core.hosts.setProfile(host.id, { mysqlSocketBridge: bridge });
      const rows = await t.core.mysql.reader(t.core.hosts.get('stock1-admin'))(
        "SELECT CURRENT_USER() AS u, REPEAT('x', 300000) AS big",
      );
      expect(rows[0]?.u).toBe('root@localhost');
      expect(String(rows[0]?.big).length).toBe(300000);
      expect((await t.core.mysql.facts('stock1-admin')).login).toMatch(
        new RegExp(`through sudo -n ${bridge}$`),
      );
      await t.core.hosts.setProfile(host.id, { mysqlSocketBridge: null });
    },
  );

  it('sudo that asks for a password fails at once and asks for a MySQL login', async () => {
    const started = Date.now();
    const e = await failure(t.core.mysql.facts('stock2-deploy'));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(e.code).toBe('MYSQL_LOGIN_NEEDED');
    expect(e.message).toMatch(/"deploy" on stock2-deploy cannot become root without a password/);
    expect(e.message).toMatch(/a password is required/);
    expect(e.hint).toMatch(/opsdeck mysql login stock2-deploy --user U --password-env VAR/);
  });

  it('a socket path that does not exist is named, for root and for a sudo login', async () => {
    for (const name of ['stock2', 'stock1-admin']) {
      const host = t.core.hosts.get(name);
      await t.core.hosts.setProfile(host.id, { mysqlSocket: '/run/mysqld/nope.sock' });
      const e = await failure(t.core.mysql.facts(name));
      expect(e.code).toBe('MYSQL_UNREACHABLE');
      expect(e.message).toMatch(/no MySQL socket at \/run\/mysqld\/nope\.sock/);
      expect(e.hint).toMatch(/--set mysqlSocket=/);
      await t.core.hosts.setProfile(host.id, { mysqlSocket: null });
    }
  });

  it('a TCP login without a stored password says the password is missing', async () => {
    const db1 = t.core.hosts.get('db1');
    await t.core.hosts.update(db1.id, { mysql: { clearPassword: true } });
    const e = await failure(t.core.mysql.facts('db1'));
    expect(e.code).toBe('MYSQL_PASSWORD_MISSING');
    expect(e.message).toMatch(/no password is stored/);
  });
});
