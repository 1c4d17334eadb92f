import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../contract';
import { createEventBus } from '../event-bus';
import { openDatabase } from '../store/database';
import { HostsRepo } from '../store/hosts-repo';
import { PassphraseFileVault } from '../secrets/passphrase-file-vault';
import { HostService } from './host-service';

const PASSWORD = 'Known-Ssh-Password-0815';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'hosts-'));
  const db = openDatabase(join(dir, 'opsdeck.db'));
  const vault = new PassphraseFileVault(join(dir, 'vault.json'));
  await vault.unlock('test passphrase');
  const bus = createEventBus();
  const events: EventMessage[] = [];
  bus.subscribe((m) => events.push(m));
  const hosts = new HostService({
    repo: new HostsRepo(db),
    vault,
    bus,
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
  });
  return { dir, db, vault, hosts, events };
}

describe('host inventory', () => {
  it('adds a host, announces the change, and finds it by id or name', async () => {
    const { hosts, events } = await setup();
    const h = await hosts.add({
      name: 'db1',
      address: '10.0.0.1',
      groups: ['db', 'db'],
      tags: ['prod'],
    });
    expect(h).toMatchObject({
      name: 'db1',
      port: 22,
      user: 'root',
      auth: 'agent',
      groups: ['db'],
      source: 'manual',
    });
    expect(hosts.get('DB1').id).toBe(h.id);
    expect(events).toContainEqual({
      topic: 'hosts.changed',
      payload: { ids: [h.id], reason: 'added' },
    });
  });

  it('keeps passwords in the vault only: the data folder never holds the plaintext', async () => {
    const { dir, db, hosts, vault } = await setup();
    const h = await hosts.add({
      name: 'web1',
      address: '10.0.0.2',
      auth: 'password',
      password: PASSWORD,
    });
    expect(h.secretRef).toMatch(/^vault:/);
    expect(await vault.get(h.secretRef as string)).toBe(PASSWORD);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const name of readdirSync(dir)) {
      expect(
        readFileSync(join(dir, name)).includes(PASSWORD),
        `${name} contains the password`,
      ).toBe(false);
    }
  });

  it('refuses a duplicate name and incomplete auth with hints', async () => {
    const { hosts } = await setup();
    await hosts.add({ name: 'db1', address: '10.0.0.1' });
    await expect(hosts.add({ name: 'DB1', address: '10.0.0.9' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      hosts.add({ name: 'db2', address: '10.0.0.2', auth: 'key' }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS', hint: expect.stringContaining('key') });
  });

  it('replaces and clears a stored password on update, deleting the old secret', async () => {
    const { hosts, vault } = await setup();
    const h = await hosts.add({
      name: 'web1',
      address: '10.0.0.2',
      auth: 'password',
      password: PASSWORD,
    });
    const changed = await hosts.update(h.id, { password: 'another-password' });
    expect(changed.secretRef).not.toBe(h.secretRef);
    await expect(vault.get(h.secretRef as string)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
    const cleared = await hosts.update(h.id, { auth: 'agent', clearPassword: true });
    expect(cleared.secretRef).toBeUndefined();
  });

  it('removes hosts together with their secrets', async () => {
    const { hosts, vault } = await setup();
    const h = await hosts.add({
      name: 'web1',
      address: '10.0.0.2',
      auth: 'password',
      password: PASSWORD,
    });
    expect(await hosts.remove([h.id])).toEqual([h.id]);
    await expect(vault.get(h.secretRef as string)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
    expect(hosts.list()).toEqual([]);
  });

  it('filters by free text, group and tag', async () => {
    const { hosts } = await setup();
    await hosts.add({ name: 'db1', address: '10.0.0.1', groups: ['db'], tags: ['prod'] });
    await hosts.add({ name: 'db2', address: '10.0.0.2', groups: ['db'], tags: ['staging'] });
    await hosts.add({ name: 'web1', address: '10.0.1.1', groups: ['web'], tags: ['prod'] });
    expect(hosts.list({ query: 'db' }).map((h) => h.name)).toEqual(['db1', 'db2']);
    expect(hosts.list({ query: '10.0.1' }).map((h) => h.name)).toEqual(['web1']);
    expect(hosts.list({ tag: 'prod' }).map((h) => h.name)).toEqual(['db1', 'web1']);
    expect(hosts.list({ group: 'db', tag: 'staging' }).map((h) => h.name)).toEqual(['db2']);
  });

  it('imports new hosts, refreshes those it imported before, and skips hand-made ones', async () => {
    const { hosts } = await setup();
    await hosts.add({ name: 'db3', address: '10.0.0.3' });
    const candidates = ['db1', 'db2', 'db3'].map((name, i) => ({
      source: 'lab' as const,
      input: { name, address: `127.0.10.${i + 1}` },
    }));
    expect(await hosts.importMany(candidates)).toMatchObject({
      added: ['db1', 'db2'],
      updated: [],
      skipped: [{ name: 'db3' }],
    });
    expect(await hosts.importMany(candidates)).toMatchObject({
      added: [],
      updated: ['db1', 'db2'],
    });
  });
});
