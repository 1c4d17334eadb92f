import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';
import { Topology } from './mysql';
import { ClusterPlanView } from './failover';

/**
 * A live feed: what a door can watch with `watch.subscribe({ feed, params })`. Its data arrives
 * as `watch.data` events for that subscription only, delivered to the subscribing connection.
 */
export interface FeedSpec<P extends z.ZodObject = z.ZodObject, D extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly params: P;
  /** One update of the feed (a whole snapshot, or a sample: the feed's summary says which). */
  readonly data: D;
}

export function defineFeed<P extends z.ZodObject, D extends z.ZodType>(
  spec: FeedSpec<P, D>,
): FeedSpec<P, D> {
  return spec;
}

const host = z.string().trim().min(1).max(128).describe('host name or id');
const intervalMs = (fallback: number) =>
  z.number().int().min(1000).max(600_000).default(fallback).describe('refresh interval (ms)');

/**
 * Every feed, one entry each (docs/architecture.md, "Live feeds"). Adding one: declare it here,
 * give it a source in core/watch/feed-sources.ts (the type makes a missing source a compile error).
 */
export const feeds = {
  'mysql.topology': defineFeed({
    summary:
      'The replication tree around a server, rediscovered every interval (a whole snapshot each time)',
    params: z.object({ host, intervalMs: intervalMs(5000) }).strict(),
    data: Topology,
  }),
  'mysql.cluster': defineFeed({
    summary:
      'The cluster around a server: its topology, the master’s health from every angle and the candidate ranking, refreshed every interval (a whole snapshot each time)',
    params: z.object({ host, intervalMs: intervalMs(3000) }).strict(),
    data: ClusterPlanView,
  }),
} as const;

export type Feeds = typeof feeds;
export type FeedName = keyof Feeds;
export type FeedParamsIn<F extends FeedName> = z.input<Feeds[F]['params']>;
export type FeedParams<F extends FeedName> = z.output<Feeds[F]['params']>;
export type FeedData<F extends FeedName> = z.output<Feeds[F]['data']>;

const feedNames = Object.keys(feeds) as FeedName[];

/** `z.discriminatedUnion('feed', …)` with one member per feed, built from the table. */
function perFeed<S extends { [F in FeedName]: z.ZodObject }>(
  member: (feed: FeedName) => S[FeedName],
) {
  const members = feedNames.map(member) as [S[FeedName], ...S[FeedName][]];
  return z.discriminatedUnion('feed', members);
}

type SubscribeMembers = {
  [F in FeedName]: z.ZodObject<{ feed: z.ZodLiteral<F>; params: Feeds[F]['params'] }>;
};
/** `watch.subscribe` params: which feed, with that feed's own params. */
export const WatchSubscribeParams = perFeed<SubscribeMembers>(
  (feed) =>
    z
      .object({ feed: z.literal(feed), params: feeds[feed].params })
      .strict() as SubscribeMembers[FeedName],
);
export type WatchSubscribeParams = z.output<typeof WatchSubscribeParams>;
export type WatchSubscribeParamsIn = z.input<typeof WatchSubscribeParams>;

const subscriptionId = z.string().min(1).max(64);
const common = {
  subscriptionId,
  /** Counts this subscription's updates from 1 (a gap means the door dropped some). */
  seq: z.number().int().min(1),
  /** When the data was taken (ISO time). */
  at: z.string(),
};

type DataMembers = {
  [F in FeedName]: z.ZodObject<{ feed: z.ZodLiteral<F>; data: Feeds[F]['data'] } & typeof common>;
};
/** One update of a subscription, typed by its feed. */
export const WatchData = perFeed<DataMembers>(
  (feed) =>
    z.object({ ...common, feed: z.literal(feed), data: feeds[feed].data }) as DataMembers[FeedName],
);
export type WatchData = z.output<typeof WatchData>;

/** The feed could not produce this update; it tries again in `retryInMs`. */
export const WatchError = z.object({
  subscriptionId,
  feed: z.enum(feedNames as [FeedName, ...FeedName[]]),
  error: ErrorShapeSchema,
  retryInMs: z.number().int().min(0),
});
export type WatchError = z.output<typeof WatchError>;

/** The subscription ended by itself (not by watch.unsubscribe): the source gave up, or shutdown. */
export const WatchEnded = z.object({
  subscriptionId,
  feed: z.enum(feedNames as [FeedName, ...FeedName[]]),
  reason: z.enum(['failed', 'finished', 'shutdown']),
  error: ErrorShapeSchema.optional(),
});
export type WatchEnded = z.output<typeof WatchEnded>;

/** A subscription of the calling connection (`watch.list`). */
export const WatchSubscription = z.object({
  subscriptionId,
  feed: z.enum(feedNames as [FeedName, ...FeedName[]]),
  params: z.record(z.string(), z.unknown()),
  since: z.string(),
  updates: z.number().int(),
  /** Other subscriptions (any connection) sharing the same source: one poll serves them all. */
  sharedWith: z.number().int(),
});
export type WatchSubscription = z.output<typeof WatchSubscription>;
