import { OpsdeckError, isErrorShape } from '../../contract/errors';

/**
 * The one CANCELLED error: `what` names what stopped ("The run", "Waiting for the volumes"),
 * `hint` what to do next (a run resumes; a one-off call is started again).
 */
export function cancelledError(
  what = 'The run',
  hint = 'Resume it to continue from this step.',
): OpsdeckError {
  return new OpsdeckError('CANCELLED', `${what} was cancelled.`, hint);
}

/** True for a CANCELLED error from anywhere in the core (an OpsdeckError or its shape). */
export function isCancelled(err: unknown): boolean {
  return isErrorShape(err) && err.code === 'CANCELLED';
}

/** Throw `cancelled()` when the signal has aborted. */
export function throwIfAborted(
  signal: AbortSignal | undefined,
  cancelled: () => Error = () => cancelledError(),
): void {
  if (signal?.aborted) throw cancelled();
}
