import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { respondToPrompts } from './prompt-responder';
import { createTestServices } from '../../testing/core/core-fixture';
import { labAddress, labInventory } from '../../testing/lab/lab';
import { cliContextOf } from '../../testing/cli/cli-context';
import { startTestSshd, type TestSshd } from '../../testing/ssh/sshd';

/**
 * Host-key type downgrade (issue 12, item 1): a server that presents a key of a type Opsdeck has
 * never recorded for an address it knows by another type must be refused as CHANGED — never asked
 * about as a new host (where `--accept-new-host-keys` would store the impostor's key for good).
 */
const inventory = labInventory();
const db1 = inventory.hosts.find((h) => h.name === 'db1')!;
const db1Key = (type: string) => db1.hostKeys.find((k) => k.type === type)!;

// The impostor: a real sshd on db1's lab address (another port) that has an RSA host key only.
const IMPOSTOR_PORT = 2212;
let impostor: TestSshd;
beforeAll(async () => {
  impostor = await startTestSshd(labAddress(1), IMPOSTOR_PORT, { hostKeyType: 'rsa' });
});
afterAll(async () => {
  await impostor?.stop();
});

let services: Awaited<ReturnType<typeof createTestServices>> | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await services?.dispose();
  services = undefined;
});

/** A core whose prompts are answered as `opsdeck --accept-new-host-keys` answers them. */
async function acceptNewCore() {
  services = await createTestServices();
  const s = services;
  const log: string[] = [];
  const prompts: unknown[] = [];
  s.bus.subscribe((m) => void (m.topic === 'prompt.request' && prompts.push(m.payload)));
  // The CLI's own door connection: the prompts its calls raise are the ones it answers.
  const ctx = cliContextOf(s);
  closers.push(
    ctx.close,
    respondToPrompts(ctx, 'accept-new', (line) => log.push(line)),
  );
  return { s, call: ctx.call, log, prompts };
}

describe('host-key type downgrade', () => {
  it('an RSA-only server at an address known by its ed25519 key is refused as HOST_KEY_CHANGED, even with --accept-new-host-keys', async () => {
    const { s, call, log, prompts } = await acceptNewCore();
    // Opsdeck knows this address:port by db1's ed25519 key only.
    s.core.trust.trustKeys(impostor.address, IMPOSTOR_PORT, [
      `ssh-ed25519 ${db1Key('ssh-ed25519').publicKey}`,
    ]);
    await call('hosts.add', {
      name: 'db1-alt',
      address: impostor.address,
      port: IMPOSTOR_PORT,
      auth: 'key',
      keyPath: impostor.clientKey, // the impostor would even let us in
    });
    const logins = () => (impostor.log().match(/Accepted publickey/g) ?? []).length;

    const result = await call('hosts.testConnection', { id: 'db1-alt' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'HOST_KEY_CHANGED',
        message: expect.stringContaining(db1Key('ssh-ed25519').fingerprint),
        hint: expect.stringContaining('Replace host key'),
      },
    });
    expect(result.error?.message).toMatch(/man-in-the-middle/);
    expect(prompts).toEqual([]); // never offered as a new host
    expect(log.join('\n')).not.toMatch(/Trusting new/);
    expect(
      s.core.knownHosts.forHost(impostor.address, IMPOSTOR_PORT).map((k) => k.keyType),
    ).toEqual(['ssh-ed25519']);
    expect(logins()).toBe(0);

    // The changed-key flow: the preview names the RSA key it presents and what was recorded.
    const rsa = impostor.hostKeyFingerprint();
    expect(await call('hosts.replaceHostKey', { id: 'db1-alt' })).toMatchObject({
      keyType: 'ssh-rsa',
      fingerprint: rsa,
      previousFingerprint: db1Key('ssh-ed25519').fingerprint,
      previousKeyType: 'ssh-ed25519',
      replaced: false,
    });
    // Only the exact fingerprint, confirmed out of band, replaces it; then it connects.
    await call('hosts.replaceHostKey', { id: 'db1-alt', confirmFingerprint: rsa });
    expect(await call('hosts.testConnection', { id: 'db1-alt' })).toMatchObject({
      ok: true,
      keyType: 'ssh-rsa',
      fingerprint: rsa,
      trust: 'known',
    });
    expect(prompts).toEqual([]);
  });

  it('the key exchange asks a real server for the known type only: db1 known by RSA presents RSA, by ed25519 presents ed25519', async () => {
    for (const type of ['ssh-rsa', 'ssh-ed25519']) {
      const { s, call, prompts } = await acceptNewCore();
      s.core.trust.trustKeys(db1.address, 22, [`${type} ${db1Key(type).publicKey}`]);
      await call('hosts.add', {
        name: 'db1',
        address: db1.address,
        auth: 'key',
        keyPath: inventory.sshKey,
      });
      expect(await call('hosts.testConnection', { id: 'db1' })).toMatchObject({
        ok: true,
        keyType: type,
        fingerprint: db1Key(type).fingerprint,
        trust: 'known',
      });
      expect(prompts).toEqual([]);
      for (const close of closers.splice(0)) close();
      await services?.dispose();
      services = undefined;
    }
  });
});
