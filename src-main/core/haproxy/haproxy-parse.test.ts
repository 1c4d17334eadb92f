import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxyConfig, sectionsServing, splitAddress } from './config-parse';
import { adminSocketOf, parseDetect, resolveSettings } from './settings';
import { isUp, parseShowStat, serverRow, splitCsv } from './stats-parse';
import type { Host } from '../../contract';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../testing/samples/haproxy', name), 'utf8');

describe('HAProxy config parsing', () => {
  const sections = parseHaproxyConfig(fixture('lab-haproxy.cfg'));

  it('finds frontends with their binds and default backend, backends with check and servers', () => {
    const writerFe = sections.find((s) => s.name === 'mysql_writer');
    expect(writerFe).toMatchObject({
      kind: 'frontend',
      binds: ['10.0.0.254:3306'],
      defaultBackend: 'writer',
    });
    const writer = sections.find((s) => s.kind === 'backend' && s.name === 'writer');
    expect(writer?.checks).toEqual(['option mysql-check user haproxy_check post-41']);
    expect(writer?.servers).toEqual([
      expect.objectContaining({
        name: 'db1',
        address: '10.0.0.1',
        port: 3306,
        check: true,
        backup: false,
      }),
    ]);
    expect(sections.find((s) => s.name === 'stats')).toMatchObject({
      kind: 'listen',
      mode: 'http',
    });
  });

  it('tells which sections serve an address (the writer pool of a master)', () => {
    expect(sectionsServing(sections, '10.0.0.1', 3306).map((s) => s.name)).toEqual(['writer']);
    expect(sectionsServing(sections, '10.0.0.2', 3306).map((s) => s.name)).toEqual(['readers']);
  });

  it('ignores comments and reads backup / disabled flags', () => {
    const s = parseHaproxyConfig(
      'backend w # the writers\n  server a 10.0.0.1:3306 check # primary\n  server b 10.0.0.2:3306 check backup\n  # server c 10.0.0.3:3306\n  server d [2001:db8::4]:3306 disabled\n',
    );
    expect(s[0]?.servers.map((v) => [v.name, v.backup, v.disabled, v.port])).toEqual([
      ['a', false, false, 3306],
      ['b', true, false, 3306],
      ['d', false, true, 3306],
    ]);
    expect(s[0]?.name).toBe('w');
  });

  it('splits host:port, [v6]:port and bare names', () => {
    expect(splitAddress('db1.example.com')).toEqual({ address: 'db1.example.com', port: null });
    expect(splitAddress('[2001:db8::1]:3307')).toEqual({ address: '2001:db8::1', port: 3307 });
    expect(splitAddress('10.1.2.3:3306')).toEqual({ address: '10.1.2.3', port: 3306 });
  });
});

describe('show stat (CSV) parsing', () => {
  const rows = parseShowStat(fixture('show-stat-2.6.csv'));

  it('reads every frontend, backend and server row by column name', () => {
    expect(rows.map((r) => `${r.proxy}/${r.name}:${r.type}`)).toContain('writer/db1:server');
    const db1 = serverRow(rows, 'writer', 'db1');
    expect(db1).toMatchObject({
      status: 'UP',
      checkStatus: 'L7OK',
      address: '10.0.0.1:3306',
      active: true,
    });
    expect(db1?.sessions).toBe(0);
    expect(rows.find((r) => r.name === 'FRONTEND')?.type).toBe('frontend');
  });

  it('handles quoted cells and maps statuses to up / not up', () => {
    expect(splitCsv('a,"b,c","d""e",')).toEqual(['a', 'b,c', 'd"e', '']);
    expect(['UP', 'UP 1/2', 'no check'].map((status) => isUp({ status }))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['DOWN', 'DOWN 1/2', 'MAINT', 'DRAIN', 'MAINT (via writer/db1)'].some((status) =>
        isUp({ status }),
      ),
    ).toBe(false);
  });
});

describe('HAProxy settings', () => {
  const host = (profile: Host['profile']) => ({ name: 'lb1', profile }) as Host;

  it('take the profile first, then what was detected, then the config', () => {
    const cfg =
      'global\n  stats socket /var/run/hap.sock mode 660 level admin\n  stats socket ipv4@127.0.0.1:9999 level admin\n';
    expect(adminSocketOf(cfg)).toBe('/var/run/hap.sock');
    expect(adminSocketOf('global\n  stats socket /run/ro.sock level user\n')).toBeUndefined();
    const detected = parseDetect(
      'config=/etc/haproxy/prod.cfg\nservice=systemctl reload haproxy\nversion=HAProxy version 2.8.3\n',
    );
    expect(resolveSettings(host({ sudo: false }), detected, cfg)).toEqual({
      configPath: '/etc/haproxy/prod.cfg',
      statsSocket: '/var/run/hap.sock',
      reloadCommand: 'systemctl reload haproxy',
      source: { configPath: 'detected', statsSocket: 'detected', reloadCommand: 'detected' },
    });
    expect(
      resolveSettings(
        host({ sudo: false, haproxyServiceReload: 'haproxy-service reload' }),
        {},
        '',
      ),
    ).toMatchObject({
      configPath: '/etc/haproxy/haproxy.cfg',
      reloadCommand: 'haproxy-service reload',
      source: { configPath: 'default', statsSocket: 'none', reloadCommand: 'profile' },
    });
  });
});
