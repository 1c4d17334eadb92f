import { describe, expect, it } from 'vitest';
import type { Host } from '../../../contract';
import { acceptsList, bindCheck, bindCovers, bindList, fixedBind } from './bind-address';

const host = (name: string, restart?: string): Host => ({
  id: name,
  name,
  address: '10.0.0.5',
  port: 22,
  user: 'root',
  auth: 'agent',
  groups: [],
  tags: [],
  profile: { sudo: false, ...(restart ? { mysqlServiceRestart: restart } : {}) },
  notes: '',
  source: 'manual',
  createdAt: '',
  updatedAt: '',
});

describe('where a server listens (bind_address)', () => {
  it('an empty value, *, 0.0.0.0 or :: is every address', () => {
    for (const v of ['', '*', '0.0.0.0', '::', '127.0.0.1,0.0.0.0'])
      expect(bindCovers(v, ['10.0.0.5'])).toBe(true);
  });

  it('a loopback-only server does not cover the address the replica uses', () => {
    expect(bindCovers('127.0.0.1', ['10.0.0.5'])).toBe(false);
    expect(bindCovers('127.0.0.1, 10.0.0.5', ['10.0.0.5'])).toBe(true);
    expect(bindList(' 127.0.0.1 ,::1 ')).toEqual(['127.0.0.1', '::1']);
  });

  it('lists of addresses: MariaDB 10.11 and MySQL 8.0.13 on', () => {
    expect(acceptsList('mariadb', '10.11.19')).toBe(true);
    expect(acceptsList('mariadb', '10.6.21')).toBe(false);
    expect(acceptsList('mysql', '8.0.13')).toBe(true);
    expect(acceptsList('mysql', '8.0.12')).toBe(false);
    expect(acceptsList('percona', '8.4.2-2')).toBe(true);
    expect(acceptsList('mysql', '5.7.44')).toBe(false);
  });

  it('the fix keeps loopback and adds the address, where the server can take a list of its own addresses', () => {
    expect(fixedBind('127.0.0.1', '10.0.0.5', { local: true, list: true })).toBe(
      '127.0.0.1,10.0.0.5',
    );
    // Older servers take one address; an address that is not the master's own (NAT, a public
    // IP) cannot be bound: every IPv4 address then.
    expect(fixedBind('127.0.0.1', '10.0.0.5', { local: true, list: false })).toBe('0.0.0.0');
    expect(fixedBind('127.0.0.1', '203.0.113.9', { local: false, list: true })).toBe('0.0.0.0');
    expect(fixedBind('127.0.0.1', undefined, { local: false, list: true })).toBe('0.0.0.0');
  });

  it('the check: refused with the fix named, or — consented — what will change', () => {
    const finding = {
      value: '127.0.0.1',
      ips: ['10.0.0.5'],
      local: true,
      covered: false,
      fixed: '127.0.0.1,10.0.0.5',
    };
    const hosts = { master: host('db1', 'service mariadb restart'), replica: host('db2') };
    const endpoint = { address: '10.0.0.5', port: 3306 };
    const refused = bindCheck(finding, hosts, endpoint, { allowed: false, withBinlog: false });
    expect(refused).toMatchObject({ id: 'network', level: 'error', fix: 'fixBindAddress' });
    expect(refused.message).toBe(
      'db1 listens only on 127.0.0.1 (bind-address), so db2 cannot reach it at 10.0.0.5:3306.',
    );
    const consented = bindCheck(finding, hosts, endpoint, { allowed: true, withBinlog: true });
    expect(consented.level).toBe('warning');
    expect(consented.message).toMatch(
      /bind-address will be set to 127\.0\.0\.1,10\.0\.0\.5 .* restarted with `service mariadb restart`, in the same restart as the binary log\.$/,
    );
    const everywhere = bindCheck({ ...finding, local: false, fixed: '0.0.0.0' }, hosts, endpoint, {
      allowed: true,
      withBinlog: false,
    });
    expect(everywhere.message).toMatch(/every IPv4 address .*keep port 3306 closed/);
  });
});
