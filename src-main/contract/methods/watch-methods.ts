import { z } from 'zod';
import { defineMethod } from '../define';
import { WatchSubscribeParams, WatchSubscription } from '../feeds';

const subscriptionId = z.string().min(1).max(64).describe('the id watch.subscribe returned');

/**
 * Live feeds (contract/feeds.ts): a subscription belongs to the door connection that made it,
 * its events go to that connection only, and it ends when the connection closes.
 */
export const watchMethods = {
  'watch.subscribe': defineMethod({
    summary:
      'Watch a live feed: its updates arrive as watch.data events with the subscription id, for this connection only',
    params: WatchSubscribeParams,
    result: z.object({ subscriptionId: z.string() }),
    events: ['watch.data', 'watch.error', 'watch.ended', 'prompt.request'],
    mutates: false,
  }),
  'watch.unsubscribe': defineMethod({
    summary: 'Stop a subscription of this connection (its source stops when nobody else shares it)',
    params: z.object({ subscriptionId }).strict(),
    result: z.object({ stopped: z.boolean() }),
    events: [],
    mutates: false,
  }),
  'watch.list': defineMethod({
    summary: 'The live subscriptions of this connection',
    params: z.object({}).strict(),
    result: z.array(WatchSubscription),
    events: [],
    mutates: false,
  }),
} as const;
