import { describe, expect, it } from 'vitest';
import type { BackupEntry, Host } from '../../../contract';
import {
  ctxWith,
  failsAtEnd,
  readsAll,
  stopsAfterFirstChunk,
  storedBackupInTest as stored,
  unhandledRejectionsOf,
} from '../../../../testing/core/stored-read-fakes';
import { verifyBackup } from './verify-backup';

const host = { id: 'h1', name: 'db1', user: 'root', profile: { sudo: false } } as Host;

/** A content check that reads its whole input and passes whatever it got. */
const passingCheck = readsAll({ code: 0, stderr: '', stdout: '@@opsdeck-ok\n' });

describe('verifyBackup', () => {
  it('a content check that stops reading early fails the verify loudly, with no unhandled rejection from the cut read', async () => {
    const { entry, catalog } = stored();
    // The check's command gives up after its first chunk (a corrupt stream).
    const streamIn = stopsAfterFirstChunk('zstd: corrupted block');
    const unhandled = await unhandledRejectionsOf(async () => {
      await expect(verifyBackup(ctxWith(streamIn), catalog, entry, host)).rejects.toMatchObject({
        code: 'BACKUP_CORRUPT',
        message: expect.stringContaining('content check on db1 failed: zstd: corrupted block'),
      });
    });
    expect(unhandled).toEqual([]);
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
    const truncatedCheck = failsAtEnd('zstd: premature end');
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
