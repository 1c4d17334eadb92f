import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { storedBackup } from '../../../../testing/core/stored-backup';
import type { StreamInSpec } from '../../workflows/engine/context';
import type { BackupCtx } from '../types';
import { verifyBackup } from './verify-backup';

const host = { id: 'h1', name: 'db1', user: 'root', profile: { sudo: false } } as Host;
let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function stored() {
  const s = storedBackup();
  cleanup = s.remove;
  return s;
}

/** A content check that reads its whole input and passes whatever it got. */
const passingCheck = (spec: StreamInSpec) =>
  new Promise((resolve) => {
    const from = spec.from as Readable;
    let bytes = 0;
    from.on('data', (c: Buffer) => (bytes += c.length));
    from.once('end', () =>
      resolve({ bytes, durationMs: 1, exit: { code: 0, stderr: '', stdout: '@@opsdeck-ok\n' } }),
    );
  });

const ctxWith = (streamIn: (spec: StreamInSpec) => Promise<unknown>) =>
  ({
    ssh: { streamIn },
    signal: new AbortController().signal,
    dryRun: false,
    runId: 'r1',
    log: () => undefined,
    progress: () => undefined,
  }) as unknown as BackupCtx;

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
      await expect(verifyBackup(ctxWith(streamIn), catalog, entry, host)).rejects.toMatchObject({
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

  it('a read that fails (reported only by the store, its stream ending cleanly) rejects with the destination error, and the backup is not marked corrupt', async () => {
    const { entry, catalog, checks, restored, readHalf } = stored();
    readHalf();
    const previous = { status: 'passed', at: '2026-12-01T00:00:00Z', message: 'sha256 matches' };
    const earlier = { ...entry, verify: previous } as BackupEntry;
    await expect(verifyBackup(ctxWith(passingCheck), catalog, earlier, host)).rejects.toMatchObject(
      {
        code: 'BACKUP_DESTINATION_UNAVAILABLE',
        message: expect.stringContaining('cat: Input/output error'),
        hint: 'Check the file is still on backup1, then run again.',
      },
    );
    // Only the 'running' mark was written, and it was put back to the previous verdict.
    expect(checks).toEqual([expect.objectContaining({ status: 'running' })]);
    expect(restored).toEqual([previous]);
  });

  it('a read failure that makes the content check fail too is still the destination error, not BACKUP_CORRUPT', async () => {
    const { entry, catalog, checks, restored, readHalf } = stored();
    readHalf();
    // zstd, fed half a file, fails at its end.
    const truncatedCheck = (spec: StreamInSpec) =>
      new Promise((_resolve, reject) => {
        const from = spec.from as Readable;
        from.resume();
        from.once('end', () =>
          reject(new OpsdeckError('SSH_COMMAND_FAILED', 'zstd: premature end', 'x')),
        );
      });
    await expect(verifyBackup(ctxWith(truncatedCheck), catalog, entry, host)).rejects.toMatchObject(
      { code: 'BACKUP_DESTINATION_UNAVAILABLE' },
    );
    expect(checks).toEqual([expect.objectContaining({ status: 'running' })]);
    expect(restored).toEqual([undefined]);
  });

  it('a whole read still passes and is recorded', async () => {
    const { entry, catalog, checks } = stored();
    await expect(verifyBackup(ctxWith(passingCheck), catalog, entry, host)).resolves.toMatchObject({
      status: 'passed',
    });
    expect(checks.at(-1)).toMatchObject({ status: 'passed' });
  });
});
