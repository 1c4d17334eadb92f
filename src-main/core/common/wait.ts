import { OpsdeckError } from '../../contract/errors';
import { cancelledError } from './cancel';

/**
 * Wait `ms`; rejects with `cancelled()` as soon as `signal` aborts (or at once when it already
 * has), and leaves no listener behind either way.
 */
export function sleep(
  ms: number,
  signal?: AbortSignal,
  cancelled: () => Error = () => cancelledError(),
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wait for `p` to settle, but no longer than `ms` (its outcome is ignored): for a best-effort
 * clean-up that must not hold the caller forever (a stop sent to a host that stopped answering).
 */
export async function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

export interface WaitUntilOptions {
  /** What is awaited, for the messages: "the volumes to become available". */
  what: string;
  pollMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** What to do when it times out (TIMEOUT's hint). */
  hint?: string;
  /** The error on timeout; default TIMEOUT "Gave up waiting for … after N s". */
  onTimeout?: (last: unknown) => Error;
  /** Errors thrown by `probe` count as "not yet" (e.g. a server restarting); default: thrown. */
  tolerateErrors?: boolean;
}

/**
 * Poll `probe` until it returns a value other than `undefined`/`false`; TIMEOUT after the deadline,
 * CANCELLED on abort (the pause between two polls ends at once; a probe in flight receives the
 * same signal through its own wiring).
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  o: WaitUntilOptions,
): Promise<T> {
  const cancelled = () => cancelledError(`Waiting for ${o.what}`, 'Resume the run.');
  const deadline = Date.now() + o.timeoutMs;
  let last: unknown;
  for (;;) {
    if (o.signal?.aborted) throw cancelled();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      if (o.signal?.aborted) throw cancelled();
      if (!o.tolerateErrors) throw err;
      last = err;
    }
    if (Date.now() >= deadline) {
      throw (
        o.onTimeout?.(last) ??
        new OpsdeckError(
          'TIMEOUT',
          `Gave up waiting for ${o.what} after ${Math.round(o.timeoutMs / 1000)} s${last instanceof Error ? `: ${last.message}` : ''}.`,
          o.hint ?? 'Check the target, then resume the run.',
        )
      );
    }
    await sleep(Math.min(o.pollMs, Math.max(0, deadline - Date.now())), o.signal, cancelled);
  }
}
