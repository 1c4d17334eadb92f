import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, hostKeyAlgorithmsFor, keyTypeOf, tryKeyTypeOf } from './fingerprint';

let dir: string;
const keys: Record<string, { blob: Buffer; expected: string }> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-fp-'));
  for (const [type, bits] of [
    ['ed25519', []],
    ['ecdsa', ['-b', '256']],
    ['rsa', ['-b', '2048']],
  ] as const) {
    const file = join(dir, type);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-f', file]);
    const pub = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], {
      encoding: 'utf8',
    });
    keys[type] = {
      blob: Buffer.from(pub[1] as string, 'base64'),
      expected: printed.split(/\s+/)[1] as string,
    };
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprintOf', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('matches ssh-keygen -l for %s', (type) => {
    const key = keys[type]!;
    expect(fingerprintOf(key.blob)).toBe(key.expected);
    expect(fingerprintOf(key.blob.toString('base64'))).toBe(key.expected);
    expect(fingerprintOf(key.blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('keyTypeOf', () => {
  it('reads the type from the blob', () => {
    expect(keyTypeOf(keys.ed25519!.blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(keys.ecdsa!.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOf(keys.rsa!.blob)).toBe('ssh-rsa');
  });

  it('rejects garbage', () => {
    expect(() => keyTypeOf(Buffer.from([0, 0]))).toThrow(/Malformed/);
    expect(() => keyTypeOf(Buffer.from([0, 0, 1, 0, 1]))).toThrow(/Malformed/);
    expect(tryKeyTypeOf(Buffer.from('hello world'))).toBeUndefined();
  });

  it('offers SHA-2 signatures first for RSA', () => {
    expect(hostKeyAlgorithmsFor('ssh-rsa')).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithmsFor('ssh-ed25519')).toEqual(['ssh-ed25519']);
  });
});
