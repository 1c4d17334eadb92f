import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { HostKeyTrust } from './host-key-trust';
import { SshPool } from './ssh-pool';
import { memoryVault } from '../../../testing/ssh/memory-vault';
import { hostKeyAnswers } from '../../../testing/ssh/prompt-answerer';
import { labAddress } from '../../../testing/lab/lab';
import { startTestSshd, type TestSshd } from '../../../testing/ssh/sshd';

let sshd: TestSshd;
let pool: SshPool;
let asked: unknown[];
beforeAll(async () => {
  sshd = await startTestSshd(labAddress(243));
  const answers = hostKeyAnswers('accept-remember');
  asked = answers.asked;
  const trust = new HostKeyTrust({
    repo: new KnownHostsRepo(openDatabase(':memory:')),
    prompts: answers.prompts,
    knownHostsFiles: [],
  });
  pool = new SshPool({ trust, vault: memoryVault(), prompts: answers.prompts });
});
afterAll(async () => {
  pool?.closeAll();
  await sshd?.stop();
});

/** `$SSH_CLIENT` is "client-ip client-port server-port": same value ⇔ same connection. */
const connectionOf = async (cmd = 'echo $SSH_CLIENT') =>
  (await pool.exec(sshd.host(), cmd)).stdout.trim();

describe('SshPool against a real sshd', () => {
  it('probe reports key, trust, banner and latency without pooling', async () => {
    const result = await pool.probe(sshd.host());
    expect(result).toMatchObject({
      keyType: 'ssh-ed25519',
      trust: 'accepted-remembered',
      banner: 'Opsdeck test server',
    });
    expect(result.fingerprint).toMatch(/^SHA256:/);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(pool.isConnected(sshd.host().id)).toBe(false);
    expect((await pool.probe(sshd.host())).trust).toBe('known');
    expect(asked).toHaveLength(1);
  });

  it('two concurrent execs share one connection', async () => {
    const [a, b] = await Promise.all([connectionOf('sleep 0.3; echo $SSH_CLIENT'), connectionOf()]);
    expect(a).toMatch(/^127\.\S+ \d+ 2222$/);
    expect(b).toBe(a);
    expect(await connectionOf()).toBe(a);
    expect(pool.isConnected(sshd.host().id)).toBe(true);
  });

  it('reconnects after the server side drops the connection', async () => {
    const before = await connectionOf();
    expect(sshd.dropConnections()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const after = await connectionOf();
    expect(after).toMatch(/^127\.\S+ \d+ 2222$/);
    expect(after).not.toBe(before);
  });

  it('a command running when the connection drops fails clearly; the next one reconnects', async () => {
    const pending = pool.exec(sshd.host(), 'sleep 20');
    await new Promise((r) => setTimeout(r, 300));
    sshd.dropConnections();
    await expect(pending).rejects.toMatchObject({
      code: 'SSH_CHANNEL_FAILED',
      message: expect.stringContaining('lost'),
    });
    expect((await pool.exec(sshd.host(), 'echo back')).stdout).toBe('back\n');
  });

  it('close(hostId) closes the pooled connection', async () => {
    await connectionOf();
    pool.close(sshd.host().id);
    expect(pool.isConnected(sshd.host().id)).toBe(false);
    expect((await pool.exec(sshd.host(), 'echo again')).stdout).toBe('again\n');
  });
});
