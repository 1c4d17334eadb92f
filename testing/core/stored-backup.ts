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
    /** Reads go through `halfRead` from now on. */
    readHalf: () => (using.store = halfReadStore(store, body)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * `store`, but a read stops after half the file and ends its stream cleanly, reporting the
 * failure only through `done` (as a remote `cat` could: sudo refused, EIO, the file gone).
 */
export function halfReadStore(store: BackupStore, body: Buffer): BackupStore {
  const read = (): Promise<StoreReader> => {
    const stream = Readable.from([body.subarray(0, body.length / 2)]);
    const done = new Promise<void>((_resolve, reject) =>
      stream.once('end', () =>
        setImmediate(() =>
          reject(
            new OpsdeckError(
              'BACKUP_DESTINATION_UNAVAILABLE',
              'Reading backup1:/backups/b1.sql.zst failed: cat: Input/output error.',
              'Check the file is still on backup1, then run again.',
            ),
          ),
        ),
      ),
    );
    return Promise.resolve({ stream, done });
  };
  return Object.assign(Object.create(store) as BackupStore, { read });
}
