import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashHostName,
  hostMatches,
  isRevoked,
  lookup,
  lookupName,
  matchPattern,
  parseKnownHosts,
  readKnownHostsFiles,
} from './known-hosts-file';

let dir: string;
/** `type base64` of three real keys. */
let ed: [string, string];
let ec: [string, string];
let other: [string, string];

function makeKey(name: string, type: string): [string, string] {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [t, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/) as [string, string];
  return [t, b64];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-kh-'));
  ed = makeKey('ed', 'ed25519');
  ec = makeKey('ec', 'ecdsa');
  other = makeKey('other', 'ed25519');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseKnownHosts', () => {
  it('skips comments, blank lines, unknown markers and malformed lines', () => {
    const text = [
      '# a comment',
      '',
      `   `,
      `@bogus host ${ed.join(' ')}`,
      'host-without-key ssh-ed25519',
      `web1 ${ed.join(' ')} root@web1`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      line: 6,
      keyType: 'ssh-ed25519',
      publicKey: ed[1],
      comment: 'root@web1',
    });
  });

  it('reads markers', () => {
    const entries = parseKnownHosts(
      [`@revoked * ${ed.join(' ')}`, `@cert-authority *.example.com ${ec.join(' ')}`].join('\n'),
    );
    expect(entries.map((e) => e.marker)).toEqual(['revoked', 'cert-authority']);
  });

  it('takes the key type from the blob', () => {
    const [entry] = parseKnownHosts(`web1 ssh-rsa ${ed[1]}`);
    expect(entry?.keyType).toBe('ssh-ed25519');
  });
});

describe('lookup with plain patterns', () => {
  const text = () =>
    [
      `web1,10.0.0.5 ${ed.join(' ')}`,
      `[web1]:2222 ${ec.join(' ')}`,
      `*.db.example.com,!bad.db.example.com ${other.join(' ')}`,
      `app?? ${ec.join(' ')}`,
      `[*.lab]:2200 ${ed.join(' ')}`,
      `@cert-authority * ${other.join(' ')}`,
    ].join('\n');

  it('matches comma lists case-insensitively', () => {
    const entries = parseKnownHosts(text());
    expect(lookup(entries, 'web1', 22)).toEqual([{ keyType: 'ssh-ed25519', publicKey: ed[1] }]);
    expect(lookup(entries, 'WEB1', 22)).toHaveLength(1);
    expect(lookup(entries, '10.0.0.5', 22)).toHaveLength(1);
    expect(lookup(entries, 'web2', 22)).toEqual([]);
  });

  it('uses [host]:port for non-standard ports only', () => {
    const entries = parseKnownHosts(text());
    expect(lookup(entries, 'web1', 2222)).toEqual([
      { keyType: 'ecdsa-sha2-nistp256', publicKey: ec[1] },
    ]);
    expect(lookup(entries, '10.0.0.5', 2222)).toEqual([]);
    expect(lookupName('Web1', 22)).toBe('web1');
    expect(lookupName('web1', 2222)).toBe('[web1]:2222');
  });

  it('supports * and ? wildcards and ! negation', () => {
    const entries = parseKnownHosts(text());
    expect(lookup(entries, 'm1.db.example.com', 22)).toEqual([
      { keyType: 'ssh-ed25519', publicKey: other[1] },
    ]);
    expect(lookup(entries, 'bad.db.example.com', 22)).toEqual([]);
    expect(lookup(entries, 'app01', 22)).toHaveLength(1);
    expect(lookup(entries, 'app1', 22)).toEqual([]);
    expect(lookup(entries, 'x.lab', 2200)).toEqual([{ keyType: 'ssh-ed25519', publicKey: ed[1] }]);
    expect(lookup(entries, 'x.lab', 22)).toEqual([]);
  });

  it('never returns @cert-authority keys as host keys', () => {
    const entries = parseKnownHosts(text());
    expect(lookup(entries, 'anything', 22)).toEqual([]);
  });

  it('matchPattern treats regex characters literally', () => {
    expect(matchPattern('a.b', 'a.b')).toBe(true);
    expect(matchPattern('axb', 'a.b')).toBe(false);
    expect(matchPattern('[h]:22', '[h]:22')).toBe(true);
  });
});

describe('hashed entries', () => {
  it('matches lines hashed by ssh-keygen -H (port 22 and [host]:port)', () => {
    const file = join(dir, 'known_hosts_hashed');
    writeFileSync(
      file,
      [
        `db1.example.com ${ed.join(' ')}`,
        `[db1.example.com]:2222 ${ec.join(' ')}`,
        `10.1.2.3 ${other.join(' ')}`,
        '',
      ].join('\n'),
    );
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('db1.example.com');
    expect(text).toMatch(/^\|1\|/m);
    const entries = parseKnownHosts(text);
    expect(entries.every((e) => e.hosts.kind === 'hashed')).toBe(true);
    expect(lookup(entries, 'db1.example.com', 22)).toEqual([
      { keyType: 'ssh-ed25519', publicKey: ed[1] },
    ]);
    expect(lookup(entries, 'DB1.example.com', 2222)).toEqual([
      { keyType: 'ecdsa-sha2-nistp256', publicKey: ec[1] },
    ]);
    expect(lookup(entries, '10.1.2.3', 22)).toEqual([
      { keyType: 'ssh-ed25519', publicKey: other[1] },
    ]);
    expect(lookup(entries, 'db2.example.com', 22)).toEqual([]);
    expect(lookup(entries, '10.1.2.3', 2222)).toEqual([]);
  });

  it('produces hashes that ssh-keygen -F finds', () => {
    const salt = Buffer.alloc(20, 7);
    const hashed = hashHostName('web9.example.com', 2200, salt);
    expect(hashed.startsWith(`|1|${salt.toString('base64')}|`)).toBe(true);
    const file = join(dir, 'known_hosts_ours');
    writeFileSync(file, `${hashed} ${ed.join(' ')}\n`);
    const found = execFileSync('ssh-keygen', ['-F', '[web9.example.com]:2200', '-f', file], {
      encoding: 'utf8',
    });
    expect(found).toContain(ed[1]);
    const [entry] = parseKnownHosts(`${hashed} ${ed.join(' ')}`);
    expect(entry && hostMatches(entry.hosts, 'web9.example.com', 2200)).toBe(true);
    expect(entry && hostMatches(entry.hosts, 'web9.example.com', 22)).toBe(false);
  });

  it('ignores malformed hashes', () => {
    expect(parseKnownHosts(`|1|abc ${ed.join(' ')}`)).toEqual([]);
    expect(parseKnownHosts(`|2|AAAA|BBBB ${ed.join(' ')}`)).toEqual([]);
  });
});

describe('isRevoked', () => {
  it('flags @revoked keys for matching hosts, and lookup never returns them', () => {
    const entries = parseKnownHosts(
      [
        `@revoked *.example.com ${ed.join(' ')}`,
        `web1.example.com ${ed.join(' ')}`,
        `web1.example.com ${ec.join(' ')}`,
      ].join('\n'),
    );
    expect(isRevoked(entries, 'web1.example.com', 22, ed[1])).toBe(true);
    expect(isRevoked(entries, 'web1.example.com', 22, Buffer.from(ed[1], 'base64'))).toBe(true);
    expect(isRevoked(entries, 'web1.example.com', 22, ec[1])).toBe(false);
    expect(isRevoked(entries, 'other.org', 22, ed[1])).toBe(false);
    // The plain line is still listed by lookup; callers check isRevoked first (HostKeyTrust does).
    expect(lookup(entries, 'web1.example.com', 22).map((k) => k.keyType)).toContain(
      'ecdsa-sha2-nistp256',
    );
  });
});

describe('readKnownHostsFiles', () => {
  it('reads several files and treats missing ones as empty', async () => {
    const a = join(dir, 'a');
    writeFileSync(a, `web1 ${ed.join(' ')}\n`);
    const entries = await readKnownHostsFiles([a, join(dir, 'missing')]);
    expect(entries).toHaveLength(1);
  });
});
