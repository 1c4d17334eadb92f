import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../contract';
import { fingerprintOf } from '../../core/ssh/fingerprint';
import { composeServices, type Services } from '../compose';

/**
 * hosts.importLab trusts the host keys an inventory file lists — only for loopback addresses
 * (where the lab lives), so a file naming a production address cannot pin or replace its key
 * (issue 12 #4). Those hosts are imported, and their key is confirmed on first connection.
 */
const home = mkdtempSync(join(tmpdir(), 'opsdeck-import-lab-'));
let services: Services;

function key(name: string): string {
  const file = join(home, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').split(/\s+/)[1] as string;
}

function inventory(hosts: { name: string; address: string; key: string }[]): string {
  const path = join(home, `inventory-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      version: 1,
      lab: home,
      sshKey: join(home, 'id'),
      hosts: hosts.map((h) => ({
        name: h.name,
        address: h.address,
        port: 22,
        user: 'root',
        hostKeys: [{ type: 'ssh-ed25519', publicKey: h.key, fingerprint: fingerprintOf(h.key) }],
      })),
    }),
  );
  return path;
}

async function importLab(path: string): Promise<ImportResult> {
  const envelope = await services.router.call('hosts.importLab', { path }, { door: 'cli' });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as ImportResult;
}

beforeAll(async () => {
  services = await composeServices({
    door: 'cli',
    dataDir: home,
    vaultPassphrase: 'import-lab-test-passphrase',
    knownHostsFiles: [],
  });
});
afterAll(async () => {
  await services.shutdown();
  rmSync(home, { recursive: true, force: true });
});

describe('hosts.importLab and pinned host keys', () => {
  it('trusts keys for loopback lab addresses (and replaces them when the lab is re-created)', async () => {
    const first = key('lab1');
    const again = key('lab1b');
    expect(
      (await importLab(inventory([{ name: 'l1', address: '127.0.99.1', key: first }])))
        .trustedHostKeys,
    ).toBe(1);
    expect(services.core.knownHosts.forHost('127.0.99.1', 22)[0]?.publicKey).toBe(first);
    await importLab(inventory([{ name: 'l1', address: '127.0.99.1', key: again }]));
    expect(services.core.knownHosts.forHost('127.0.99.1', 22)[0]?.publicKey).toBe(again);
  });

  it('never pins or replaces a key for a non-loopback address; says so and imports the host', async () => {
    const pinned = key('prod');
    services.core.trust.trustKeys('10.1.2.3', 22, [`ssh-ed25519 ${pinned}`]);
    const result = await importLab(
      inventory([
        { name: 'prod-db', address: '10.1.2.3', key: key('evil') },
        { name: 'new-db', address: 'db.example.com', key: key('evil2') },
      ]),
    );
    expect(result.trustedHostKeys).toBe(0);
    expect(services.core.knownHosts.forHost('10.1.2.3', 22).map((k) => k.publicKey)).toEqual([
      pinned,
    ]);
    expect(services.core.knownHosts.forHost('db.example.com', 22)).toEqual([]);
    expect(result.skipped).toContainEqual({
      name: 'prod-db (host key)',
      reason: expect.stringMatching(/not a loopback address.*confirm the fingerprint/),
    });
    expect(result.added).toEqual(expect.arrayContaining(['prod-db', 'new-db']));
  });
});
