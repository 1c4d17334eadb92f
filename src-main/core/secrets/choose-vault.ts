import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassphraseFileVault, VAULT_KDF } from './passphrase-file-vault';
import { SafeStorageVault, type SafeStorageLike } from './safe-storage-vault';
import type { Vault } from './vault';

export interface ChosenVault {
  vault: Vault;
  /** Why the vault is not the one expected (shown in Settings with vault.status). */
  notice?: string;
}

/**
 * The Electron door offers the OS keychain (safeStorage); web mode and the CLI use the passphrase
 * vault. On Linux without a keyring (no GNOME Keyring / KWallet), Electron's safeStorage falls
 * back to `basic_text`: "encrypted" with a key hard-coded in Chromium — no protection at all. Then
 * the passphrase vault is used instead, and the user is told why (issue 12 #4).
 */
/**
 * scrypt cost of new vaults. Inside vitest workers only (VITEST is set by vitest, never by the app,
 * the CLI or web mode), a cheaper N=2^14 keeps the hundreds of throwaway test vaults from costing
 * minutes of CPU and timeouts on shared machines; the vault's own tests check the real cost.
 */
const vaultKdf = () => (process.env.VITEST ? { ...VAULT_KDF, N: 1 << 14 } : VAULT_KDF);

export function chooseVault(options: {
  dataDir: string;
  safeStorage?: SafeStorageLike;
}): ChosenVault {
  const safeFile = join(options.dataDir, 'secrets.safe.json');
  const passphraseVault = () =>
    new PassphraseFileVault(join(options.dataDir, 'vault.json'), { kdf: vaultKdf() });
  const storage = options.safeStorage;
  if (!storage) return { vault: passphraseVault() };
  if (storage.getSelectedStorageBackend?.() !== 'basic_text')
    return { vault: new SafeStorageVault(safeFile, storage) };
  return {
    vault: passphraseVault(),
    notice:
      'This Linux desktop has no keyring for Electron (safeStorage backend basic_text, which ' +
      'encrypts with a fixed key), so Opsdeck keeps secrets in its passphrase vault instead: unlock ' +
      'it with your passphrase. To use the system keyring, run GNOME Keyring or KWallet (or start ' +
      'Opsdeck with --password-store=gnome-libsecret).' +
      (existsSync(safeFile)
        ? ' Secrets saved earlier under basic_text are not used and must be entered again.'
        : ''),
  };
}
