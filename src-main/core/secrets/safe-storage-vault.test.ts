import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeStorageVault, type SafeStorageLike } from './safe-storage-vault';

/** Stand-in for Electron's safeStorage: reversible, but visibly not plaintext. */
const fakeSafeStorage = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});

describe('safeStorage vault', () => {
  it('stores only what safeStorage encrypted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safe-'));
    const vault = new SafeStorageVault(join(dir, 'secrets.safe.json'), fakeSafeStorage());
    const ref = await vault.put('Known-Secret-Value-4711', 'test');
    expect(readFileSync(join(dir, 'secrets.safe.json'), 'utf8')).not.toContain(
      'Known-Secret-Value-4711',
    );
    expect(await vault.get(ref)).toBe('Known-Secret-Value-4711');
  });

  it('explains what to do when the OS keychain is unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safe-'));
    const vault = new SafeStorageVault(join(dir, 'secrets.safe.json'), fakeSafeStorage(false));
    await expect(vault.put('x', 'y')).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
      hint: expect.stringContaining('keyring'),
    });
  });
});
