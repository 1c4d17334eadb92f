import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { openConnection } from './connect';
import { execCommand } from './exec';
import { HostKeyTrust } from './host-key-trust';
import { memoryVault } from '../../../testing/ssh/memory-vault';
import { hostKeyAnswers } from '../../../testing/ssh/prompt-answerer';
import { labAddress } from '../../../testing/lab/lab';
import { startTestSshd, type TestSshd } from '../../../testing/ssh/sshd';

let sshd: TestSshd;
let client: Client;
beforeAll(async () => {
  sshd = await startTestSshd(labAddress(242));
  const { prompts } = hostKeyAnswers('accept-once');
  const trust = new HostKeyTrust({
    repo: new KnownHostsRepo(openDatabase(':memory:')),
    prompts,
    knownHostsFiles: [],
  });
  client = await openConnection(sshd.host(), { trust, prompts, vault: memoryVault() });
});
afterAll(async () => {
  client?.end();
  await sshd?.stop();
});

/** How many `signal` channel requests sshd has received so far (it logs them at DEBUG1). */
const signalRequests = () => (sshd.log().match(/req signal/g) ?? []).length;

describe('execCommand', () => {
  it('cancel via AbortSignal returns quickly with CANCELLED and requests KILL', async () => {
    const controller = new AbortController();
    const before = signalRequests();
    const started = Date.now();
    const pending = execCommand(client, 'sleep 30', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(2000);
    // KILL was requested even though stdin was already at EOF (ssh2's channel.signal() no-ops then).
    // OpenSSH refuses signals for root sessions ("session signalling requires privilege
    // separation"), so the test server's process may live on; for other users it is killed.
    await waitFor(() => signalRequests() > before);
  });

  it('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      execCommand(client, 'touch /nonexistent', { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('timeout → TIMEOUT and KILL is requested (also after stdin was sent)', async () => {
    const before = signalRequests();
    const started = Date.now();
    await expect(
      execCommand(client, 'cat >/dev/null; sleep 30', { timeoutMs: 300, stdin: 'x' }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('300ms'),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => signalRequests() > before);
  });

  it('streams output as it arrives', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const r = await execCommand(client, 'for i in 1 2 3; do echo out$i; echo err$i >&2; done', {
      onStdout: (c) => out.push(c),
      onStderr: (c) => err.push(c),
    });
    expect(out.join('')).toBe('out1\nout2\nout3\n');
    expect(err.join('')).toBe('err1\nerr2\nerr3\n');
    expect(r.stdout).toBe(out.join(''));
  });

  it('stops a command whose output exceeds maxBuffer', async () => {
    await expect(execCommand(client, 'yes', { maxBuffer: 64 * 1024 })).rejects.toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: expect.stringContaining('more than 65536 bytes'),
    });
  });

  it('handles large output and many concurrent channels on one connection', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        execCommand(client, `head -c 3000000 /dev/zero | tr '\\0' a; echo ${i}`),
      ),
    );
    results.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBe(3_000_000 + `${i}\n`.length);
    });
  });
});

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
