import type { Readable } from 'node:stream';
import { onTestFinished } from 'vitest';
import { OpsdeckError } from '../../src-main/contract';
import type { BackupCtx } from '../../src-main/core/backups/types';
import type { StreamInSpec } from '../../src-main/core/workflows/engine/context';
import { storedBackup } from './stored-backup';

/**
 * Unit-test stand-ins around a stored backup being read into a command on a host (a restore's
 * load, a verify's content check): the command's side of `ctx.ssh.streamIn`, the step context
 * that carries it, and the stored backup itself, removed when the test finishes.
 */

/** What the remote command did, as `streamIn` resolves with it. */
type Exit = { code: number; stderr: string; stdout?: string };
type StreamIn = (spec: StreamInSpec) => Promise<unknown>;

/** `storedBackup()`, removed when the current test finishes (failed or timed out too). */
export function storedBackupInTest(): ReturnType<typeof storedBackup> {
  const s = storedBackup();
  onTestFinished(s.remove);
  return s;
}

/** A step context whose only door to hosts is `streamIn`. */
export const ctxWith = (streamIn: StreamIn) =>
  ({
    ssh: { streamIn },
    signal: new AbortController().signal,
    dryRun: false,
    runId: 'r1',
    log: () => undefined,
    progress: () => undefined,
  }) as unknown as BackupCtx;

/** A command that reads its whole input, then exits as `exit` says (0 by default). */
export const readsAll =
  (exit: Exit = { code: 0, stderr: '' }): StreamIn =>
  (spec) =>
    new Promise((resolve) => {
      const from = spec.from as Readable;
      let bytes = 0;
      from.on('data', (c: Buffer) => (bytes += c.length));
      from.once('end', () => resolve({ bytes, durationMs: 1, exit }));
    });

/** A command that reads its whole input and fails at its end with `message` (zstd fed half a file). */
export const failsAtEnd =
  (message: string): StreamIn =>
  (spec) =>
    new Promise((_resolve, reject) => {
      const from = spec.from as Readable;
      from.resume();
      from.once('end', () => reject(new OpsdeckError('SSH_COMMAND_FAILED', message, 'x')));
    });

/**
 * A command that gives up after the first chunk with `message` (a corrupt stream, a syntax
 * error): the input is destroyed while the file is still being read.
 */
export const stopsAfterFirstChunk =
  (message: string): StreamIn =>
  (spec) =>
    new Promise((_resolve, reject) => {
      const from = spec.from as Readable;
      from.once('data', () => {
        from.destroy();
        reject(new OpsdeckError('SSH_COMMAND_FAILED', message, 'x'));
      });
    });

/**
 * Runs `body`, then waits for the microtask queue to drain (unhandled rejections are reported
 * after it) and returns the rejections no one handled meanwhile.
 */
export async function unhandledRejectionsOf(body: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    await body();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
    return unhandled;
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}
