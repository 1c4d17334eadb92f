import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../event-bus';
import { openDatabase } from '../store/database';
import { HostsRepo } from '../store/hosts-repo';
import { PassphraseFileVault } from '../secrets/passphrase-file-vault';
import { HostService } from './host-service';
import { readLabInventory } from './import-lab';

const PASSWORD = 'Mysql-Admin-Pass-77';
const CA = resolve(import.meta.dirname, '../../../testing/samples/tls/test-ca.pem');

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-mysql-'));
  const db = openDatabase(join(dir, 'opsdeck.db'));
  const vault = new PassphraseFileVault(join(dir, 'vault.json'));
  await vault.unlock('test passphrase');
  const hosts = new HostService({
    repo: new HostsRepo(db),
    vault,
    bus: createEventBus(),
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
  });
  return { dir, db, vault, hosts };
}

const storeHolds = (dir: string, db: ReturnType<typeof openDatabase>, text: string) => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return readdirSync(dir)
    .filter((f) => f.startsWith('opsdeck.db'))
    .some((f) => readFileSync(join(dir, f)).includes(Buffer.from(text)));
};

describe('MySQL login of a host', () => {
  it('keeps the password in the vault; the store holds port, user, via and the reference', async () => {
    const { dir, db, vault, hosts } = await setup();
    const h = await hosts.add({
      name: 'db1',
      address: '10.0.0.1',
      mysql: { user: 'opsdeck', password: PASSWORD },
    });
    expect(h.mysql).toEqual({
      port: 3306,
      user: 'opsdeck',
      via: 'ssh-tunnel',
      secretRef: expect.stringMatching(/^vault:/),
    });
    expect(await vault.get(h.mysql?.secretRef as string)).toBe(PASSWORD);
    expect(hosts.get('db1').mysql).toEqual(h.mysql);
    expect(storeHolds(dir, db, PASSWORD)).toBe(false);
  });

  it('an unchanged password keeps its reference; a new one replaces it; clearMysql forgets it', async () => {
    const { vault, hosts } = await setup();
    const h = await hosts.add({ name: 'db1', address: '10.0.0.1', mysql: { password: PASSWORD } });
    const ref = h.mysql?.secretRef as string;
    const same = await hosts.update(h.id, { mysql: { password: PASSWORD, via: 'direct' } });
    expect(same.mysql).toMatchObject({ secretRef: ref, via: 'direct', user: 'root', port: 3306 });
    const moved = await hosts.update(h.id, { mysql: { port: 3307, user: 'admin' } });
    expect(moved.mysql).toEqual({ port: 3307, user: 'admin', via: 'direct', secretRef: ref });
    const changed = await hosts.update(h.id, { mysql: { password: 'Another-Pass-1' } });
    expect(changed.mysql?.secretRef).not.toBe(ref);
    await expect(vault.get(ref)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    const cleared = await hosts.update(h.id, { clearMysql: true });
    expect(cleared.mysql).toBeUndefined();
    await expect(vault.get(changed.mysql?.secretRef as string)).rejects.toBeTruthy();
  });

  it('the lab importer hands the admin login over as write-only input', async () => {
    const { dir, db, hosts } = await setup();
    const file = join(dir, 'inventory.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        lab: '/lab',
        sshKey: '/lab/key',
        hosts: [
          {
            name: 'db1',
            address: '127.0.10.1',
            port: 22,
            user: 'root',
            hostKeys: [],
            mysql: { port: 3306, adminUser: 'opsdeck', adminPassword: PASSWORD },
          },
        ],
      }),
    );
    await hosts.importMany(readLabInventory(file).candidates);
    expect(hosts.get('db1').mysql).toMatchObject({
      user: 'opsdeck',
      address: '127.0.10.1',
      via: 'ssh-tunnel',
    });
    expect(storeHolds(dir, db, PASSWORD)).toBe(false);
  });

  it('verified TLS is a setting of direct logins (caFile, tlsServerName); refused through the tunnel', async () => {
    const { hosts } = await setup();
    const h = await hosts.add({
      name: 'rds1',
      address: '10.0.0.9',
      mysql: {
        via: 'direct',
        tls: 'verify',
        caFile: CA,
        tlsServerName: 'db.example.com',
      },
    });
    expect(h.mysql).toMatchObject({
      via: 'direct',
      tls: 'verify',
      caFile: CA,
      tlsServerName: 'db.example.com',
    });
    await expect(hosts.update(h.id, { mysql: { via: 'ssh-tunnel' } })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: expect.stringContaining('TLS applies to direct MySQL logins'),
    });
    expect(
      (await hosts.update(h.id, { mysql: { via: 'ssh-tunnel', tls: 'off' } })).mysql,
    ).toMatchObject({ tls: 'off' });
  });

  it('a CA file that is missing or not PEM is refused when set, and the login stays as it was', async () => {
    const { dir, hosts } = await setup();
    await expect(
      hosts.add({
        name: 'rds1',
        address: '10.0.0.9',
        mysql: { via: 'direct', tls: 'verify', caFile: join(dir, 'missing.pem') },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: `The CA file ${join(dir, 'missing.pem')} does not exist.`,
      hint: expect.stringContaining('PEM file'),
    });
    const h = await hosts.add({ name: 'rds1', address: '10.0.0.9', mysql: { via: 'direct' } });
    const notPem = join(dir, 'ca.txt');
    writeFileSync(notPem, 'not a certificate\n');
    await expect(
      hosts.update(h.id, { mysql: { tls: 'verify', caFile: notPem } }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('no PEM') });
    expect(hosts.get(h.id).mysql).toEqual({ port: 3306, user: 'root', via: 'direct' });
  });

  it("an edit with '' forgets the CA file and the server name (the system's CAs, the address)", async () => {
    const { hosts } = await setup();
    const h = await hosts.add({
      name: 'rds1',
      address: '10.0.0.9',
      mysql: { via: 'direct', tls: 'verify', caFile: CA, tlsServerName: 'db.example.com' },
    });
    const edited = await hosts.update(h.id, { mysql: { caFile: '', tlsServerName: '' } });
    expect(edited.mysql).toEqual({ port: 3306, user: 'root', via: 'direct', tls: 'verify' });
  });
});
