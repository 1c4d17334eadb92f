import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Host, PromptRequest } from '../../contract';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { connectHost, openConnection, type ConnectDeps } from './connect';
import { execCommand } from './exec';
import { fingerprintOf } from './fingerprint';
import { HostKeyTrust } from './host-key-trust';
import { scanHostKey } from './keyscan';
import { memoryVault } from '../../../testing/ssh/memory-vault';
import { answeringPrompts, hostKeyAnswers } from '../../../testing/ssh/prompt-answerer';
import { labAddress } from '../../../testing/lab/lab';
import { startTestSshd, type TestSshd } from '../../../testing/ssh/sshd';

// Self-contained: a throwaway sshd on its own loopback address (not the lab's 127.0.10.x).
let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startTestSshd(labAddress(241));
});
afterAll(async () => {
  await sshd?.stop();
});

let repo: KnownHostsRepo;
beforeEach(() => {
  repo = new KnownHostsRepo(openDatabase(':memory:'));
});

function depsWith(
  prompts: ReturnType<typeof answeringPrompts>,
  extra: Partial<ConnectDeps> = {},
): ConnectDeps {
  const trust = new HostKeyTrust({ repo, prompts: prompts.prompts, knownHostsFiles: [] });
  return {
    trust,
    vault: memoryVault(),
    prompts: prompts.prompts,
    connectTimeoutMs: 10_000,
    ...extra,
  };
}

/** Host key already trusted (as after a lab import). */
function trustedDeps(extra: Partial<ConnectDeps> = {}) {
  const answers = hostKeyAnswers('reject');
  const deps = depsWith(answers, extra);
  deps.trust.trustKeys(sshd.address, sshd.port, [sshd.hostKeyBlob()]);
  return { deps, asked: answers.asked };
}

describe('key authentication and exec', () => {
  it('runs commands: stdout, exit codes, stderr, stdin', async () => {
    const { deps, asked } = trustedDeps();
    const connection = await connectHost(sshd.host(), deps);
    const { client } = connection;
    try {
      expect(connection.hostKey).toMatchObject({
        trust: 'known',
        keyType: 'ssh-ed25519',
        fingerprint: fingerprintOf(sshd.hostKeyBlob()),
      });
      expect(connection.banner).toBe('Opsdeck test server');
      const hostname = await execCommand(client, 'hostname');
      expect(hostname.code).toBe(0);
      expect(hostname.stdout.trim().length).toBeGreaterThan(0);

      const failed = await execCommand(client, 'echo oops >&2; exit 3');
      expect(failed).toMatchObject({ code: 3, stdout: '', stderr: 'oops\n' });
      expect(failed.durationMs).toBeGreaterThanOrEqual(0);

      const killed = await execCommand(client, 'kill -TERM $$');
      expect(killed).toMatchObject({ code: null, signal: 'SIGTERM' });

      const echoed = await execCommand(client, 'tr a-z A-Z', { stdin: 'hello ünïcode\n' });
      expect(echoed.stdout).toBe('HELLO üNïCODE\n');

      const noStdin = await execCommand(client, 'cat; echo done');
      expect(noStdin.stdout).toBe('done\n');
      expect(asked).toHaveLength(0);
    } finally {
      client.end();
    }
  });

  it('asks for the passphrase of an encrypted key; stores it only when asked to remember', async () => {
    const answers = answeringPrompts((r) =>
      r.kind === 'secret'
        ? { kind: 'secret', value: sshd.passphrase, remember: true }
        : { kind: 'host-key', decision: 'accept-once' },
    );
    const stored: string[] = [];
    const vault = memoryVault();
    const deps = depsWith(answers, { vault, onSecretStored: (ref) => stored.push(ref) });
    const client = await openConnection(sshd.host({ keyPath: sshd.encryptedKey }), deps);
    client.end();
    expect(answers.asked.map((a) => a.kind)).toEqual(['secret', 'host-key']);
    expect(stored).toHaveLength(1);
    expect(vault.stored.get(stored[0] as string)?.value).toBe(sshd.passphrase);

    // Not remembered → nothing stored.
    const once = answeringPrompts((r) =>
      r.kind === 'secret'
        ? { kind: 'secret', value: sshd.passphrase, remember: false }
        : { kind: 'host-key', decision: 'accept-once' },
    );
    const vault2 = memoryVault();
    (
      await openConnection(
        sshd.host({ keyPath: sshd.encryptedKey }),
        depsWith(once, { vault: vault2 }),
      )
    ).end();
    expect(vault2.stored.size).toBe(0);

    // A stored passphrase (secretRef) is used without asking.
    const ref = stored[0] as string;
    const silent = hostKeyAnswers('accept-once');
    (
      await openConnection(
        sshd.host({ keyPath: sshd.encryptedKey, secretRef: ref }),
        depsWith(silent, { vault }),
      )
    ).end();
    expect(silent.asked.map((a) => a.kind)).toEqual(['host-key']);
  });

  it('wrong key → SSH_AUTH_FAILED naming the methods tried', async () => {
    const { deps } = trustedDeps();
    const err = await openConnection(sshd.host({ keyPath: sshd.wrongKey }), deps).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'SSH_AUTH_FAILED' });
    expect((err as Error).message).toContain(`tried: publickey (key ${sshd.wrongKey})`);
    expect((err as Error).message).toContain(sshd.host().name);
    expect((err as Error).message).toMatch(/server accepts: publickey/);
  });

  it('missing key file → SSH_KEY_UNREADABLE before connecting', async () => {
    const { deps } = trustedDeps();
    await expect(
      openConnection(sshd.host({ keyPath: join(sshd.dir, 'nope') }), deps),
    ).rejects.toMatchObject({
      code: 'SSH_KEY_UNREADABLE',
      message: expect.stringContaining('does not exist'),
    });
  });

  it('agent auth without an agent → SSH_AUTH_FAILED with a hint', async () => {
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      const { deps } = trustedDeps();
      await expect(openConnection(sshd.host({ auth: 'agent' }), deps)).rejects.toMatchObject({
        code: 'SSH_AUTH_FAILED',
        hint: expect.stringMatching(/ssh-agent/),
      });
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('a closed port → SSH_REFUSED', async () => {
    const { deps } = trustedDeps();
    await expect(openConnection(sshd.host({ port: 2299 }), deps)).rejects.toMatchObject({
      code: 'SSH_REFUSED',
      hint: expect.stringContaining('port 2299'),
    });
  });

  it('a port that accepts but never speaks SSH → SSH_TIMEOUT; one that hangs up → SSH_UNREACHABLE', async () => {
    const silent = createServer(() => {});
    const rude = createServer((socket) => socket.destroy());
    await Promise.all([listen(silent, 2223), listen(rude, 2224)]);
    try {
      const { deps } = trustedDeps({ connectTimeoutMs: 300 });
      await expect(openConnection(sshd.host({ port: 2223 }), deps)).rejects.toMatchObject({
        code: 'SSH_TIMEOUT',
      });
      await expect(openConnection(sshd.host({ port: 2224 }), deps)).rejects.toMatchObject({
        code: 'SSH_UNREACHABLE',
        message: expect.stringContaining('closed the connection'),
      });
    } finally {
      silent.close();
      rude.close();
    }
  });

  it('time spent answering the host-key question does not count against the connect timeout', async () => {
    const answers = answeringPrompts(() => 'ignore');
    const deps = depsWith(answers, { connectTimeoutMs: 1000 });
    const pending = connectHost(sshd.host(), deps);
    await waitFor(() => answers.asked.length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    answers.prompts.answer({
      kind: 'host-key',
      id: (answers.asked[0] as PromptRequest).id,
      decision: 'accept-once',
    });
    const connection = await pending;
    expect(connection.hostKey.trust).toBe('accepted-once');
    expect(connection.connectMs).toBeLessThan(1000);
    connection.client.end();
  });

  it('abort while connecting → CANCELLED', async () => {
    const answers = answeringPrompts(() => 'ignore'); // the host-key question is never answered
    const controller = new AbortController();
    const pending = openConnection(sshd.host(), depsWith(answers, { signal: controller.signal }));
    await waitFor(() => answers.asked.length === 1);
    const started = Date.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('tunnels through a jump connection (ProxyJump)', async () => {
    const { deps } = trustedDeps();
    const jump = await openConnection(sshd.host(), deps);
    try {
      const { deps: inner } = trustedDeps({ jump, jumpName: 'jump' });
      const client = await openConnection(sshd.host(), inner);
      const direct = await execCommand(jump, 'echo $SSH_CLIENT');
      const tunnelled = await execCommand(client, 'echo $SSH_CLIENT');
      // The inner connection is opened by the server itself (direct-tcpip), from another port.
      expect(tunnelled.stdout).toMatch(/^127\.\S+ \d+ 2222$/m);
      expect(tunnelled.stdout).not.toBe(direct.stdout);
      client.end();
    } finally {
      jump.end();
    }
  });
});

describe('host-key trust over a real handshake', () => {
  const marker = () => join(sshd.dir, 'ran-marker');
  const touch = (client: Awaited<ReturnType<typeof openConnection>>) =>
    execCommand(client, `touch ${marker()}`);

  it('unknown key → prompt; accept-remember stores it and the next connect does not ask', async () => {
    const answers = hostKeyAnswers('accept-remember');
    const deps = depsWith(answers);
    const first = await connectHost(sshd.host(), deps);
    first.client.end();
    expect(first.hostKey.trust).toBe('accepted-remembered');
    expect(answers.asked).toHaveLength(1);
    const q = answers.asked[0] as Extract<PromptRequest, { kind: 'host-key' }>;
    expect(q).toMatchObject({
      host: sshd.host().name,
      address: sshd.host().address,
      port: 2222,
      keyType: 'ssh-ed25519',
    });
    expect(q.fingerprint).toBe(fingerprintOf(sshd.hostKeyBlob()));
    expect(repo.forHost(sshd.host().address, 2222)).toHaveLength(1);

    const second = await connectHost(sshd.host(), deps);
    second.client.end();
    expect(second.hostKey.trust).toBe('known');
    expect(answers.asked).toHaveLength(1);
  });

  it('reject → HOST_KEY_REJECTED and no command ran', async () => {
    const answers = hostKeyAnswers('reject');
    const err = await openConnection(sshd.host(), depsWith(answers))
      .then(touch)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_KEY_REJECTED' });
    expect(existsSync(marker())).toBe(false);
    expect(repo.forHost(sshd.host().address, 2222)).toEqual([]);
  });

  it('changed key → HOST_KEY_CHANGED without a prompt; replaceKey then connects', async () => {
    const answers = hostKeyAnswers('accept-remember');
    const deps = depsWith(answers);
    (await openConnection(sshd.host(), deps)).end();
    const oldBlob = sshd.hostKeyBlob();
    expect(answers.asked).toHaveLength(1);

    await sshd.rotateHostKey();
    const newBlob = sshd.hostKeyBlob();
    const logins = () => (sshd.log().match(/Accepted publickey/g) ?? []).length;
    const loginsBefore = logins();
    const err = await openConnection(sshd.host(), deps)
      .then(touch)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_KEY_CHANGED' });
    expect((err as Error).message).toContain(fingerprintOf(oldBlob));
    expect((err as Error).message).toContain(fingerprintOf(newBlob));
    expect((err as Error).message).toMatch(/man-in-the-middle/);
    expect(answers.asked).toHaveLength(1); // never offered for acceptance
    expect(existsSync(marker())).toBe(false);
    expect(logins()).toBe(loginsBefore); // the connection ended before authentication

    // "Replace host key": read the new key (shown to the user to compare), then replace explicitly.
    const target: Pick<Host, 'name' | 'address' | 'port'> = sshd.host();
    const scanned = await scanHostKey(target, {
      preferTypes: await deps.trust.knownKeyTypes(target),
    });
    expect(scanned.fingerprint).toBe(fingerprintOf(newBlob));
    expect(logins()).toBe(loginsBefore);
    deps.trust.replaceKey(target, scanned.keyBlob);
    const after = await connectHost(sshd.host(), deps);
    expect(after.hostKey.trust).toBe('known');
    expect((await execCommand(after.client, 'echo ok')).stdout).toBe('ok\n');
    after.client.end();
    expect(answers.asked).toHaveLength(1);
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, sshd.address, () => resolve());
  });
}
