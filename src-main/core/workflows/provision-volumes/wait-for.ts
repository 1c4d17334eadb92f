import { OpsdeckError } from '../../../contract';
import type { StepContext } from '../engine/definition';

export interface Timing {
  pollMs: number;
  timeoutMs: number;
}

/** Poll `done` until it says yes; TIMEOUT (with `hint`) after the deadline, CANCELLED on cancel. */
export async function waitFor(
  ctx: Pick<StepContext<unknown>, 'signal'>,
  what: string,
  timing: Timing,
  done: () => Promise<boolean>,
  hint = 'Check the volumes in the EC2 tables, then resume the run.',
): Promise<void> {
  const deadline = Date.now() + timing.timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new OpsdeckError(
        'TIMEOUT',
        `Gave up waiting for ${what} after ${Math.round(timing.timeoutMs / 1000)} s.`,
        hint,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timing.pollMs);
      ctx.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new OpsdeckError('CANCELLED', `Stopped waiting for ${what}.`, 'Resume the run.'));
        },
        { once: true },
      );
    });
  }
}
