import { afterEach, describe, expect, it } from 'vitest';
import type { PromptRequest } from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { labInventory } from '../../../testing/lab/lab';
import { caller, nextEvent } from '../../../testing/core/ssh-fixture';

/** Unknown and changed host keys of real lab servers, and the explicit audited replacement. */
const inventory = labInventory();
const db = (n: number) => inventory.hosts.find((h) => h.name === `db${n}`)!;
const ed25519 = (n: number) => db(n).hostKeys.find((k) => k.type === 'ssh-ed25519')!;

let services: Awaited<ReturnType<typeof createTestServices>> | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

/** Fresh core that knows db1 only as a hand-added host (no keys imported). */
async function fresh() {
  services = await createTestServices();
  const call = caller(services);
  await call('hosts.add', {
    name: 'db1',
    address: db(1).address,
    auth: 'key',
    keyPath: inventory.sshKey,
    groups: ['keys'],
  });
  const s = services;
  const run = async () => (await s.core.ssh.exec(s.core.hosts.get('db1'), 'hostname')).stdout;
  return { s, call, run };
}

describe('host keys of lab servers', () => {
  it('unknown key: a prompt event; reject sends nothing, accept-remember trusts it from then on', async () => {
    const { s, call, run } = await fresh();
    const asked: PromptRequest[] = [];
    let decision: 'reject' | 'accept-remember' = 'reject';
    s.bus.subscribe((m) => {
      if (m.topic !== 'prompt.request') return;
      const request = m.payload as PromptRequest;
      asked.push(request);
      void call('prompts.answer', { kind: 'host-key', id: request.id, decision });
    });
    await expect(run()).rejects.toMatchObject({ code: 'HOST_KEY_REJECTED' });
    expect(asked[0]).toMatchObject({
      kind: 'host-key',
      host: 'db1',
      address: db(1).address,
      port: 22,
      fingerprint: expect.stringMatching(/^SHA256:/),
    });
    expect(db(1).hostKeys.map((k) => k.fingerprint)).toContain(
      (asked[0] as Extract<PromptRequest, { kind: 'host-key' }>).fingerprint,
    );

    decision = 'accept-remember';
    expect(await run()).toBe('db1\n');
    s.core.ssh.closeAll();
    expect(await run()).toBe('db1\n');
    expect(asked).toHaveLength(2); // remembered: no third question
  });

  it('changed key: refused without a prompt, also per host in cluster exec; replaceHostKey needs the exact fingerprint', async () => {
    const { s, call, run } = await fresh();
    // Opsdeck remembers a different ed25519 key for db1's address (as after a reinstall / MITM).
    s.core.trust.trustKeys(db(1).address, 22, [`ssh-ed25519 ${ed25519(2).publicKey}`]);
    let prompts = 0;
    s.bus.subscribe((m) => void (m.topic === 'prompt.request' && prompts++));

    const err = await run().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'HOST_KEY_CHANGED',
      message: expect.stringContaining(ed25519(1).fingerprint),
      hint: expect.stringContaining('Replace host key'),
    });
    expect((err as Error).message).toContain(ed25519(2).fingerprint);

    const { execId } = await call('exec.run', {
      group: 'keys',
      command: 'hostname',
      parallel: 1,
      timeoutSec: 20,
    });
    await nextEvent(s.bus, 'exec.event', (e) => e.execId === execId && e.type === 'finished');
    expect((await call('exec.get', { execId })).hosts[0]).toMatchObject({
      status: 'unreachable',
      error: { code: 'HOST_KEY_CHANGED' },
    });

    const preview = await call('hosts.replaceHostKey', { id: 'db1' });
    expect(preview).toEqual({
      hostId: s.core.hosts.get('db1').id,
      keyType: 'ssh-ed25519',
      fingerprint: ed25519(1).fingerprint,
      previousFingerprint: ed25519(2).fingerprint,
      previousKeyType: 'ssh-ed25519',
      replaced: false,
    });
    await expect(
      call('hosts.replaceHostKey', { id: 'db1', confirmFingerprint: ed25519(2).fingerprint }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Nothing was changed'),
    });
    await expect(run()).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });

    const replaced = await call('hosts.replaceHostKey', {
      id: 'db1',
      confirmFingerprint: ed25519(1).fingerprint,
    });
    expect(replaced).toMatchObject({ replaced: true, fingerprint: ed25519(1).fingerprint });
    expect(await run()).toBe('db1\n');
    expect(prompts).toBe(0);
    const audit = await call('audit.list', { limit: 20 });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'ssh.host-key.replace',
        target: 'db1',
        detail: expect.stringContaining(`${ed25519(2).fingerprint} → ${ed25519(1).fingerprint}`),
      }),
    );
  });
});
