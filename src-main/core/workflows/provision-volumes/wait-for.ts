import { waitUntil } from '../../common/wait';
import type { StepContext } from '../engine/definition';

export interface Timing {
  pollMs: number;
  timeoutMs: number;
}

/**
 * Poll `done` until it says yes (core/common's waitUntil with the run's signal): TIMEOUT with
 * `hint` after the deadline, CANCELLED on cancel; a poll in flight is aborted by the same signal
 * through `ctx.aws` (its SDK requests carry it).
 */
export async function waitFor(
  ctx: Pick<StepContext<unknown>, 'signal'>,
  what: string,
  timing: Timing,
  done: () => Promise<boolean>,
  hint = 'Check the volumes in the EC2 tables, then resume the run.',
): Promise<void> {
  await waitUntil(done, { what, ...timing, signal: ctx.signal, hint });
}
