import { randomUUID } from 'node:crypto';
import { OpsdeckError } from '../../contract/errors';
import type { Vault } from './vault';
import { readJsonFile, writeJsonFileAtomic } from './secret-file';

/**
 * The part of Electron's `safeStorage` this adapter needs; injected by the Electron door. In the
 * core process (where safeStorage does not exist) it is a proxy to the main process: async.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer | Promise<Buffer>;
  decryptString(encrypted: Buffer): string | Promise<string>;
  /** Linux: which keyring Electron uses; `basic_text` means none (see choose-vault.ts). */
  getSelectedStorageBackend?(): string;
}

type SafeFile = Record<string, { label: string; data: string }>;

/** Secrets encrypted by the OS keychain (Keychain, DPAPI, libsecret) via Electron's safeStorage. */
export class SafeStorageVault implements Vault {
  readonly adapter = 'safe-storage' as const;

  constructor(
    private readonly file: string,
    private readonly safeStorage: SafeStorageLike,
  ) {}

  status() {
    return { unlocked: this.safeStorage.isEncryptionAvailable(), initialized: true };
  }

  async unlock(): Promise<{ created: boolean }> {
    this.requireAvailable();
    return { created: false };
  }

  lock(): void {
    // The OS keychain holds the key; there is nothing to forget.
  }

  async put(value: string, label: string): Promise<string> {
    this.requireAvailable();
    // Encrypt first (it may be a round trip to the main process), then read-modify-write at once.
    const data = (await this.safeStorage.encryptString(value)).toString('base64');
    const entries = readJsonFile<SafeFile>(this.file) ?? {};
    const ref = `vault:${randomUUID()}`;
    entries[ref] = { label, data };
    writeJsonFileAtomic(this.file, entries);
    return ref;
  }

  async get(ref: string): Promise<string> {
    this.requireAvailable();
    const entry = (readJsonFile<SafeFile>(this.file) ?? {})[ref];
    if (!entry) {
      throw new OpsdeckError(
        'SECRET_NOT_FOUND',
        `No secret ${ref} in the vault.`,
        'Enter the secret again in the host settings.',
      );
    }
    return await this.safeStorage.decryptString(Buffer.from(entry.data, 'base64'));
  }

  has(ref: string): boolean {
    return Boolean((readJsonFile<SafeFile>(this.file) ?? {})[ref]);
  }

  async delete(ref: string): Promise<void> {
    const entries = readJsonFile<SafeFile>(this.file) ?? {};
    if (!entries[ref]) return;
    delete entries[ref];
    writeJsonFileAtomic(this.file, entries);
  }

  private requireAvailable(): void {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new OpsdeckError(
        'VAULT_LOCKED',
        'The operating system keychain is not available to Opsdeck.',
        'On Linux, install and unlock a Secret Service keyring (gnome-keyring or KWallet), then restart Opsdeck.',
      );
    }
  }
}
