import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAddress, labInventory } from '../../../testing/lab/lab';
import { eventually, labServices } from '../../../testing/core/ssh-fixture';

/**
 * Authentication against the lab's real sshd (db1..db3): key file, ssh-agent, password (the lab
 * gives root a password inside each host), a jump host (db2 through db1), and the messages when
 * it goes wrong.
 */
let s: Awaited<ReturnType<typeof labServices>>;
const inventory = labInventory();
const db = (n: number) => inventory.hosts.find((h) => h.name === `db${n}`)!;
const hostname = async (host: string) =>
  (await s.core.ssh.exec(s.core.hosts.get(host), 'hostname')).stdout.trim();

beforeAll(async () => {
  s = await labServices();
});
afterAll(async () => {
  await s?.dispose();
});

describe('authentication against the lab', () => {
  it('key file (the lab inventory imports hosts with the lab key)', async () => {
    expect(s.core.hosts.get('db1')).toMatchObject({ auth: 'key', keyPath: inventory.sshKey });
    expect(await hostname('db1')).toBe('db1');
  });

  describe('ssh-agent', () => {
    let agent: ChildProcess | undefined;
    let dir: string;
    let saved: string | undefined;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'opsdeck-agent-'));
      const sock = join(dir, 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      await eventually(() => existsSync(sock), 5000, 'ssh-agent socket');
      execFileSync('ssh-add', [inventory.sshKey], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
        stdio: 'ignore',
      });
      saved = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sock;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    it('logs in with a key held by the agent', async () => {
      await s.call('hosts.add', {
        name: 'db1-agent',
        address: db(1).address,
        auth: 'agent',
        groups: ['auth-test'],
      });
      expect(await hostname('db1-agent')).toBe('db1');
    });

    it('an agent without the right key: SSH_AUTH_FAILED naming the agent', async () => {
      execFileSync('ssh-add', ['-D'], { env: process.env, stdio: 'ignore' });
      s.core.ssh.close(s.core.hosts.get('db1-agent').id);
      const err = await hostname('db1-agent').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SSH_AUTH_FAILED' });
      expect((err as Error).message).toMatch(/tried: publickey \(agent /);
      expect((err as { hint: string }).hint).toMatch(/ssh-add -l/);
    });
  });

  describe('password', () => {
    const password = db(2).sshPassword;

    it('logs in with a password kept in the vault', async () => {
      expect(password, 'lab inventory has no sshPassword: run scripts/lab/lab up').toBeTruthy();
      const host = await s.call('hosts.add', {
        name: 'db2-password',
        address: db(2).address,
        auth: 'password',
        password: password!,
      });
      expect(host.secretRef).toMatch(/^vault:/);
      expect(JSON.stringify(host)).not.toContain(password!);
      expect(await hostname('db2-password')).toBe('db2');
    });

    it('a wrong password: SSH_AUTH_FAILED listing what was tried', async () => {
      await s.call('hosts.add', {
        name: 'db2-wrong-password',
        address: db(2).address,
        auth: 'password',
        password: 'not-the-password',
      });
      const err = await hostname('db2-wrong-password').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SSH_AUTH_FAILED' });
      expect((err as Error).message).toContain('tried: password');
      expect((err as Error).message).not.toContain('not-the-password');
    });
  });

  describe('jump host (ProxyJump)', () => {
    it('reaches db2 through db1, sharing db1’s pooled connection', async () => {
      await s.call('hosts.add', {
        name: 'db2-via-db1',
        address: db(2).address,
        auth: 'key',
        keyPath: inventory.sshKey,
        proxyJump: 'db1',
      });
      expect(s.core.hosts.get('db2-via-db1').proxyJump).toBe('db1');
      expect(await hostname('db2-via-db1')).toBe('db2');
      // The jump went through the pool's db1 connection …
      expect(s.core.ssh.isConnected(s.core.hosts.get('db1').id)).toBe(true);
      // … and db1's sshd holds the TCP connection to db2 (a direct one would belong to node).
      const sockets = execFileSync(
        'ss',
        ['-Htnp', 'state', 'established', 'dst', `${db(2).address}:22`],
        {
          encoding: 'utf8',
        },
      );
      expect(sockets).toMatch(/sshd/);
    });

    it('a jump host that is down: the error names both hosts', async () => {
      await s.call('hosts.add', {
        name: 'db2-via-nowhere',
        address: db(2).address,
        auth: 'key',
        keyPath: inventory.sshKey,
        proxyJump: `root@${labAddress(199)}:22`,
      });
      const err = await hostname('db2-via-nowhere').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SSH_REFUSED' });
      expect((err as Error).message).toMatch(
        new RegExp(
          `Cannot reach db2-via-nowhere: its jump host ${labAddress(199).replaceAll('.', '\\.')} failed`,
        ),
      );
    });

    it('clearing proxyJump connects directly again', async () => {
      // (HostService directly: through the router, HostPatch currently re-applies HostInput's
      // defaults — zod 4 keeps .default() under .partial() — and would reset auth to agent.)
      const host = await s.core.hosts.update('db2-via-db1', { proxyJump: '' });
      expect(host.proxyJump).toBeUndefined();
      expect(await hostname('db2-via-db1')).toBe('db2');
    });
  });
});
