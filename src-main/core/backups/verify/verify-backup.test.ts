import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import type { StreamInSpec } from '../../workflows/engine/context';
import type { BackupCatalog } from '../catalog';
import { LocalFolderStore } from '../destinations/local-folder';
import type { BackupCtx } from '../types';
import { verifyBackup } from './verify-backup';

const host = { id: 'h1', name: 'db1', user: 'root', profile: { sudo: false } } as Host;
let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A stored 2 MiB dump in a real local folder, and a catalog that only knows it. */
function stored() {
  root = mkdtempSync(join(tmpdir(), 'opsdeck-verify-'));
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
  const catalog = {
    store: () => Promise.resolve(store),
    fileOf: () => 'b1.sql.zst',
    setCheck: (_id: string, _which: string, check: unknown) => checks.push(check),
  } as unknown as BackupCatalog;
  return { entry, catalog, checks };
}

describe('verifyBackup', () => {
  it('a content check that stops reading early fails the verify loudly, with no unhandled rejection from the cut read', async () => {
    const { entry, catalog } = stored();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The check's command gives up after its first chunk (a corrupt stream): the input is
      // destroyed while the file is still being read.
      const streamIn = (spec: StreamInSpec) =>
        new Promise((_resolve, reject) => {
          const from = spec.from as Readable;
          from.once('data', () => {
            from.destroy();
            reject(new OpsdeckError('SSH_COMMAND_FAILED', 'zstd: corrupted block', 'x'));
          });
        });
      const ctx = {
        ssh: { streamIn },
        signal: new AbortController().signal,
        dryRun: false,
        runId: 'r1',
        log: () => undefined,
        progress: () => undefined,
      } as unknown as BackupCtx;
      await expect(verifyBackup(ctx, catalog, entry, host)).rejects.toMatchObject({
        code: 'BACKUP_CORRUPT',
        message: expect.stringContaining('content check on db1 failed: zstd: corrupted block'),
      });
      // Unhandled rejections are reported after the microtask queue drains.
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
