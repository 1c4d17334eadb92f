import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { Redactor } from '../redact';
import { expandHome, prepareAuth } from './auth';
import { testHost } from '../../../testing/core/test-host';
import { memoryVault } from '../../../testing/ssh/memory-vault';
import { answeringPrompts } from '../../../testing/ssh/prompt-answerer';

let dir: string;
let key: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-auth-'));
  key = join(dir, 'id');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = (overrides: Partial<Host>): Host =>
  testHost('db1', { id: 'h', address: '10.0.0.1', auth: 'key', ...overrides });
const deps = () => ({
  vault: memoryVault({ 'vault:pw': 's3cret-pass' }),
  prompts: answeringPrompts(() => 'ignore').prompts,
});

describe('prepareAuth', () => {
  it('agent: uses the given socket (or SSH_AUTH_SOCK), fails clearly without one', async () => {
    const [attempt] = await prepareAuth(host({ auth: 'agent' }), {
      ...deps(),
      agentSocket: '/tmp/agent.sock',
    });
    expect(attempt?.method).toMatchObject({
      type: 'agent',
      username: 'root',
      agent: '/tmp/agent.sock',
    });
    expect(attempt?.describe).toBe('publickey (agent /tmp/agent.sock)');
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      await expect(prepareAuth(host({ auth: 'agent' }), deps())).rejects.toMatchObject({
        code: 'SSH_AUTH_FAILED',
      });
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('key: parses the private key once and describes it by path', async () => {
    const [attempt] = await prepareAuth(host({ keyPath: key }), deps());
    expect(attempt?.describe).toBe(`publickey (key ${key})`);
    expect(attempt?.method.type).toBe('publickey');
  });

  it('key: missing path, missing file, public key file → SSH_KEY_UNREADABLE', async () => {
    await expect(prepareAuth(host({}), deps())).rejects.toMatchObject({
      code: 'SSH_KEY_UNREADABLE',
    });
    await expect(prepareAuth(host({ keyPath: join(dir, 'nope') }), deps())).rejects.toMatchObject({
      code: 'SSH_KEY_UNREADABLE',
      message: expect.stringContaining('does not exist'),
    });
    await expect(prepareAuth(host({ keyPath: `${key}.pub` }), deps())).rejects.toMatchObject({
      code: 'SSH_KEY_UNREADABLE',
      message: expect.stringContaining('public key'),
    });
  });

  it('password: reads the vault reference, registers it for redaction, needs a reference', async () => {
    const redactor = new Redactor();
    const attempts = await prepareAuth(host({ auth: 'password', secretRef: 'vault:pw' }), {
      ...deps(),
      redactor,
    });
    expect(attempts.map((a) => a.describe)).toEqual([
      'password',
      'keyboard-interactive (password)',
    ]);
    expect(attempts[0]?.method).toMatchObject({ type: 'password', password: 's3cret-pass' });
    expect(redactor.text('echo s3cret-pass')).not.toContain('s3cret-pass');
    await expect(prepareAuth(host({ auth: 'password' }), deps())).rejects.toMatchObject({
      code: 'SSH_AUTH_FAILED',
    });
  });

  it('expandHome', () => {
    expect(expandHome('~/x')).toMatch(/\/x$/);
    expect(expandHome('/abs')).toBe('/abs');
  });
});
