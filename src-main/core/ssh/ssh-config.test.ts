import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSshConfig, readSshConfig } from './ssh-config';

const env = { homeDir: '/home/ana', localUser: 'ana' };

describe('parseSshConfig', () => {
  it('reads Host blocks, skipping wildcard-only patterns but applying Host * defaults', () => {
    const hosts = parseSshConfig(
      `
# production
Host db1 db1-alias
    HostName 10.0.0.7
    User root
    Port 2222
    IdentityFile ~/.ssh/prod_ed25519

Host web-*
    User deploy

Host bastion
  HostName=bastion.example.com

Host *
    User ana-default
    IdentityFile ~/.ssh/id_ed25519
    Port 22
`,
      env,
    );
    expect(hosts).toEqual([
      {
        name: 'db1',
        hostName: '10.0.0.7',
        user: 'root',
        port: 2222,
        identityFile: '/home/ana/.ssh/prod_ed25519',
      },
      {
        name: 'db1-alias',
        hostName: '10.0.0.7',
        user: 'root',
        port: 2222,
        identityFile: '/home/ana/.ssh/prod_ed25519',
      },
      {
        name: 'bastion',
        hostName: 'bastion.example.com',
        user: 'ana-default',
        port: 22,
        identityFile: '/home/ana/.ssh/id_ed25519',
      },
    ]);
  });

  it('uses the first value obtained (a leading Host * wins, like OpenSSH)', () => {
    const [h] = parseSshConfig(
      'Host *\n  User first\nHost app\n  User second\n  HostName app.internal\n',
      env,
    );
    expect(h).toMatchObject({ name: 'app', user: 'first', hostName: 'app.internal' });
  });

  it('defaults HostName to the alias and leaves unset fields out', () => {
    expect(parseSshConfig('Host plain\n', env)).toEqual([{ name: 'plain', hostName: 'plain' }]);
  });

  it('applies wildcard blocks with negation to matching aliases', () => {
    const hosts = parseSshConfig(
      'Host web1 web2 admin\nHost web* !web2\n  User www\nHost *\n  ProxyJump bastion\nHost admin\n  ProxyJump none\n',
      env,
    );
    expect(hosts.find((h) => h.name === 'web1')).toMatchObject({
      user: 'www',
      proxyJump: 'bastion',
    });
    expect(hosts.find((h) => h.name === 'web2')).not.toHaveProperty('user');
    expect(hosts.find((h) => h.name === 'admin')).toMatchObject({ proxyJump: 'bastion' });
  });

  it('expands %d %h %u %r %% and ~ in IdentityFile', () => {
    const [h] = parseSshConfig(
      'Host db2\n  HostName db2.example.com\n  User admin\n  IdentityFile %d/keys/%u-%r@%h%%\n',
      env,
    );
    expect(h?.identityFile).toBe('/home/ana/keys/ana-admin@db2.example.com%');
    const [g] = parseSshConfig('Host g\n  IdentityFile "~/my keys/%r"\n', env);
    expect(g?.identityFile).toBe('/home/ana/my keys/ana');
  });

  it('expands %h in HostName and keeps ProxyJump chains', () => {
    const [h] = parseSshConfig(
      'Host box\n  HostName %h.corp.example\n  ProxyJump jump1,admin@jump2:2222\n',
      env,
    );
    expect(h).toMatchObject({ hostName: 'box.corp.example', proxyJump: 'jump1,admin@jump2:2222' });
  });

  it('is case-insensitive for keywords, ignores comments, Match blocks and bad ports', () => {
    const hosts = parseSshConfig(
      'HOST a\n  hostname A.example # trailing comment\n  PORT nope\nMatch host a\n  User matched\n',
      env,
    );
    expect(hosts).toEqual([{ name: 'a', hostName: 'A.example' }]);
  });
});

describe('Include', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'opsdeck-sshcfg-'));
    mkdirSync(join(home, '.ssh', 'config.d'), { recursive: true });
    writeFileSync(
      join(home, '.ssh', 'config.d', '10-lab'),
      'Host lab1\n  HostName 127.0.10.1\n  User root\n',
    );
    writeFileSync(join(home, '.ssh', 'config.d', '20-lab'), 'Host lab2\n  HostName 127.0.10.2\n');
    writeFileSync(join(home, '.ssh', 'config.d', 'ignored.bak'), 'Host nope\n');
    writeFileSync(join(home, '.ssh', 'extra'), 'Host extra\n  Port 2200\n');
    writeFileSync(join(home, '.ssh', 'loop'), 'Include loop\nHost looped\n');
    writeFileSync(
      join(home, '.ssh', 'config'),
      'Include config.d/*-lab\nInclude ~/.ssh/extra\nInclude missing-file\nInclude loop\nHost *\n  User fallback\n',
    );
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('follows includes relative to ~/.ssh, with globs, missing files and loops tolerated', () => {
    const hosts = readSshConfig(undefined, { homeDir: home, localUser: 'ana' });
    expect(hosts.map((h) => h.name)).toEqual(['lab1', 'lab2', 'extra', 'looped']);
    expect(hosts[0]).toMatchObject({ hostName: '127.0.10.1', user: 'root' });
    expect(hosts[1]).toMatchObject({ hostName: '127.0.10.2', user: 'fallback' });
    expect(hosts[2]).toMatchObject({ port: 2200, user: 'fallback' });
  });

  it('returns options after an Include to the enclosing block', () => {
    writeFileSync(join(home, '.ssh', 'inner'), 'Host inner\n  User innerUser\n');
    const [outer, inner] = parseSshConfig('Host outer\n  Include inner\n  User outerUser\n', {
      homeDir: home,
      localUser: 'ana',
    });
    expect(outer).toMatchObject({ name: 'outer', user: 'outerUser' });
    expect(inner).toMatchObject({ name: 'inner', user: 'innerUser' });
  });

  it('yields nothing for a missing config', () => {
    expect(readSshConfig(join(home, 'nope'))).toEqual([]);
  });
});
