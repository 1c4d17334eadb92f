import { pipeline } from 'node:stream/promises';
import { OpsdeckError } from '../../../contract';
import { HashingStream } from '../run/hashing';
import type { BackupStore } from './store';

/** A stored backup file being read through a hasher (a restore or a verify reading it back). */
export interface StoredRead {
  /** The file's bytes, hashed on the way: feed this to the command that consumes them. */
  hasher: HashingStream;
  /**
   * Once the consumer is done with `hasher` (it ended, or was destroyed — else this waits for
   * the read to end): the read's own failure, if the source reported one (the remote `cat`
   * refused by sudo, EIO, the file gone), else undefined. A read cut on purpose by its consumer
   * stopping early is no read failure.
   */
  failure(): Promise<OpsdeckError | undefined>;
}

/**
 * Read `name` from `store` through a HashingStream. A store may report a failed read only through
 * its `done` while its stream ends as if whole: `failure()` checks both, so a cut read is never
 * judged by its checksum (that would blame a good backup). Neither the read's `done` nor the
 * pipe ever rejects unhandled (a consumer stopping early destroys the read with a premature close).
 */
export async function readStored(
  store: BackupStore,
  name: string,
  signal?: AbortSignal,
): Promise<StoredRead> {
  const reader = await store.read(name, signal);
  const settled = (p: Promise<void>) =>
    p.then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
  const done = settled(reader.done);
  const hasher = new HashingStream();
  // Listeners added before the pipe's own: the source ending or failing by itself is seen before
  // the pipe destroys the hasher, and the consumer closing the hasher before the pipe destroys
  // the source.
  let sourceSettled = false;
  let cut = false;
  reader.stream.once('end', () => (sourceSettled = true));
  reader.stream.once('error', () => (sourceSettled = true));
  hasher.once('close', () => {
    if (!sourceSettled) cut = true;
  });
  const piped = settled(pipeline(reader.stream, hasher));
  return {
    hasher,
    failure: async () => {
      // Bounded: a read that neither ends nor reports how it ended is itself the failure (a
      // restore or verify must never wait on it forever).
      const pipeErr = await settleWithin(piped, READ_SETTLE_MS);
      if (pipeErr === STUCK) {
        reader.stream.destroy();
        return stuck(store, name, 'its stream neither ended nor failed');
      }
      if (cut) return undefined;
      // The source ended or failed by itself: its `done` follows (a remote `cat` has exited).
      const readErr = await settleWithin(done, READ_SETTLE_MS);
      if (readErr === STUCK) return stuck(store, name, 'it did not report how it ended');
      const err = readErr ?? (pipeErr && reader.stream.errored ? pipeErr : undefined);
      if (!err) return undefined;
      return err instanceof OpsdeckError
        ? err
        : new OpsdeckError(
            'BACKUP_DESTINATION_UNAVAILABLE',
            `Reading ${name} from ${store.dest.url} failed: ${err.message}.`,
            'Check the destination and that the file is still there, then run again.',
          );
    },
  };
}

/**
 * How long `failure()` waits for the read to settle once its consumer is done with it: a read
 * whose stream or exit status never comes is reported after this, not waited on forever.
 */
export const READ_SETTLE_MS = 45_000;

const STUCK = Symbol('stuck');

/** `p`'s value, or STUCK when it has not settled within `ms`. */
async function settleWithin<T>(p: Promise<T>, ms: number): Promise<T | typeof STUCK> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<typeof STUCK>((resolve) => (timer = setTimeout(() => resolve(STUCK), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const stuck = (store: BackupStore, name: string, why: string) =>
  new OpsdeckError(
    'BACKUP_DESTINATION_UNAVAILABLE',
    `Reading ${name} from ${store.dest.url} did not finish: ${why} within ${READ_SETTLE_MS / 1000} s.`,
    'Check the destination is reachable and responsive, then run again; the backup itself may be fine.',
  );

/**
 * What to say of a read failure `readErr`: the message of `consumerErr` when the consumer failed
 * because of it (a stream's error then also says whether the consumer's remote command was
 * stopped), else the read failure's own.
 */
export function saidOf(readErr: OpsdeckError, consumerErr?: unknown): string {
  return consumerErr instanceof OpsdeckError && consumerErr.cause === readErr
    ? consumerErr.message
    : readErr.message;
}
