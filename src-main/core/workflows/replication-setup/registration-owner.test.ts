import { describe, expect, it } from 'vitest';
import {
  appearsAs,
  isLoopback,
  normalizeAddress,
  processlistClient,
  registrationOwner,
  sameHost,
  type DumpThread,
  type Registration,
} from './registration-owner';

const reg = (serverId: number, host: string): Registration => ({ serverId, host, port: 3306 });
const dump = (id: number, client: string): DumpThread => ({ id, client });

describe('addresses as servers write them', () => {
  it('reads the client address of a PROCESSLIST Host', () => {
    expect(processlistClient('127.0.0.1:41356')).toBe('127.0.0.1');
    expect(processlistClient('::ffff:10.0.0.5:53211')).toBe('10.0.0.5');
    expect(processlistClient('[fe80::1]:3306')).toBe('fe80::1');
    expect(processlistClient('fe80::1:4000')).toBe('fe80::1');
    expect(processlistClient('DB1.Example.com:50000')).toBe('db1.example.com');
    expect(processlistClient('localhost')).toBe('localhost');
  });

  it('takes IPv4-mapped IPv6 as the IPv4 address, and brackets off', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('0:0:0:0:0:ffff:192.168.1.9')).toBe('192.168.1.9');
    expect(normalizeAddress('[::1]')).toBe('::1');
    expect(normalizeAddress(' 10.0.0.1 ')).toBe('10.0.0.1');
  });

  it('matches a short host name with its qualified name, never two different addresses', () => {
    expect(sameHost('db1', 'db1.example.com')).toBe(true);
    expect(sameHost('DB1.example.com', 'db1')).toBe(true);
    expect(sameHost('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(sameHost('db1', 'db10.example.com')).toBe(false);
    expect(sameHost('db1.a.com', 'db1.b.com')).toBe(false);
    expect(sameHost('127.0.0.1', '127.0.0.12')).toBe(false);
    expect(sameHost('10.0.0', '10.0.0.1')).toBe(false);
    expect(sameHost('', '')).toBe(false);
  });
});

describe('whose registration the master lists', () => {
  // The lab: every replica reaches its master from 127.0.0.1 (one network namespace).
  const lab = ['127.0.0.1', '127.0.24.1', 'db1'];

  it("MariaDB without report_host lists the dump thread's client address: the replica's own", () => {
    const r = reg(5, '10.1.2.3');
    expect(registrationOwner(r, [r], [dump(62, '10.1.2.3')], ['10.1.2.3', 'db1'])).toEqual({
      kind: 'own',
      by: '10.1.2.3',
    });
  });

  it('own only by a loopback address (the lab, a tunnel, the same machine): own, but shared', () => {
    const r = reg(1, '127.0.0.1');
    expect(registrationOwner(r, [r], [dump(62, '127.0.0.1')], lab)).toEqual({
      kind: 'own',
      by: '127.0.0.1',
      shared: true,
    });
  });

  it('own by an address other registrations are listed under too (NAT): shared', () => {
    const r = reg(5, '203.0.113.7');
    const all = [r, reg(6, '203.0.113.7')];
    expect(registrationOwner(r, all, [], ['203.0.113.7'])).toEqual({
      kind: 'own',
      by: '203.0.113.7',
      shared: true,
    });
    // MySQL (empty Host): two dump threads from the one address the replica appears as.
    const m = reg(5, '');
    expect(
      registrationOwner(m, [m, reg(6, '')], [dump(1, '203.0.113.7'), dump(2, '203.0.113.7')], [
        '203.0.113.7',
      ]),
    ).toMatchObject({ kind: 'own', shared: true });
  });

  it('the replica behind an SSH tunnel (127.0.0.1) seen from its real address: a registration from 127.0.0.1 is another host', () => {
    const seenAs = appearsAs('10.1.2.3', ['127.0.0.1', '10.1.2.3', 'db1', 'localhost']);
    expect(seenAs).toEqual(['10.1.2.3', 'db1']);
    const r = reg(5, '127.0.0.1');
    expect(registrationOwner(r, [r], [dump(9, '127.0.0.1')], seenAs)).toEqual({
      kind: 'other',
      address: '127.0.0.1',
    });
    // Seen from loopback itself (the lab: 127.0.0.1): loopback addresses stay.
    expect(appearsAs('127.0.0.1', ['127.0.24.1', 'db1'])).toEqual(['127.0.0.1', '127.0.24.1', 'db1']);
    // Nothing seen: loopback addresses are dropped.
    expect(appearsAs(undefined, ['127.0.24.1', 'db1'])).toEqual(['db1']);
    expect([isLoopback('::1'), isLoopback('::ffff:127.9.0.1'), isLoopback('10.127.0.1')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('an IPv4-mapped client address is the same host', () => {
    const r = reg(5, '::ffff:10.1.2.3');
    expect(registrationOwner(r, [r], [], ['10.1.2.3']).kind).toBe('own');
  });

  it('a report_host naming the replica (short or qualified) is its own', () => {
    const r = reg(5, 'db1.prod.example.com');
    expect(registrationOwner(r, [r], [dump(9, '10.9.9.9')], ['10.1.2.3', 'db1']).kind).toBe('own');
  });

  it('another address is another host, named', () => {
    const r = reg(1, '127.0.24.3');
    expect(registrationOwner(r, [r], [dump(70, '127.0.24.3')], lab)).toEqual({
      kind: 'other',
      address: '127.0.24.3',
    });
  });

  it('another report_host is another host, even from the same address (NAT)', () => {
    const r = reg(1, 'db7');
    expect(registrationOwner(r, [r], [dump(70, '127.0.0.1')], lab)).toEqual({
      kind: 'other',
      address: 'db7',
    });
  });

  describe('MySQL without report_host (empty Host): by the dump threads', () => {
    it("own when a thread comes from the replica and every other thread is another's", () => {
      const mine = reg(2, '');
      const all = [mine, reg(3, '')];
      expect(
        registrationOwner(mine, all, [dump(1, '10.0.0.2'), dump(2, '10.0.0.3')], ['10.0.0.2']).kind,
      ).toBe('own');
    });

    it('another host when no thread comes from the replica', () => {
      const mine = reg(2, '');
      expect(registrationOwner(mine, [mine], [dump(1, '10.0.0.9')], ['10.0.0.2'])).toEqual({
        kind: 'other',
        address: '10.0.0.9',
      });
    });

    it('another host when a thread from elsewhere is nobody else’s', () => {
      const mine = reg(2, '');
      expect(
        registrationOwner(mine, [mine], [dump(1, '10.0.0.2'), dump(2, '10.0.0.9')], ['10.0.0.2']),
      ).toEqual({ kind: 'other', address: '10.0.0.9' });
    });

    it('unknown when the master shows no dump thread for it', () => {
      const mine = reg(2, '');
      expect(registrationOwner(mine, [mine], [], ['10.0.0.2'])).toEqual({
        kind: 'other',
        address: 'an address the master does not show',
      });
    });
  });
});
