import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { OpsdeckError, type BackupEntry } from '../../src-main/contract';
import type { BackupCatalog } from '../../src-main/core/backups/catalog';
import { LocalFolderStore } from '../../src-main/core/backups/destinations/local-folder';
import type { BackupStore, StoreReader } from '../../src-main/core/backups/destinations/store';

/**
 * A stored 2 MiB dump in a real local folder, and a catalog that only knows it (its store, file
 * name and checks: `checks` gets every setCheck, `restored` every restoreCheck). `remove()` when done.
 */
export function storedBackup() {
  const root = mkdtempSync(join(tmpdir(), 'opsdeck-stored-'));
  const body = randomBytes(2 * 1024 * 1024);
  writeFileSync(join(root, 'b1.sql.zst'), body);
  const entry = {
    id: 'b1',
    kind: 'dump',
    tool: 'mariadb-dump',
    status: 'succeeded',
    bytes: body.length,
    checksum: createHash('sha256').update(body).digest('hex'),
    compression: 'zstd',
    destination: `file://${root}`,
    location: `file://${root}/b1.sql.zst`,
  } as BackupEntry;
  const store = new LocalFolderStore({ kind: 'file', url: `file://${root}`, path: root });
  const checks: unknown[] = [];
  const restored: unknown[] = [];
  const using = { store: store as BackupStore };
  const catalog = {
    store: () => Promise.resolve(using.store),
    fileOf: () => 'b1.sql.zst',
    setCheck: (_id: string, _which: string, check: unknown) => checks.push(check),
    restoreCheck: (_id: string, _which: string, check: unknown) => restored.push(check),
  } as unknown as BackupCatalog;
  return {
    entry,
    catalog,
    checks,
    restored,
    body,
    /** Reads go through `halfReadStore` from now on. */
    readHalf: (ends?: 'cleanly' | 'in-error') => (using.store = halfReadStore(store, body, ends)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

const eio = () =>
  new OpsdeckError(
    'BACKUP_DESTINATION_UNAVAILABLE',
    'Reading backup1:/backups/b1.sql.zst failed: cat: Input/output error.',
    'Check the file is still on backup1, then run again.',
  );

/**
 * `store`, but a read stops after half the file. `ends: 'cleanly'`: its stream ends as if whole
 * and only `done` reports the failure (as a remote `cat` could: sudo refused, EIO, the file
 * gone); `ends: 'in-error'`: its stream fails with the same error `done` rejects with (as the
 * SSH-folder store's does).
 */
export function halfReadStore(
  store: BackupStore,
  body: Buffer,
  ends: 'cleanly' | 'in-error' = 'cleanly',
): BackupStore {
  const read = (): Promise<StoreReader> => {
    const err = eio();
    const half = body.subarray(0, body.length / 2);
    let sent = false;
    const stream =
      ends === 'cleanly'
        ? Readable.from([half])
        : new Readable({
            read() {
              if (this.readableLength === 0 && !sent) {
                sent = true;
                this.push(half);
                setImmediate(() => this.destroy(err));
              }
            },
          });
    const done = new Promise<void>((_resolve, reject) => {
      const failed = () => setImmediate(() => reject(err));
      stream.once('end', failed);
      stream.once('error', failed);
    });
    return Promise.resolve({ stream, done });
  };
  return Object.assign(Object.create(store) as BackupStore, { read });
}
