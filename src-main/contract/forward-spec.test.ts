import { describe, expect, it } from 'vitest';
import { TunnelSpec } from './tunnels';
import {
  assertListenAllowed,
  describeSpec,
  isLoopbackAddress,
  parseForwardSpec,
} from './forward-spec';

describe('parseForwardSpec', () => {
  it('reads -L with and without a bind address', () => {
    expect(parseForwardSpec('local', '13306:127.0.10.1:3306')).toEqual({
      kind: 'local',
      bindPort: 13306,
      targetHost: '127.0.10.1',
      targetPort: 3306,
    });
    expect(parseForwardSpec('local', '127.0.0.2:0:db.internal:5432')).toEqual({
      kind: 'local',
      bindAddress: '127.0.0.2',
      bindPort: 0,
      targetHost: 'db.internal',
      targetPort: 5432,
    });
  });

  it('reads IPv6 in brackets and * as every interface', () => {
    expect(parseForwardSpec('local', '[::1]:8080:[fd00::5]:80')).toMatchObject({
      bindAddress: '::1',
      targetHost: 'fd00::5',
    });
    expect(parseForwardSpec('remote', '*:9000:localhost:8080')).toMatchObject({
      kind: 'remote',
      bindAddress: '0.0.0.0',
      bindPort: 9000,
    });
  });

  it('reads -D with an optional bind address', () => {
    expect(parseForwardSpec('dynamic', '1080')).toEqual({ kind: 'dynamic', bindPort: 1080 });
    expect(parseForwardSpec('dynamic', '127.0.0.1:0')).toEqual({
      kind: 'dynamic',
      bindAddress: '127.0.0.1',
      bindPort: 0,
    });
  });

  it.each([
    ['local', '13306:127.0.0.1'],
    ['local', 'abc:host:22'],
    ['local', '70000:host:22'],
    ['local', '1:2:3:4:5'],
    ['local', '8080:host:0'],
    ['remote', '9000::8080'],
    ['dynamic', ''],
    ['dynamic', '1:2:3'],
    ['local', '[::1:8080:host:80'],
  ] as const)('refuses %s %j with a usage hint', (kind, text) => {
    expect(() => parseForwardSpec(kind, text)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS', hint: expect.stringContaining('-') }),
    );
  });

  it('gives the contract what it accepts (defaults filled in)', () => {
    expect(TunnelSpec.parse(parseForwardSpec('remote', '9000:localhost:8080'))).toEqual({
      kind: 'remote',
      bindAddress: '127.0.0.1',
      bindPort: 9000,
      targetHost: 'localhost',
      targetPort: 8080,
    });
  });
});

describe('listen addresses', () => {
  it('knows loopback', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.256', '128.0.0.1', 'example.com', ''])
      expect(isLoopbackAddress(a)).toBe(false);
  });

  it('refuses a LAN listen unless allowed, and says where', () => {
    const local = TunnelSpec.parse({ kind: 'dynamic', bindAddress: '0.0.0.0', bindPort: 1080 });
    expect(() => assertListenAllowed(local, false, 'db1')).toThrow(
      /0\.0\.0\.0:1080 on this machine/,
    );
    expect(() => assertListenAllowed(local, true, 'db1')).not.toThrow();
    const remote = TunnelSpec.parse({
      kind: 'remote',
      bindAddress: '0.0.0.0',
      bindPort: 9000,
      targetPort: 80,
    });
    expect(() => assertListenAllowed(remote, false, 'db1')).toThrow(/on db1/);
    const loop = TunnelSpec.parse({ kind: 'local', bindPort: 1, targetHost: 'x', targetPort: 2 });
    expect(() => assertListenAllowed(loop, false, 'db1')).not.toThrow();
  });
});

describe('describeSpec', () => {
  it('says where it listens, through which host, to where (bound port when known)', () => {
    const l = TunnelSpec.parse({ kind: 'local', bindPort: 0, targetHost: '::1', targetPort: 3306 });
    expect(describeSpec(l, 'db1', 40123)).toBe('127.0.0.1:40123 → db1 → [::1]:3306');
    const r = TunnelSpec.parse({ kind: 'remote', bindPort: 9000, targetPort: 8080 });
    expect(describeSpec(r, 'db1')).toBe('db1 127.0.0.1:9000 → here → 127.0.0.1:8080');
    const d = TunnelSpec.parse({ kind: 'dynamic', bindPort: 1080 });
    expect(describeSpec(d, 'db2')).toBe('SOCKS5 127.0.0.1:1080 → db2');
  });
});
