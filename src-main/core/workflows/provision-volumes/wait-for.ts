import { OpsdeckError } from '../../../contract';
import type { StepContext } from '../engine/definition';

export interface Timing {
  pollMs: number;
  timeoutMs: number;
}

/**
 * Poll `done` until it says yes; TIMEOUT (with `hint`) after the deadline, CANCELLED on cancel.
 * A cancel ends the pause between two polls at once (no sleeping out the interval); a poll in
 * flight is aborted by the same signal through `ctx.aws` (its SDK requests carry it).
 */
export async function waitFor(
  ctx: Pick<StepContext<unknown>, 'signal'>,
  what: string,
  timing: Timing,
  done: () => Promise<boolean>,
  hint = 'Check the volumes in the EC2 tables, then resume the run.',
): Promise<void> {
  const deadline = Date.now() + timing.timeoutMs;
  const cancelled = () =>
    new OpsdeckError('CANCELLED', `Stopped waiting for ${what}.`, 'Resume the run.');
  for (;;) {
    if (ctx.signal.aborted) throw cancelled();
    if (await done()) return;
    if (Date.now() > deadline) {
      throw new OpsdeckError(
        'TIMEOUT',
        `Gave up waiting for ${what} after ${Math.round(timing.timeoutMs / 1000)} s.`,
        hint,
      );
    }
    await pause(timing.pollMs, ctx.signal, cancelled);
  }
}

/** Wait `ms`; rejects with `cancelled()` as soon as `signal` aborts (or already has). */
function pause(ms: number, signal: AbortSignal, cancelled: () => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
