import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseVault } from './choose-vault';
import type { SafeStorageLike } from './safe-storage-vault';

const storage = (backend?: string): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
  ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
});
const dir = () => mkdtempSync(join(tmpdir(), 'opsdeck-choose-vault-'));

describe('which vault holds the secrets', () => {
  it('the OS keychain (safeStorage) when it has a real backend', () => {
    for (const backend of [undefined, 'gnome_libsecret', 'kwallet5']) {
      const chosen = chooseVault({ dataDir: dir(), safeStorage: storage(backend) });
      expect(chosen.vault.adapter).toBe('safe-storage');
      expect(chosen.notice).toBeUndefined();
    }
  });

  it("Linux without a keyring (safeStorage 'basic_text', a fixed key): the passphrase vault, with a notice (issue 12 #4)", () => {
    const chosen = chooseVault({ dataDir: dir(), safeStorage: storage('basic_text') });
    expect(chosen.vault.adapter).toBe('passphrase-file');
    expect(chosen.notice).toMatch(/no keyring.*basic_text.*passphrase vault/s);
    expect(chosen.notice).not.toMatch(/entered again/);
  });

  it('says when secrets kept under basic_text before must be entered again', () => {
    const data = dir();
    writeFileSync(join(data, 'secrets.safe.json'), '{}');
    expect(chooseVault({ dataDir: data, safeStorage: storage('basic_text') }).notice).toMatch(
      /entered again/,
    );
  });

  it('web mode and the CLI: the passphrase vault', () => {
    expect(chooseVault({ dataDir: dir() }).vault.adapter).toBe('passphrase-file');
  });
});
