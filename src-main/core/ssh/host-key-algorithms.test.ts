import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOST_KEY_ORDER,
  hostKeyOrder,
  isNoCommonHostKeyType,
  offeredHostKeyAlgorithms,
} from './host-key-algorithms';

describe('offeredHostKeyAlgorithms (what a connection offers in the key exchange)', () => {
  it('offers only the recorded type when one is known (no downgrade to another type)', () => {
    expect(offeredHostKeyAlgorithms(['ssh-ed25519'])).toEqual(['ssh-ed25519']);
    expect(offeredHostKeyAlgorithms(['ecdsa-sha2-nistp256'])).toEqual(['ecdsa-sha2-nistp256']);
  });

  it('an RSA key is offered with its SHA-2 signature algorithms first', () => {
    expect(offeredHostKeyAlgorithms(['ssh-rsa'])).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
  });

  it('several recorded types: all of them, in recorded order, nothing else', () => {
    expect(offeredHostKeyAlgorithms(['ssh-rsa', 'ssh-ed25519', 'ssh-rsa'])).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
    ]);
  });

  it('a host with no recorded key gets every supported type', () => {
    expect(offeredHostKeyAlgorithms([])).toEqual(DEFAULT_HOST_KEY_ORDER);
  });

  it('never an empty list (ssh2 would read it as "defaults"): unusable recorded types fall back to all', () => {
    expect(offeredHostKeyAlgorithms(['sk-ssh-ed25519@openssh.com'])).toEqual(
      DEFAULT_HOST_KEY_ORDER,
    );
  });
});

describe('hostKeyOrder (keyscan: read whatever the server presents, known types first)', () => {
  it('puts known types first and keeps every other supported type', () => {
    const order = hostKeyOrder(['ssh-rsa']);
    expect(order.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect([...order].sort()).toEqual([...DEFAULT_HOST_KEY_ORDER].sort());
  });
});

describe('isNoCommonHostKeyType', () => {
  it("recognises ssh2's handshake failure and nothing else", () => {
    expect(isNoCommonHostKeyType(new Error('Handshake failed: no matching host key format'))).toBe(
      true,
    );
    expect(isNoCommonHostKeyType(new Error('Handshake failed: no matching cipher'))).toBe(false);
    expect(isNoCommonHostKeyType('no matching host key format')).toBe(false);
  });
});
