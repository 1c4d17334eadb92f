import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { OpsdeckError, type SnapshotInfo } from '../../contract';
import type { Clock } from '../clock';
import type { Vault } from '../secrets/vault';
import type { SnapshotsRepo } from '../store/snapshots-repo';

export interface SnapshotStoreDeps {
  repo: SnapshotsRepo;
  vault: Vault;
  clock: Clock;
}

export interface NewSnapshotInput {
  hostId: string;
  hostName: string;
  path: string;
  content: Buffer;
  reason: SnapshotInfo['reason'];
  note?: string;
  door: string;
  /** Skip when the newest snapshot of this file has the same content (drift runs). */
  onlyIfChanged?: boolean;
}

const KEY_LABEL = 'Opsdeck: encryption key of stored config snapshots';

/**
 * Config files often hold passwords, so snapshots are stored encrypted (AES-256-GCM) with a data
 * key that lives in the vault: the SQLite store never holds a file's plaintext. Blobs are named by
 * an HMAC of the content under that key, so identical files across a fleet are stored once and
 * nothing about the content can be guessed from the name.
 */
export class SnapshotStore {
  private keyPromise: Promise<Buffer> | undefined;

  constructor(private readonly deps: SnapshotStoreDeps) {}

  async save(input: NewSnapshotInput): Promise<SnapshotInfo | null> {
    const key = await this.key();
    const mac = createHmac('sha256', key).update(input.content).digest('hex');
    if (input.onlyIfChanged && this.deps.repo.latest(input.hostId, input.path)?.mac === mac)
      return null;
    const blob = this.deps.repo.hasBlob(mac) ? undefined : seal(key, input.content, mac);
    return this.deps.repo.add(
      {
        hostId: input.hostId,
        hostName: input.hostName,
        path: input.path,
        takenAt: this.deps.clock.now().toISOString(),
        reason: input.reason,
        size: input.content.length,
        mac,
        note: input.note ?? '',
        door: input.door,
      },
      blob,
    );
  }

  info(id: number): SnapshotInfo {
    const info = this.deps.repo.get(id);
    if (!info)
      throw new OpsdeckError(
        'NOT_FOUND',
        `There is no snapshot #${id}.`,
        'List the snapshots (opsdeck snapshots list) and pick one that exists.',
      );
    return info;
  }

  async content(id: number): Promise<{ info: SnapshotInfo; content: Buffer }> {
    const info = this.info(id);
    const blob = this.deps.repo.blobOf(id);
    if (!blob) throw new OpsdeckError('INTERNAL', `Snapshot #${id} has no content.`, 'Report it.');
    return { info, content: open(await this.key(), blob) };
  }

  /** The newest snapshot of the file taken at or before `at`. */
  at(hostId: string, hostName: string, path: string, at: string): SnapshotInfo {
    const found = this.deps.repo.latest(hostId, path, at);
    if (found) return found;
    const oldest = this.deps.repo.oldest(hostId, path);
    throw new OpsdeckError(
      'NOT_FOUND',
      `No snapshot of ${hostName}:${path} was taken at or before ${at}` +
        (oldest ? `; the oldest is from ${oldest.takenAt}.` : '; there is none at all.'),
      'Snapshots are kept when you take one, before every save and by drift runs; take one now ' +
        `(opsdeck snapshots take ${hostName} ${path}) to compare against it later.`,
    );
  }

  list(filter: { hostId?: string; path?: string; limit: number }): SnapshotInfo[] {
    return this.deps.repo.list(filter);
  }

  private key(): Promise<Buffer> {
    this.keyPromise ??= this.loadKey().catch((err: unknown) => {
      this.keyPromise = undefined;
      throw err;
    });
    return this.keyPromise;
  }

  private async loadKey(): Promise<Buffer> {
    if (!this.deps.vault.status().unlocked) {
      throw new OpsdeckError(
        'VAULT_LOCKED',
        'Snapshots are encrypted with a key kept in the vault, and the vault is locked.',
        'Unlock it in Settings, or set OPSDECK_VAULT_PASSPHRASE for the CLI.',
      );
    }
    const ref = this.deps.repo.keyRef();
    if (ref) return Buffer.from(await this.deps.vault.get(ref), 'base64');
    const key = randomBytes(32);
    this.deps.repo.setKeyRef(await this.deps.vault.put(key.toString('base64'), KEY_LABEL));
    return key;
  }
}

function seal(key: Buffer, content: Buffer, mac: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(mac));
  const ciphertext = Buffer.concat([cipher.update(content), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function open(key: Buffer, blob: { iv: Buffer; tag: Buffer; ciphertext: Buffer; mac: string }) {
  const decipher = createDecipheriv('aes-256-gcm', key, blob.iv);
  decipher.setAAD(Buffer.from(blob.mac));
  decipher.setAuthTag(blob.tag);
  return Buffer.concat([decipher.update(blob.ciphertext), decipher.final()]);
}
