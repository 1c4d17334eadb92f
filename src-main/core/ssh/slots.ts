import { OpsdeckError } from '../../contract';

/** A small counting semaphore whose waiters can give up through an AbortSignal. */
export class Slots {
  private used = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly size: number) {}

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.used++;
        resolve();
      };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  release(): void {
    this.used = Math.max(0, this.used - 1);
    this.queue.shift()?.();
  }
}

function cancelled(): OpsdeckError {
  return new OpsdeckError(
    'CANCELLED',
    'The command was cancelled while waiting for a free session.',
    'Run it again when ready.',
  );
}
