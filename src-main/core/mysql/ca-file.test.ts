import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCaFile } from './ca-file';

const SAMPLE = resolve(import.meta.dirname, '../../../testing/samples/tls/test-ca.pem');
const dir = mkdtempSync(join(tmpdir(), 'opsdeck-ca-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('the CA file of a verified-TLS MySQL login', () => {
  it('a PEM file with certificates is accepted and counted (a bundle holds several)', () => {
    const pem = readFileSync(SAMPLE, 'utf8');
    expect(checkCaFile(SAMPLE, 'db1')).toBe(1);
    expect(checkCaFile(file('bundle.pem', `# my bundle\n${pem}\n${pem}`), 'db1')).toBe(2);
  });

  it('a file that does not exist, a folder or a relative path: named, with what to give instead', () => {
    expect(() => checkCaFile(join(dir, 'nope.pem'), 'db1')).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMS',
        message: `The CA file ${join(dir, 'nope.pem')} does not exist.`,
        hint: expect.stringContaining("db1's MySQL login the path of a PEM file"),
      }),
    );
    expect(() => checkCaFile(dir, 'db1')).toThrow(
      expect.objectContaining({ message: `The CA file ${dir} is not a file.` }),
    );
    expect(() => checkCaFile('ca.pem', 'db1')).toThrow(
      expect.objectContaining({ message: 'The CA file ca.pem is not an absolute path.' }),
    );
  });

  it('not PEM (a key, DER bytes, text) or a damaged certificate is refused', () => {
    const der = file('ca.der', Buffer.from([0x30, 0x82, 0x01, 0x8b, 0x30, 0x82]));
    expect(() => checkCaFile(der, 'db1')).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMS',
        message: expect.stringContaining('holds no PEM certificate'),
        hint: expect.stringContaining('openssl x509 -inform der'),
      }),
    );
    const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n');
    expect(() => checkCaFile(key, 'db1')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('holds no PEM certificate') }),
    );
    const broken = file(
      'broken.pem',
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
    );
    expect(() => checkCaFile(broken, 'db1')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^Certificate 1 of 1 in the CA file .* is damaged/),
      }),
    );
  });
});
