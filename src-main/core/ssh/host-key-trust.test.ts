import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { fingerprintOf } from './fingerprint';
import { HostKeyTrust } from './host-key-trust';
import { hashHostName } from './known-hosts-file';
import { answeringPrompts, hostKeyAnswers } from '../../../testing/ssh/prompt-answerer';

let dir: string;
let keyA: Buffer; // ed25519
let keyB: Buffer; // ed25519, a different key
let keyC: Buffer; // ecdsa
let keyR: Buffer; // rsa
const host = { name: 'db1', address: '10.9.0.1', port: 22 };

function makeKey(name: string, type: string): Buffer {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  return Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(/\s+/)[1] as string, 'base64');
}
const line = (hosts: string, key: Buffer, type = 'ssh-ed25519') =>
  `${hosts} ${type} ${key.toString('base64')}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-trust-'));
  keyA = makeKey('a', 'ed25519');
  keyB = makeKey('b', 'ed25519');
  keyC = makeKey('c', 'ecdsa');
  keyR = makeKey('r', 'rsa');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let repo: KnownHostsRepo;
let knownHosts: string;
let audits: Array<[string, string, string]>;
beforeEach(() => {
  repo = new KnownHostsRepo(openDatabase(':memory:'));
  knownHosts = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  writeFileSync(knownHosts, '');
  audits = [];
});

function trustWith(prompts: ReturnType<typeof answeringPrompts>['prompts']) {
  return new HostKeyTrust({
    repo,
    prompts,
    knownHostsFiles: [knownHosts],
    audit: (action, detail, target) => audits.push([action, detail, target]),
  });
}

describe('HostKeyTrust.verify', () => {
  it('asks about an unknown key and remembers it on accept-remember', async () => {
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    const trust = trustWith(prompts);
    const result = await trust.verify(host, keyA);
    expect(result).toEqual({
      trust: 'accepted-remembered',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintOf(keyA),
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      kind: 'host-key',
      host: 'db1',
      address: '10.9.0.1',
      port: 22,
      keyType: 'ssh-ed25519',
    });
    expect(asked[0]).not.toHaveProperty('previousFingerprint');
    expect(repo.forHost('10.9.0.1', 22)).toHaveLength(1);

    const again = await trust.verify(host, keyA);
    expect(again.trust).toBe('known');
    expect(asked).toHaveLength(1);
  });

  it('accept-once trusts this time only', async () => {
    const { prompts, asked } = hostKeyAnswers('accept-once');
    const trust = trustWith(prompts);
    expect((await trust.verify(host, keyA)).trust).toBe('accepted-once');
    expect(repo.forHost('10.9.0.1', 22)).toEqual([]);
    expect((await trust.verify(host, keyA)).trust).toBe('accepted-once');
    expect(asked).toHaveLength(2);
  });

  it('reject → HOST_KEY_REJECTED and nothing stored', async () => {
    const { prompts } = hostKeyAnswers('reject');
    await expect(trustWith(prompts).verify(host, keyA)).rejects.toMatchObject({
      code: 'HOST_KEY_REJECTED',
    });
    expect(repo.forHost('10.9.0.1', 22)).toEqual([]);
  });

  it('a different key of the same type in the store → HOST_KEY_CHANGED, never a prompt', async () => {
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    const err = await trust.verify(host, keyB).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_KEY_CHANGED' });
    const { message, hint } = err as { message: string; hint: string };
    expect(message).toMatch(/man-in-the-middle/);
    expect(message).toContain(fingerprintOf(keyA));
    expect(message).toContain(fingerprintOf(keyB));
    expect(hint).toMatch(/out of band/);
    expect(hint).toMatch(/Replace host key/);
    expect(asked).toHaveLength(0);
    expect(repo.forHost('10.9.0.1', 22)[0]?.publicKey).toBe(keyA.toString('base64'));
  });

  it('a different key recorded under the host NAME in known_hosts → HOST_KEY_CHANGED', async () => {
    writeFileSync(knownHosts, `${line(hashHostName('db1'), keyA)}\n`);
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    await expect(trustWith(prompts).verify(host, keyB)).rejects.toMatchObject({
      code: 'HOST_KEY_CHANGED',
    });
    expect(asked).toHaveLength(0);
  });

  it('knows keys from known_hosts by address (hashed, non-standard port) and by name', async () => {
    const { prompts, asked } = hostKeyAnswers('reject');
    writeFileSync(
      knownHosts,
      [line(hashHostName('10.9.0.1', 2222), keyA), line('db1', keyB)].join('\n'),
    );
    const trust = trustWith(prompts);
    expect((await trust.verify({ ...host, port: 2222 }, keyA)).trust).toBe('known');
    expect((await trust.verify(host, keyB)).trust).toBe('known');
    expect(asked).toHaveLength(0);
  });

  it('a key of another type while an ed25519 key is stored → HOST_KEY_CHANGED, not an unknown-host prompt (type downgrade)', async () => {
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    const err = await trust.verify(host, keyR).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_KEY_CHANGED' });
    const { message, hint } = err as { message: string; hint: string };
    expect(message).toMatch(/man-in-the-middle/);
    expect(message).toContain(`ssh-rsa host key (${fingerprintOf(keyR)})`);
    expect(message).toContain(`ssh-ed25519 ${fingerprintOf(keyA)}`);
    expect(hint).toMatch(/Replace host key/);
    expect(asked).toHaveLength(0);
    expect(repo.forHost('10.9.0.1', 22).map((k) => k.keyType)).toEqual(['ssh-ed25519']);
    await expect(trust.verify(host, keyC)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
  });

  it('a key of another type while known_hosts records the host by ed25519 → HOST_KEY_CHANGED', async () => {
    writeFileSync(knownHosts, `${line('db1', keyA)}\n`);
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    await expect(trustWith(prompts).verify(host, keyR)).rejects.toMatchObject({
      code: 'HOST_KEY_CHANGED',
      message: expect.stringContaining(knownHosts),
    });
    expect(asked).toHaveLength(0);
    expect(repo.forHost('10.9.0.1', 22)).toEqual([]);
  });

  it('reads the system-wide file too (/etc/ssh/ssh_known_hosts): known there = known; another type = CHANGED naming file:line', async () => {
    const global = join(dir, `ssh_known_hosts_${Math.random().toString(36).slice(2)}`);
    writeFileSync(global, `# managed by config management\n${line('db1,10.9.0.1', keyA)}\n`);
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    const trust = new HostKeyTrust({ repo, prompts, knownHostsFiles: [knownHosts, global] });
    expect((await trust.verify(host, keyA)).trust).toBe('known');
    await expect(trust.verify(host, keyR)).rejects.toMatchObject({
      code: 'HOST_KEY_CHANGED',
      message: expect.stringContaining(`${global}:2`),
    });
    expect(asked).toHaveLength(0);
  });

  it('accepts every recorded type: a host known by ed25519 and RSA verifies with either', async () => {
    const { prompts, asked } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    writeFileSync(knownHosts, `${line('10.9.0.1', keyR, 'ssh-rsa')}\n`);
    expect((await trust.verify(host, keyA)).trust).toBe('known');
    expect((await trust.verify(host, keyR)).trust).toBe('known');
    expect(asked).toHaveLength(0);
  });

  it('a @revoked key is never accepted, even if recorded', async () => {
    writeFileSync(knownHosts, `@revoked * ssh-ed25519 ${keyA.toString('base64')}\n`);
    const { prompts, asked } = hostKeyAnswers('accept-remember');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    await expect(trust.verify(host, keyA)).rejects.toMatchObject({
      code: 'HOST_KEY_REJECTED',
      message: expect.stringMatching(/revoked/),
    });
    expect(asked).toHaveLength(0);
  });

  it('a cancelled prompt rejects with CANCELLED', async () => {
    const { prompts } = answeringPrompts(() => 'ignore');
    const controller = new AbortController();
    const pending = trustWith(prompts).verify(host, keyA, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('HostKeyTrust.replaceKey', () => {
  it('replaces the stored key, audits it, and then verifies as known', async () => {
    const { prompts, asked } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    await expect(trust.verify(host, keyB)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
    const replaced = trust.replaceKey(host, keyB);
    expect(replaced).toEqual({
      trust: 'known',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintOf(keyB),
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.[0]).toBe('ssh.host-key.replace');
    expect(audits[0]?.[1]).toContain(`${fingerprintOf(keyA)} → ${fingerprintOf(keyB)}`);
    expect(audits[0]?.[2]).toBe('db1');
    expect((await trust.verify(host, keyB)).trust).toBe('known');
    await expect(trust.verify(host, keyA)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
    expect(asked).toHaveLength(0);
  });

  it('replaces a key of another type: the confirmed key becomes the host key, the old type is dropped', async () => {
    const { prompts } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    await expect(trust.verify(host, keyR)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
    trust.replaceKey(host, keyR);
    expect(repo.forHost('10.9.0.1', 22).map((k) => k.keyType)).toEqual(['ssh-rsa']);
    expect(audits[0]?.[1]).toContain(
      `ssh-ed25519 ${fingerprintOf(keyA)} → ssh-rsa ${fingerprintOf(keyR)}`,
    );
    expect((await trust.verify(host, keyR)).trust).toBe('known');
    await expect(trust.verify(host, keyA)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
  });

  it('wins over a stale line in known_hosts', async () => {
    writeFileSync(knownHosts, `${line('db1', keyA)}\n`);
    const { prompts } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    await expect(trust.verify(host, keyB)).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
    trust.replaceKey(host, keyB);
    expect((await trust.verify(host, keyB)).trust).toBe('known');
  });
});

describe('HostKeyTrust.trustKeys', () => {
  it('accepts blobs and OpenSSH public-key lines, counts only changes', () => {
    const { prompts } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    const n = trust.trustKeys('127.0.10.1', 22, [
      keyA,
      `ecdsa-sha2-nistp256 ${keyC.toString('base64')} root@lab`,
    ]);
    expect(n).toBe(2);
    expect(trust.trustKeys('127.0.10.1', 22, [keyA])).toBe(0);
    expect(
      repo
        .forHost('127.0.10.1', 22)
        .map((k) => k.keyType)
        .sort(),
    ).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(audits).toHaveLength(0);
    expect(trust.trustKeys('127.0.10.1', 22, [keyB])).toBe(1);
    expect(audits[0]?.[0]).toBe('ssh.host-key.replace');
    expect(() => trust.trustKeys('127.0.10.1', 22, ['not a key'])).toThrow();
  });

  it('reports known key types for algorithm preference', async () => {
    const { prompts } = hostKeyAnswers('reject');
    const trust = trustWith(prompts);
    writeFileSync(knownHosts, `${line('db1', keyC, 'ecdsa-sha2-nistp256')}\n`);
    trust.trustKeys('10.9.0.1', 22, [keyA]);
    expect((await trust.knownKeyTypes(host)).sort()).toEqual([
      'ecdsa-sha2-nistp256',
      'ssh-ed25519',
    ]);
  });
});
