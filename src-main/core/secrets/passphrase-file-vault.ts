import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { OpsdeckError } from '../../contract';
import type { Vault } from './vault';
import { readJsonFile, writeJsonFileAtomic } from './secret-file';

interface Sealed {
  iv: string;
  tag: string;
  ct: string;
}
interface VaultFile {
  version: 1;
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number };
  /** A known plaintext sealed with the key: proves a passphrase right or wrong. */
  check: Sealed;
  entries: Record<string, { label: string } & Sealed>;
}

const CHECK_TEXT = 'opsdeck-vault-v1';
const KDF = { N: 1 << 15, r: 8, p: 1 };

function deriveKey(
  passphrase: string,
  salt: Buffer,
  kdf: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function seal(key: Buffer, plaintext: string, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

function open(key: Buffer, sealed: Sealed, aad: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.ct, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}

const locked = () =>
  new OpsdeckError(
    'VAULT_LOCKED',
    'The secret vault is locked.',
    'Unlock it in Settings, or set OPSDECK_VAULT_PASSPHRASE for the CLI.',
  );

/** Secrets encrypted with a key derived from the user's passphrase (scrypt + AES-256-GCM). */
export class PassphraseFileVault implements Vault {
  readonly adapter = 'passphrase-file' as const;
  private key: Buffer | undefined;

  constructor(private readonly file: string) {}

  status() {
    return {
      unlocked: this.key !== undefined,
      initialized: readJsonFile<VaultFile>(this.file) !== undefined,
    };
  }

  async unlock(passphrase: string): Promise<{ created: boolean }> {
    const existing = readJsonFile<VaultFile>(this.file);
    if (!existing) {
      const salt = randomBytes(16);
      const key = await deriveKey(passphrase, salt, KDF);
      writeJsonFileAtomic(this.file, {
        version: 1,
        kdf: { name: 'scrypt', salt: salt.toString('base64'), ...KDF },
        check: seal(key, CHECK_TEXT, 'check'),
        entries: {},
      } satisfies VaultFile);
      this.key = key;
      return { created: true };
    }
    const key = await deriveKey(passphrase, Buffer.from(existing.kdf.salt, 'base64'), existing.kdf);
    try {
      if (open(key, existing.check, 'check') !== CHECK_TEXT) throw new Error('mismatch');
    } catch {
      throw new OpsdeckError(
        'VAULT_BAD_PASSPHRASE',
        'That passphrase does not open the vault.',
        'Check the passphrase (it is case-sensitive). Opsdeck cannot recover a forgotten one.',
      );
    }
    this.key = key;
    return { created: false };
  }

  lock(): void {
    this.key = undefined;
  }

  async put(value: string, label: string): Promise<string> {
    const key = this.requireKey();
    const file = this.readFile();
    const ref = `vault:${randomUUID()}`;
    file.entries[ref] = { label, ...seal(key, value, ref) };
    writeJsonFileAtomic(this.file, file);
    return ref;
  }

  async get(ref: string): Promise<string> {
    const key = this.requireKey();
    const entry = this.readFile().entries[ref];
    if (!entry) {
      throw new OpsdeckError(
        'SECRET_NOT_FOUND',
        `No secret ${ref} in the vault.`,
        'Enter the secret again in the host settings.',
      );
    }
    return open(key, entry, ref);
  }

  async delete(ref: string): Promise<void> {
    const file = readJsonFile<VaultFile>(this.file);
    if (!file || !file.entries[ref]) return;
    delete file.entries[ref];
    writeJsonFileAtomic(this.file, file);
  }

  private requireKey(): Buffer {
    if (!this.key) throw locked();
    return this.key;
  }

  private readFile(): VaultFile {
    const file = readJsonFile<VaultFile>(this.file);
    if (!file) throw locked();
    return file;
  }
}
