import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassphraseFileVault } from './passphrase-file-vault';

const SECRET = 'Known-Secret-Value-4711';

function grepDir(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hits.push(...grepDir(path, needle));
    else if (readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}

// scrypt at N=2^17 (128 MiB) takes about a second per unlock on a busy machine.
describe('passphrase-file vault', { timeout: 30_000 }, () => {
  it('round-trips a secret and never writes it in plaintext', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const vault = new PassphraseFileVault(join(dir, 'vault.json'));
    expect(await vault.unlock('correct horse battery')).toEqual({ created: true });
    const ref = await vault.put(SECRET, 'test');
    expect(ref).toMatch(/^vault:/);
    expect(await vault.get(ref)).toBe(SECRET);
    expect(grepDir(dir, SECRET)).toEqual([]);
    expect(grepDir(dir, Buffer.from(SECRET).toString('base64'))).toEqual([]);
    expect(statSync(join(dir, 'vault.json')).mode & 0o077).toBe(0);
  });

  it('refuses a wrong passphrase and opens with the right one after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const first = new PassphraseFileVault(join(dir, 'vault.json'));
    await first.unlock('correct horse battery');
    const ref = await first.put(SECRET, 'test');

    const second = new PassphraseFileVault(join(dir, 'vault.json'));
    await expect(second.unlock('wrong passphrase')).rejects.toMatchObject({
      code: 'VAULT_BAD_PASSPHRASE',
    });
    await expect(second.get(ref)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await second.unlock('correct horse battery')).toEqual({ created: false });
    expect(await second.get(ref)).toBe(SECRET);
  });

  it('binds each ciphertext to its reference (entries cannot be swapped)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const file = join(dir, 'vault.json');
    const vault = new PassphraseFileVault(file);
    await vault.unlock('correct horse battery');
    const a = await vault.put('secret-a', 'a');
    const b = await vault.put('secret-b', 'b');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    [data.entries[a], data.entries[b]] = [data.entries[b], data.entries[a]];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(data));
    await expect(vault.get(a)).rejects.toThrow();
  });

  it('deletes secrets and reports unknown references clearly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const vault = new PassphraseFileVault(join(dir, 'vault.json'));
    await vault.unlock('correct horse battery');
    const ref = await vault.put(SECRET, 'test');
    await vault.delete(ref);
    await expect(vault.get(ref)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
  });

  it('refuses to create a vault with a passphrase under 8 characters, whatever the door (issue 12 #4)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const vault = new PassphraseFileVault(join(dir, 'vault.json'));
    await expect(vault.unlock('short')).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: expect.stringContaining('at least 8 characters'),
    });
    expect(vault.status()).toEqual({ unlocked: false, initialized: false });
  });

  it('new vaults derive their key with scrypt N ≥ 2^17', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    await new PassphraseFileVault(join(dir, 'vault.json')).unlock('correct horse battery');
    const kdf = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')).kdf;
    expect(kdf.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(kdf).toMatchObject({ name: 'scrypt', r: 8, p: 1 });
  });

  it('an old N=2^15 vault keeps opening and is re-wrapped on unlock: same secrets, stronger key, new salt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const file = join(dir, 'vault.json');
    const old = new PassphraseFileVault(file, { kdf: { N: 2 ** 15, r: 8, p: 1 } });
    await old.unlock('correct horse battery');
    const ref = await old.put(SECRET, 'old');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    expect(before.kdf.N).toBe(2 ** 15);

    const vault = new PassphraseFileVault(file);
    expect(await vault.unlock('correct horse battery')).toEqual({ created: false, upgraded: true });
    expect(await vault.get(ref)).toBe(SECRET);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.kdf.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.entries[ref].ct).not.toBe(before.entries[ref].ct);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(grepDir(dir, SECRET)).toEqual([]);

    const reopened = new PassphraseFileVault(file);
    expect(await reopened.unlock('correct horse battery')).toEqual({ created: false });
    expect(await reopened.get(ref)).toBe(SECRET);
    await expect(new PassphraseFileVault(file).unlock('wrong passphrase')).rejects.toMatchObject({
      code: 'VAULT_BAD_PASSPHRASE',
    });
  });
});
