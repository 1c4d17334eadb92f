import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../testing/lab/lab';
import { runInPty } from '../../testing/cli/pty';

/**
 * The vault passphrase on a real terminal (a PTY), through the built `opsdeck` command: asked when
 * a secret is needed, never echoed, offered to be created the first time, retried when wrong.
 */
const PASS = 'correct horse battery';
const bin = join(repoRoot, 'bin', 'opsdeck.mjs');
let dir: string;

/** `opsdeck --home <home> …` in a PTY, without OPSDECK_VAULT_PASSPHRASE. */
const opsdeck = (home: string, args: string[], steps: { expect: string; send: string }[]) =>
  runInPty(
    [
      '/usr/bin/env',
      '-u',
      'OPSDECK_VAULT_PASSPHRASE',
      process.execPath,
      bin,
      '--home',
      home,
      ...args,
    ],
    steps,
    {
      HOST_PASSWORD: 'ssh-secret-1',
    },
  );

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-pty-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the vault passphrase on a terminal', () => {
  it('vault init asks twice and echoes nothing', async () => {
    const home = join(dir, 'init');
    const r = await opsdeck(
      home,
      ['vault', 'init'],
      [
        { expect: 'New vault passphrase', send: `${PASS}\r` },
        { expect: 'Type it again', send: `${PASS}\r` },
      ],
    );
    expect(r.ok, r.output).toBe(true);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('Vault created and unlocked');
    expect(r.output).not.toContain(PASS);
    expect(existsSync(join(home, 'vault.json'))).toBe(true);
    expect(readFileSync(join(home, 'vault.json'), 'utf8')).not.toContain(PASS);
  });

  it('the first secret offers to create the vault, then stores it', async () => {
    const home = join(dir, 'first');
    const r = await opsdeck(
      home,
      ['hosts', 'add', 'web1', '10.9.9.1', '--password-env', 'HOST_PASSWORD'],
      [
        { expect: 'Create the Opsdeck vault', send: '' },
        { expect: 'New vault passphrase', send: `${PASS}\r` },
        { expect: 'Type it again', send: `${PASS}\r` },
      ],
    );
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/does not exist yet\. Choose its passphrase/);
    expect(r.output).toContain('Added web1');
    expect(r.output).not.toContain(PASS);
  });

  it('a locked vault asks for its passphrase when a secret is needed; a wrong one is asked again', async () => {
    const home = join(dir, 'first');
    const r = await opsdeck(
      home,
      ['hosts', 'add', 'web2', '10.9.9.2', '--password-env', 'HOST_PASSWORD'],
      [
        { expect: 'Vault passphrase:', send: 'not the passphrase\r' },
        { expect: 'does not open the vault', send: '' },
        { expect: 'Vault passphrase:', send: `${PASS}\r` },
      ],
    );
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(
      /Unlock the Opsdeck vault: .*Vault passphrase — needed to store ssh password root@web2/,
    );
    expect(r.output).toContain('Added web2');
    expect(r.output).not.toContain(PASS);
    expect(r.output).not.toContain('not the passphrase');
  });

  it('Ctrl+C at the prompt leaves the vault locked and says how to unlock it', async () => {
    const home = join(dir, 'first');
    const r = await opsdeck(
      home,
      ['hosts', 'add', 'web3', '10.9.9.3', '--password-env', 'HOST_PASSWORD'],
      [{ expect: 'Vault passphrase:', send: '\u0003' }],
    );
    expect(r.code).toBe(1);
    expect(r.output).toMatch(
      /The secret vault is locked, and Opsdeck needs it to store ssh password root@web3/,
    );
    expect(r.output).toMatch(/VAULT_LOCKED/);
  });
});
