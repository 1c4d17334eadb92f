import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OpsdeckError, type Host } from '../../../contract';
import {
  ctxWith,
  failsAtEnd,
  readsAll,
  stopsAfterFirstChunk,
  storedBackupInTest as stored,
  unhandledRejectionsOf,
} from '../../../../testing/core/stored-read-fakes';
import type { StreamInSpec } from '../../workflows/engine/context';
import { feedStored } from './restore-backup';

const onto = { id: 'h2', name: 'db2', user: 'root', profile: { sudo: false } } as Host;

/** The target's load command: reads its whole input and exits 0. */
const wholeLoad = readsAll();

const feed = {
  command: 'mariadb',
  purpose: 'load backup b1 on db2',
  afterwards: 'db2 holds what was loaded of it.',
  onto,
};

describe('feedStored', () => {
  it('a read that fails (reported only by the store, its stream ending cleanly) rejects with the destination error, not BACKUP_CORRUPT', async () => {
    const { entry, catalog, readHalf } = stored();
    readHalf();
    await expect(feedStored(ctxWith(wholeLoad), catalog, { ...feed, entry })).rejects.toMatchObject(
      {
        code: 'BACKUP_DESTINATION_UNAVAILABLE',
        message: expect.stringMatching(
          /cat: Input\/output error.*could not be read to its end; db2 holds what was loaded of it/,
        ),
        hint: 'Check the file is still on backup1, then run again.',
      },
    );
  });

  it('a failed read that fails the load too is reported as the read failure', async () => {
    const { entry, catalog, readHalf } = stored();
    readHalf();
    const cutLoad = failsAtEnd('zstd: premature end');
    await expect(feedStored(ctxWith(cutLoad), catalog, { ...feed, entry })).rejects.toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
    });
  });

  it('a read whose stream fails aborts the load, and the error keeps what the load said of its stop', async () => {
    const { entry, catalog, readHalf } = stored();
    readHalf('in-error');
    let trailerSent = false;
    // As ssh/stream.ts does: the input failing ends the command's stdin with the abort trailer and
    // fails the stream with that error, plus what became of the remote command.
    const abortedLoad = (spec: StreamInSpec) =>
      new Promise((resolve, reject) => {
        const from = spec.from as Readable;
        from.resume();
        from.once('end', () => resolve({ bytes: 0, durationMs: 1, exit: { code: 0, stderr: '' } }));
        from.once('error', (e: OpsdeckError) => {
          trailerSent = spec.abortTrailer !== undefined;
          reject(
            new OpsdeckError(e.code, `${e.message} Opsdeck stopped its command on db2.`, e.hint, {
              cause: e,
            }),
          );
        });
      });
    await expect(
      feedStored(ctxWith(abortedLoad), catalog, { ...feed, entry }),
    ).rejects.toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringContaining(
        'Input/output error. Opsdeck stopped its command on db2. The backup could not be read to its end',
      ),
    });
    expect(trailerSent).toBe(true);
  });

  it('a load that stops reading early fails with its own error, with no unhandled rejection from the cut read', async () => {
    const { entry, catalog } = stored();
    const failingLoad = stopsAfterFirstChunk('ERROR 1064: syntax error');
    const unhandled = await unhandledRejectionsOf(async () => {
      await expect(
        feedStored(ctxWith(failingLoad), catalog, { ...feed, entry }),
      ).rejects.toMatchObject({ code: 'SSH_COMMAND_FAILED', message: 'ERROR 1064: syntax error' });
    });
    expect(unhandled).toEqual([]);
  });

  it('a load command that exits 0 before reading everything is not taken for a corrupt backup', async () => {
    const { entry, catalog } = stored();
    const quitter = (spec: StreamInSpec) =>
      new Promise((resolve) => {
        const from = spec.from as Readable;
        from.once('data', () => {
          from.destroy();
          resolve({ bytes: 1, durationMs: 1, exit: { code: 0, stderr: '' } });
        });
      });
    await expect(feedStored(ctxWith(quitter), catalog, { ...feed, entry })).rejects.toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: expect.stringContaining('exited before it read all'),
    });
  });

  it('a whole read loads and matches its checksum', async () => {
    const { entry, catalog, body } = stored();
    await expect(feedStored(ctxWith(wholeLoad), catalog, { ...feed, entry })).resolves.toEqual({
      bytes: body.length,
    });
  });
});
