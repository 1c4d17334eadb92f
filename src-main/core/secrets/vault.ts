/**
 * Where secrets live. The store keeps only the reference (`vault:<uuid>`) a vault returns.
 * Adapters: `safe-storage` (Electron's OS keychain-backed encryption, injected by the Electron
 * door) and `passphrase-file` (scrypt + AES-256-GCM, for web mode and the CLI).
 */
export interface Vault {
  readonly adapter: 'safe-storage' | 'passphrase-file';
  status(): { unlocked: boolean; initialized: boolean };
  /** Only meaningful for passphrase-file; safe-storage is always unlocked. */
  unlock(passphrase: string): Promise<{ created: boolean }>;
  lock(): void;
  put(value: string, label: string): Promise<string>;
  get(ref: string): Promise<string>;
  delete(ref: string): Promise<void>;
  /** Whether an entry is stored under `ref` (no unlock needed: references are not secret). */
  has(ref: string): boolean;
}

export const isVaultRef = (value: string): boolean => /^vault:[0-9a-f-]{36}$/.test(value);
