import type { SafeStorageLike } from '../../server/attach';
import type { FromCore } from './messages';

/**
 * Electron's safeStorage exists only in the main process: the core process asks main to encrypt
 * and decrypt (base64 over the port). Availability (and, on Linux, the keyring backend) is known
 * at start.
 */
export function remoteSafeStorage(
  post: (message: FromCore) => void,
  encryptionAvailable: boolean,
  /** Linux: the keyring backend main's safeStorage uses (`basic_text` means none). */
  storageBackend?: string,
) {
  const pending = new Map<number, { resolve(data: string): void; reject(err: Error): void }>();
  let nextId = 0;
  const ask = (op: 'encrypt' | 'decrypt', data: string) =>
    new Promise<string>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      post({ type: 'safe-storage', id, op, data });
    });
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => encryptionAvailable,
    encryptString: async (text) => Buffer.from(await ask('encrypt', text), 'base64'),
    decryptString: (encrypted) => ask('decrypt', encrypted.toString('base64')),
    ...(storageBackend ? { getSelectedStorageBackend: () => storageBackend } : {}),
  };
  return {
    storage,
    settle(id: number, data?: string, error?: string) {
      const p = pending.get(id);
      pending.delete(id);
      if (!p) return;
      if (error !== undefined || data === undefined) p.reject(new Error(error ?? 'no data'));
      else p.resolve(data);
    },
  };
}
