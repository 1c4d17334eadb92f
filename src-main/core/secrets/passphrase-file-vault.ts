import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { OpsdeckError } from '../../contract/errors';
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
type KdfParams = { N: number; r: number; p: number };
/** scrypt cost for new and re-wrapped vaults: 2^17 × 8 × 128 B = 128 MiB, ~0.3-0.5 s per unlock. */
export const VAULT_KDF: KdfParams = { N: 1 << 17, r: 8, p: 1 };
/** Enforced on every door, OPSDECK_VAULT_PASSPHRASE included, when a vault is created. */
export const MIN_PASSPHRASE_LENGTH = 8;

const weakerThan = (kdf: KdfParams, target: KdfParams) =>
  kdf.N < target.N || kdf.r < target.r || kdf.p < target.p;

function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
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

/**
 * Secrets encrypted with a key derived from the user's passphrase (scrypt + AES-256-GCM). A vault
 * made with weaker scrypt parameters (older versions used N=2^15) keeps opening, and is re-wrapped
 * on that unlock: a new salt and key with {@link VAULT_KDF}, every entry sealed again, written
 * atomically (issue 12 #4).
 */
export class PassphraseFileVault implements Vault {
  readonly adapter = 'passphrase-file' as const;
  private key: Buffer | undefined;
  private readonly kdf: KdfParams;

  /** `options.kdf`: the cost this instance creates vaults with and re-wraps weaker ones to. */
  constructor(
    private readonly file: string,
    options: { kdf?: KdfParams } = {},
  ) {
    this.kdf = options.kdf ?? VAULT_KDF;
  }

  status() {
    return {
      unlocked: this.key !== undefined,
      initialized: readJsonFile<VaultFile>(this.file) !== undefined,
    };
  }

  async unlock(passphrase: string): Promise<{ created: boolean; upgraded?: true }> {
    const existing = readJsonFile<VaultFile>(this.file);
    if (!existing) {
      if (passphrase.length < MIN_PASSPHRASE_LENGTH)
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `A vault passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters; no vault was created.`,
          'Choose a longer passphrase (this applies to OPSDECK_VAULT_PASSPHRASE too).',
        );
      const { file, key } = await this.wrap(passphrase, this.kdf, {});
      writeJsonFileAtomic(this.file, file);
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
    if (weakerThan(existing.kdf, this.kdf)) {
      const entries = Object.fromEntries(
        Object.entries(existing.entries).map(([ref, e]) => [
          ref,
          { label: e.label, value: open(key, e, ref) },
        ]),
      );
      const upgraded = await this.wrap(passphrase, this.kdf, entries);
      writeJsonFileAtomic(this.file, upgraded.file);
      this.key = upgraded.key;
      return { created: false, upgraded: true };
    }
    this.key = key;
    return { created: false };
  }

  /** A vault file for `passphrase` with a fresh salt, holding `entries` sealed under the new key. */
  private async wrap(
    passphrase: string,
    kdf: KdfParams,
    entries: Record<string, { label: string; value: string }>,
  ): Promise<{ file: VaultFile; key: Buffer }> {
    const salt = randomBytes(16);
    const key = await deriveKey(passphrase, salt, kdf);
    const file: VaultFile = {
      version: 1,
      kdf: { name: 'scrypt', salt: salt.toString('base64'), ...kdf },
      check: seal(key, CHECK_TEXT, 'check'),
      entries: Object.fromEntries(
        Object.entries(entries).map(([ref, e]) => [
          ref,
          { label: e.label, ...seal(key, e.value, ref) },
        ]),
      ),
    };
    return { file, key };
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

  has(ref: string): boolean {
    return Boolean(readJsonFile<VaultFile>(this.file)?.entries[ref]);
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
