import type { MethodName } from '../../../src-main/contract';
import { client } from '../../api';

/** A request id for `ec2.cancel`: random, since the core's registry serves every window and door. */
export function newRequestId(): string {
  return `ec2-${Array.from(crypto.getRandomValues(new Uint32Array(3)), (n) => n.toString(36)).join('')}`;
}

/**
 * EC2 listings in flight, each called with a `requestId`, so that a listing nobody wants any more
 * (the region changed, the filter changed, the area was left) is aborted in the core instead of
 * paging on through thousands of rows. Its CANCELLED answer is the caller's to drop.
 */
export class InflightListings {
  private readonly ids = new Set<string>();

  call<T>(method: MethodName, params: object): Promise<T> {
    const requestId = newRequestId();
    this.ids.add(requestId);
    return (client.call(method, { ...params, requestId } as never) as Promise<T>).finally(() =>
      this.ids.delete(requestId),
    );
  }

  get size(): number {
    return this.ids.size;
  }

  /** Ask the core to abort every listing still running; one that just finished is not found. */
  cancelAll(): void {
    for (const requestId of this.ids)
      void client.call('ec2.cancel', { requestId }).catch(() => undefined);
    this.ids.clear();
  }
}

/** A cancelled listing is not a failure to show. */
export const isCancelled = (err: unknown) =>
  (err as { code?: string } | null)?.code === 'CANCELLED';
