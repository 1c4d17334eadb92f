import type { OpsdeckClient } from './client';
import type { ErrorShape } from './errors';
import type { EventMessage } from './events';
import type { FeedData, FeedName, FeedParamsIn, WatchEnded } from './feeds';

export interface WatchHandlers<F extends FeedName> {
  data(value: FeedData<F>, meta: { at: string; seq: number }): void;
  /** An update failed; the core tries again in `retryInMs`. */
  error?(error: ErrorShape, retryInMs: number): void;
  /** The subscription ended by itself (the source gave up, or the core shut down). */
  ended?(reason: WatchEnded['reason'], error?: ErrorShape): void;
}

export interface Watch {
  /** Resolves with the subscription id; rejects when the subscription was refused. */
  readonly ready: Promise<string>;
  /** Unsubscribe (safe to call at any time, also before `ready`, and twice). */
  stop(): Promise<void>;
}

type WatchEvent = EventMessage<'watch.data' | 'watch.error' | 'watch.ended'>;

/**
 * Subscribe to a live feed through any door's client and hand its updates, typed by feed, to
 * `handlers`. Events that arrive before the subscription id is known are kept and replayed, so
 * nothing is lost whichever comes first over the transport.
 */
export function watchFeed<F extends FeedName>(
  client: Pick<OpsdeckClient, 'call' | 'on'>,
  feed: F,
  params: FeedParamsIn<F>,
  handlers: WatchHandlers<F>,
): Watch {
  let id: string | undefined;
  let stopped = false;
  const early: WatchEvent[] = [];
  const handle = (message: WatchEvent) => {
    if (id === undefined) return void early.push(message);
    if (message.payload.subscriptionId !== id) return;
    if (message.topic === 'watch.data') {
      const { data, at, seq } = message.payload;
      handlers.data(data as FeedData<F>, { at, seq });
    } else if (message.topic === 'watch.error') {
      handlers.error?.(message.payload.error, message.payload.retryInMs);
    } else {
      stopped = true;
      offs.forEach((off) => off());
      handlers.ended?.(message.payload.reason, message.payload.error);
    }
  };
  const offs = [
    client.on('watch.data', (payload) => handle({ topic: 'watch.data', payload })),
    client.on('watch.error', (payload) => handle({ topic: 'watch.error', payload })),
    client.on('watch.ended', (payload) => handle({ topic: 'watch.ended', payload })),
  ];
  const ready = client
    .call('watch.subscribe', { feed, params } as never)
    .then(({ subscriptionId }) => {
      id = subscriptionId;
      if (stopped) void client.call('watch.unsubscribe', { subscriptionId }).catch(() => undefined);
      else early.splice(0).forEach(handle);
      return subscriptionId;
    });
  ready.catch(() => offs.forEach((off) => off()));
  return {
    ready,
    async stop() {
      if (stopped) return;
      stopped = true;
      offs.forEach((off) => off());
      if (id !== undefined)
        await client.call('watch.unsubscribe', { subscriptionId: id }).catch(() => undefined);
    },
  };
}
