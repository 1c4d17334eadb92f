import { describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { OpsdeckError } from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { assertJumpChain, jumpHostFor, parseJumpChain, throughJump } from './jump';

const host = (name: string, extra: Partial<Host> = {}): Host =>
  testHost(name, {
    id: `id-${name}`,
    address: `${name}.example`,
    auth: 'key',
    keyPath: '/k',
    ...extra,
  });

describe('parseJumpChain', () => {
  it('parses names, users, ports, IPv6 and ssh:// hops', () => {
    expect(parseJumpChain('bastion, admin@jump2:2222,[fd00::1]:2200,ssh://u@h')).toEqual([
      { host: 'bastion' },
      { user: 'admin', host: 'jump2', port: 2222 },
      { host: 'fd00::1', port: 2200 },
      { user: 'u', host: 'h' },
    ]);
  });

  it('rejects bad ports with a hint', () => {
    expect(() => parseJumpChain('h:70000')).toThrow(/invalid port/);
  });
});

describe('jumpHostFor', () => {
  const inventory = new Map([
    ['db1', host('db1', { address: '127.0.10.1' })],
    ['bastion', host('bastion', { user: 'ops', auth: 'agent', keyPath: undefined })],
  ]);
  const resolve = (n: string) => inventory.get(n);

  it('uses the inventory host named in the chain, with its own settings', () => {
    const jump = jumpHostFor(host('db2', { proxyJump: 'db1' }), resolve);
    expect(jump).toMatchObject({ id: 'id-db1', name: 'db1', address: '127.0.10.1', user: 'root' });
    expect(jump?.proxyJump).toBeUndefined();
  });

  it('walks a chain: the last hop is reached through the rest', () => {
    const target = host('db2', { proxyJump: 'bastion,db1' });
    const last = jumpHostFor(target, resolve);
    expect(last).toMatchObject({ name: 'db1', proxyJump: 'bastion' });
    expect(last?.id).not.toBe('id-db1'); // pooled separately from the direct db1 connection
    expect(jumpHostFor(last as Host, resolve)).toMatchObject({ name: 'bastion', user: 'ops' });
  });

  it('reaches unknown hops with the target’s user and authentication', () => {
    const jump = jumpHostFor(host('db2', { proxyJump: 'admin@10.0.0.5:2222' }), resolve);
    expect(jump).toMatchObject({
      name: '10.0.0.5',
      address: '10.0.0.5',
      port: 2222,
      user: 'admin',
      auth: 'key',
      keyPath: '/k',
    });
    expect(jump?.proxyJump).toBeUndefined();
  });

  it("never sends a target's password to a hop that is not in the inventory (agent or key instead)", () => {
    const viaPassword = host('db2', {
      proxyJump: 'admin@10.0.0.5',
      auth: 'password',
      secretRef: 'vault:db2-password',
      keyPath: undefined,
    });
    const jump = jumpHostFor(viaPassword, resolve);
    expect(jump).toMatchObject({ address: '10.0.0.5', user: 'admin', auth: 'agent' });
    expect(jump).not.toHaveProperty('secretRef');
    const withKey = jumpHostFor({ ...viaPassword, keyPath: '/k' }, resolve);
    expect(withKey).toMatchObject({ auth: 'key', keyPath: '/k' });
    expect(withKey).not.toHaveProperty('secretRef');
    const failed = throughJump(
      new OpsdeckError('SSH_AUTH_FAILED', 'Authentication as admin failed.', 'Check the key.'),
      viaPassword,
      jump as Host,
    );
    expect(failed).toMatchObject({
      hint: expect.stringContaining("never with db2's password): add it as a host"),
    });
    // An inventory hop keeps its own password login.
    const inv = new Map([['b', host('b', { auth: 'password', secretRef: 'vault:b' })]]);
    expect(jumpHostFor({ ...viaPassword, proxyJump: 'b' }, (n) => inv.get(n))).toMatchObject({
      auth: 'password',
      secretRef: 'vault:b',
    });
  });

  it('no ProxyJump → no jump host', () => {
    expect(jumpHostFor(host('db2'), resolve)).toBeUndefined();
  });

  it('refuses loops', () => {
    const loop = new Map([
      ['a', host('a', { proxyJump: 'b' })],
      ['b', host('b', { proxyJump: 'a' })],
    ]);
    expect(() => assertJumpChain(host('c', { proxyJump: 'a' }), (n) => loop.get(n))).toThrow(
      /loops/,
    );
    expect(() => assertJumpChain(host('db2', { proxyJump: 'bastion,db1' }), resolve)).not.toThrow();
  });
});
