import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/**
 * `opsdeck serve` on a data folder: the core every command then attaches to (over its local
 * socket), composed without the passphrase. Resolves once it listens.
 */
async function serveCore(home: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, OPSDECK_HOME: home };
  delete env.OPSDECK_VAULT_PASSPHRASE;
  const child = spawn(process.execPath, [bin, '--json', 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      if (/"url":/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return child;
}

describe('the vault passphrase when the command attaches to a running core', () => {
  let serve: ChildProcess | undefined;
  const home = () => join(dir, 'attached');
  beforeAll(async () => {
    // A vault with a passphrase, locked again: init through a command's own core first.
    const init = await opsdeck(
      home(),
      ['vault', 'init'],
      [
        { expect: 'New vault passphrase', send: `${PASS}\r` },
        { expect: 'Type it again', send: `${PASS}\r` },
      ],
    );
    expect(init.code, init.output).toBe(0);
    serve = await serveCore(home());
  }, 60_000);
  afterAll(async () => {
    if (!serve || serve.exitCode !== null) return;
    serve.kill('SIGTERM');
    await new Promise((r) => serve?.once('exit', r));
  });

  it("the running core asks the command's terminal (its own prompt), and the secret is stored there", async () => {
    const r = await opsdeck(
      home(),
      ['hosts', 'add', 'web5', '10.9.9.5', '--password-env', 'HOST_PASSWORD'],
      [{ expect: 'Vault passphrase:', send: `${PASS}\r` }],
    );
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Unlock the Opsdeck vault: .*needed to store ssh password root@web5/);
    expect(r.output).toContain('Added web5');
    expect(r.output).not.toContain(PASS);
    // The serve core is unlocked now: the next command needs no passphrase and says where.
    const status = await opsdeck(home(), ['vault', 'status'], []);
    expect(status.output).toMatch(/Vault \(passphrase-file\): unlocked/);
  });

  it('`vault unlock` unlocks the running core for as long as it runs', async () => {
    const lock = await opsdeck(home(), ['vault', 'lock'], []);
    expect(lock.code, lock.output).toBe(0);
    const r = await opsdeck(
      home(),
      ['vault', 'unlock'],
      [{ expect: 'Vault passphrase:', send: `${PASS}\r` }],
    );
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/stays unlocked in the running Opsdeck \(web, pid \d+\)/);
    const added = await opsdeck(
      home(),
      ['hosts', 'add', 'web6', '10.9.9.6', '--password-env', 'HOST_PASSWORD'],
      [],
    );
    expect(added.code, added.output).toBe(0);
    expect(added.output).not.toMatch(/Vault passphrase/);
  });

  it('without a terminal the command gets no question: VAULT_LOCKED with how to unlock', async () => {
    await opsdeck(home(), ['vault', 'lock'], []);
    const env: NodeJS.ProcessEnv = { ...process.env, HOST_PASSWORD: 'ssh-secret-1' };
    delete env.OPSDECK_VAULT_PASSPHRASE;
    const r = spawnSync(
      process.execPath,
      [
        bin,
        '--home',
        home(),
        'hosts',
        'add',
        'web7',
        '10.9.9.7',
        '--password-env',
        'HOST_PASSWORD',
      ],
      { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no terminal to ask the passphrase on/);
    expect(r.stderr).toMatch(/VAULT_LOCKED/);
  });
});
