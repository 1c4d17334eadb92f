import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { OpsdeckError } from '../../../contract';
import { formatBytes } from '../../../contract/format';
import { STREAM_BUFFER } from '../run/hashing';
import { syncDir, syncFile } from './durable';
import { partialName, type BackupStore, type StoreWriter } from './store';
import type { Destination } from './url';

type FileDest = Extract<Destination, { kind: 'file' }>;

/** A folder on the machine Opsdeck runs on (a local disk, an NFS mount). */
export class LocalFolderStore implements BackupStore {
  constructor(readonly dest: FileDest) {}

  private path(name: string) {
    return join(this.dest.path, name);
  }

  async write(name: string): Promise<StoreWriter> {
    const final = this.path(name);
    const partial = partialName(final);
    try {
      await mkdir(dirname(final), { recursive: true, mode: 0o700 });
    } catch (err) {
      throw unavailable(this.dest, err);
    }
    // Large writes (many packets per writev) instead of one syscall per SSH packet.
    const stream = createWriteStream(partial, { mode: 0o600, highWaterMark: STREAM_BUFFER });
    return {
      stream,
      // Durable before it is catalogued as good: the bytes on disk before the name says the
      // file is whole, and the rename on disk with its folder.
      commit: async () => {
        await finished(stream);
        await syncFile(partial);
        await rename(partial, final);
        await syncDir(dirname(final));
      },
      abort: async () => {
        stream.destroy();
        await rm(partial, { force: true }).catch(() => undefined);
      },
      explain: async (err) => {
        if ((err as NodeJS.ErrnoException)?.code === 'ENOSPC') {
          const free = await this.freeBytes();
          return new OpsdeckError(
            'BACKUP_DESTINATION_FULL',
            `${this.dest.path} ran out of space (${free === undefined ? 'free space unknown' : `${formatBytes(free)} free`}).`,
            `Free space in ${this.dest.path} (or lower the retention), then run the backup again.`,
          );
        }
        return err instanceof Error ? err : new Error(String(err));
      },
    };
  }

  async read(name: string) {
    const stream = createReadStream(this.path(name));
    return { stream, done: finished(stream) };
  }

  async remove(name: string) {
    await rm(this.path(name), { force: true });
  }

  async size(name: string) {
    try {
      return (await stat(this.path(name))).size;
    } catch {
      return undefined;
    }
  }

  async freeBytes() {
    try {
      const s = await statfs(this.dest.path);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  }
}

export function unavailable(dest: Destination, err: unknown): OpsdeckError {
  const why = err instanceof Error ? err.message : String(err);
  return new OpsdeckError(
    'BACKUP_DESTINATION_UNAVAILABLE',
    `Cannot write to ${dest.url}: ${why}.`,
    'Check the folder exists (or can be created) and is writable, then run the backup again.',
  );
}
