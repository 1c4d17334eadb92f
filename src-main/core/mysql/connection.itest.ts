import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { lab, labAddress, labInventory, labInventoryPath } from '../../../testing/lab/lab';

/** MySQL logins on the lab's real MariaDB servers: tunnel, direct, errors, pool. */
describe('MySQL connections and facts on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const host = (name: string) => t.core.hosts.get(name);
  const adminPassword = () => labInventory().hosts[0]?.mysql?.adminPassword as string;

  beforeAll(async () => {
    t = await createTestServices();
    const imported = await t.router.call(
      'hosts.importLab',
      { path: labInventoryPath },
      { door: 'cli' },
    );
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => t.dispose());

  it('imports the lab MySQL login with the password in the vault, only its ref in the store', () => {
    const db1 = host('db1');
    expect(db1.mysql).toMatchObject({
      port: 3306,
      user: 'opsdeck',
      via: 'ssh-tunnel',
      address: labAddress(1),
    });
    expect(db1.mysql?.secretRef).toMatch(/^vault:/);
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const store = readFileSync(join(t.home, 'opsdeck.db'));
    expect(store.includes(Buffer.from(adminPassword()))).toBe(false);
  });

  it('reads server facts through an SSH tunnel', async () => {
    const facts = await t.core.mysql.facts('db1');
    expect(facts).toMatchObject({
      host: 'db1',
      via: 'ssh-tunnel',
      flavor: 'mariadb',
      dialect: 'mariadb',
      serverId: 1,
      hostname: 'db1',
      logBin: true,
      binlogFormat: 'ROW',
      datadir: '/var/lib/mysql/',
      gtid: { mode: 'mariadb' },
    });
    expect(facts.version).toMatch(/^10\.\d+\.\d+$/);
    expect(facts.binlog?.file).toMatch(/^mysql-bin\.\d+$/);
  });

  it('connects directly when the host says so, and the router validates the result', async () => {
    const db2 = host('db2');
    await t.core.hosts.update(db2.id, { mysql: { ...db2.mysql, via: 'direct' } });
    const result = await t.router.call('mysql.facts', { host: 'db2' }, { door: 'cli' });
    expect(result).toMatchObject({
      ok: true,
      value: { via: 'direct', serverId: 2, hostname: 'db2' },
    });
    await t.core.hosts.update(db2.id, { mysql: { ...db2.mysql, via: 'ssh-tunnel' } });
  });

  it('a wrong password is MYSQL_ACCESS_DENIED with a hint', async () => {
    const db3 = host('db3');
    await t.core.hosts.update(db3.id, { mysql: { ...db3.mysql, password: 'wrong-password-123' } });
    try {
      const r = await t.router.call('mysql.facts', { host: 'db3' }, { door: 'cli' });
      expect(r).toMatchObject({ ok: false, error: { code: 'MYSQL_ACCESS_DENIED' } });
      if (!r.ok) {
        expect(r.error.message).toMatch(/opsdeck.*Access denied/);
        expect(r.error.hint).toMatch(/password/);
        expect(r.error.message).not.toContain('wrong-password-123');
      }
    } finally {
      await t.core.hosts.update(db3.id, { mysql: { ...db3.mysql, password: adminPassword() } });
    }
    expect((await t.core.mysql.facts('db3')).serverId).toBe(3);
  });

  it('nothing listening is MYSQL_UNREACHABLE, through the tunnel and directly', async () => {
    const db3 = host('db3');
    for (const via of ['ssh-tunnel', 'direct'] as const) {
      await t.core.hosts.update(db3.id, { mysql: { ...db3.mysql, port: 3399, via } });
      const r = await t.router.call('mysql.facts', { host: 'db3' }, { door: 'cli' });
      expect(r).toMatchObject({ ok: false, error: { code: 'MYSQL_UNREACHABLE' } });
    }
    await t.core.hosts.update(db3.id, { mysql: { ...db3.mysql, port: 3306, via: 'ssh-tunnel' } });
  });

  it('a full connection limit is MYSQL_TOO_MANY_CONNECTIONS', async () => {
    await t.core.mysql.reader(host('db2'))(
      "CREATE OR REPLACE USER 'opsdeck_limited'@'127.%' IDENTIFIED BY 'Limited-Pass-1' WITH MAX_USER_CONNECTIONS 1",
    );
    const limited = await t.core.hosts.add({
      name: 'db2-limited',
      address: labAddress(2),
      auth: 'key',
      keyPath: host('db2').keyPath as string,
      mysql: {
        user: 'opsdeck_limited',
        password: 'Limited-Pass-1',
        via: 'direct',
        address: labAddress(2),
      },
    });
    try {
      // Two statements at once need two connections; the account may hold one.
      const results = await Promise.allSettled([
        t.core.mysql.reader(limited)('SELECT SLEEP(1)'),
        t.core.mysql.reader(limited)('SELECT SLEEP(1)'),
      ]);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed?.reason).toMatchObject({ code: 'MYSQL_TOO_MANY_CONNECTIONS' });
    } finally {
      t.core.mysql.close(limited.id);
      await t.core.hosts.remove([limited.id]);
      await t.core.mysql.reader(host('db2'))("DROP USER IF EXISTS 'opsdeck_limited'@'127.%'");
    }
  });

  it('pools connections and recovers after the server restarts', async () => {
    const db2: Host = host('db2');
    const read = t.core.mysql.reader(db2);
    const ids = await Promise.all(
      Array.from({ length: 12 }, () => read('SELECT CONNECTION_ID() AS id')),
    );
    expect(new Set(ids.map((r) => r[0]?.id)).size).toBeLessThanOrEqual(4);
    lab('restart', 'db2', 'mysql');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await read('SELECT @@server_id AS id'))[0]?.id).toBe(2);
  });
});
