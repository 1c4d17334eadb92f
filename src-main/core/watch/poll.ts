import { sleep } from '../common/wait';
import type { FeedSink } from './feed-source';

export interface PollOptions {
  intervalMs: number;
  /** Longest pause between two attempts after failures in a row (default: 60 s or the interval). */
  maxBackoffMs?: number;
}

/**
 * The pause after `failures` failed reads in a row: the interval, doubled per failure, capped —
 * a server that is down is not hammered, and it is seen again soon after it returns.
 */
export function retryDelay(failures: number, options: PollOptions): number {
  const cap = Math.max(options.intervalMs, options.maxBackoffMs ?? 60_000);
  return Math.min(cap, options.intervalMs * 2 ** Math.max(0, failures - 1));
}

/**
 * A feed read every interval: one read at a time (a slow read delays the next, never overlaps),
 * the first one at once; a failed read reports an error with the pause before the next attempt.
 * Stops when `signal` aborts (a read in flight gets the signal too).
 */
export function poll<T>(
  read: (signal: AbortSignal) => Promise<T>,
  sink: FeedSink<T>,
  signal: AbortSignal,
  options: PollOptions,
): void {
  void (async () => {
    let failures = 0;
    while (!signal.aborted) {
      let pause = options.intervalMs;
      try {
        const value = await read(signal);
        if (signal.aborted) return;
        failures = 0;
        sink.data(value);
      } catch (err) {
        if (signal.aborted) return;
        pause = retryDelay(++failures, options);
        sink.error(err, pause);
      }
      await sleep(pause, signal).catch(() => undefined);
    }
  })();
}
