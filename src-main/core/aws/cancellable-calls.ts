import { OpsdeckError } from '../../contract';

/**
 * Calls a caller can cancel by an id of its own choosing (`ec2.cancel { requestId }`): a listing
 * is a plain request/response, so unlike exec or transfers there is no server-made id to hand
 * back first. The id is registered before the call's first await, so a cancel sent right after
 * the call on the same channel always finds it.
 */
export class CancellableCalls {
  private readonly running = new Map<string, AbortController>();

  /** Run `fn` with a signal that `cancel(requestId)` aborts; without an id it cannot be cancelled. */
  run<T>(requestId: string | undefined, fn: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    if (!requestId) return fn();
    if (this.running.has(requestId)) {
      return Promise.reject(
        new OpsdeckError(
          'CONFLICT',
          `A call with request id ${requestId} is already running.`,
          'Use a new request id for every call (a random UUID).',
        ),
      );
    }
    const controller = new AbortController();
    this.running.set(requestId, controller);
    return fn(controller.signal).finally(() => this.running.delete(requestId));
  }

  /** Abort the call; false when it is not running (finished already, or never started). */
  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** How many cancellable calls are running (tests, shutdown). */
  get size(): number {
    return this.running.size;
  }

  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
