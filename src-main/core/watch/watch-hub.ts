import { randomUUID } from 'node:crypto';
import { OpsdeckError, toErrorShape } from '../../contract/errors';
import type {
  FeedName,
  WatchData,
  WatchSubscribeParams,
  WatchSubscription,
} from '../../contract/feeds';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { FeedSink, FeedSource, FeedSources } from './feed-source';

interface Subscription {
  id: string;
  /** The door connection it belongs to: its events go there only. */
  owner: string;
  since: string;
  seq: number;
  source: SharedSource;
  /** Deliveries wait until the subscribe call has answered (data never precedes the id). */
  ready: boolean;
  queued: (() => void)[];
}

interface SharedSource {
  key: string;
  feed: FeedName;
  params: Record<string, unknown>;
  controller: AbortController;
  subscribers: Set<Subscription>;
  /** The latest update: a new subscriber of a running source gets it at once. */
  last?: { value: unknown; at: string };
}

export interface WatchHubDeps {
  sources: FeedSources;
  bus: EventBus;
  clock: Clock;
  /** Subscriptions one connection may hold (default 256): more is refused, not a frozen window. */
  maxPerConnection?: number;
}

/** `{"a":1,"b":2}` whatever the key order: subscriptions with equal params share one source. */
function sourceKey(feed: string, params: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return `${feed} ${JSON.stringify(sorted)}`;
}

/**
 * The watch primitive of the core: subscriptions to the contract's feeds, owned by door
 * connections. Subscriptions with the same feed and params share one running source (one poll
 * serves every window watching the same topology); a source stops when its last subscriber
 * leaves — by `unsubscribe`, or by its connection closing (`release`).
 */
export class WatchHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly sources = new Map<string, SharedSource>();

  constructor(private readonly deps: WatchHubDeps) {}

  subscribe(request: WatchSubscribeParams, owner: string): { subscriptionId: string } {
    const max = this.deps.maxPerConnection ?? 256;
    if (this.ownedBy(owner).length >= max) {
      throw new OpsdeckError(
        'LIMIT_EXCEEDED',
        `This connection already watches ${max} feeds.`,
        'Close views you no longer need (or unsubscribe) before watching more.',
      );
    }
    const params = request.params as Record<string, unknown>;
    const key = sourceKey(request.feed, params);
    const source = this.sources.get(key) ?? this.start(request.feed, params, key);
    const sub: Subscription = {
      id: randomUUID(),
      owner,
      since: this.deps.clock.now().toISOString(),
      seq: 0,
      source,
      ready: false,
      queued: [],
    };
    this.subscriptions.set(sub.id, sub);
    source.subscribers.add(sub);
    const last = source.last;
    if (last) this.deliverData(sub, last.value, last.at);
    // The caller's reply is sent in this turn's microtasks; updates follow it.
    setTimeout(() => {
      sub.ready = true;
      for (const send of sub.queued.splice(0)) send();
    }, 0);
    return { subscriptionId: sub.id };
  }

  /** Only the owning connection may stop a subscription. */
  unsubscribe(subscriptionId: string, owner: string): { stopped: boolean } {
    const sub = this.subscriptions.get(subscriptionId);
    if (!sub || sub.owner !== owner) return { stopped: false };
    this.remove(sub);
    return { stopped: true };
  }

  list(owner: string): WatchSubscription[] {
    return this.ownedBy(owner).map((s) => ({
      subscriptionId: s.id,
      feed: s.source.feed,
      params: s.source.params,
      since: s.since,
      updates: s.seq,
      sharedWith: s.source.subscribers.size - 1,
    }));
  }

  /** The connection is gone: end its subscriptions. Returns how many there were. */
  release(owner: string): number {
    const owned = this.ownedBy(owner);
    for (const sub of owned) this.remove(sub);
    return owned.length;
  }

  /** Running sources (for tests and diagnostics). */
  get activeSources(): number {
    return this.sources.size;
  }

  shutdown(): void {
    for (const sub of [...this.subscriptions.values()]) {
      this.emitNow(sub, () =>
        this.deps.bus.emit(
          'watch.ended',
          { subscriptionId: sub.id, feed: sub.source.feed, reason: 'shutdown' },
          { to: sub.owner },
        ),
      );
      this.remove(sub);
    }
  }

  private ownedBy(owner: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.owner === owner);
  }

  private start(feed: FeedName, params: Record<string, unknown>, key: string): SharedSource {
    const source: SharedSource = {
      key,
      feed,
      params,
      controller: new AbortController(),
      subscribers: new Set(),
    };
    const sink: FeedSink<unknown> = {
      data: (value) => {
        if (source.controller.signal.aborted) return;
        const at = this.deps.clock.now().toISOString();
        source.last = { value, at };
        for (const sub of source.subscribers) this.deliverData(sub, value, at);
      },
      error: (err, retryInMs) => {
        if (source.controller.signal.aborted) return;
        const error = toErrorShape(err);
        for (const sub of source.subscribers)
          this.deliver(sub, () =>
            this.deps.bus.emit(
              'watch.error',
              {
                subscriptionId: sub.id,
                feed,
                error,
                retryInMs: Math.max(0, Math.round(retryInMs)),
              },
              { to: sub.owner },
            ),
          );
      },
      end: (err) => {
        if (source.controller.signal.aborted) return;
        for (const sub of [...source.subscribers]) {
          this.emitNow(sub, () =>
            this.deps.bus.emit(
              'watch.ended',
              {
                subscriptionId: sub.id,
                feed,
                reason: err === undefined ? 'finished' : 'failed',
                ...(err === undefined ? {} : { error: toErrorShape(err) }),
              },
              { to: sub.owner },
            ),
          );
          this.remove(sub);
        }
      },
    };
    // A source refusing its params (unknown host) throws here: the subscribe call fails.
    const startSource = this.deps.sources[feed] as FeedSource<FeedName>;
    startSource(params as never, sink as FeedSink<never>, source.controller.signal);
    this.sources.set(key, source);
    return source;
  }

  private deliverData(sub: Subscription, value: unknown, at: string): void {
    this.deliver(sub, () => {
      const payload = {
        subscriptionId: sub.id,
        feed: sub.source.feed,
        seq: ++sub.seq,
        at,
        data: value,
      } as WatchData;
      this.deps.bus.emit('watch.data', payload, { to: sub.owner });
    });
  }

  private deliver(sub: Subscription, send: () => void): void {
    if (sub.ready) send();
    else sub.queued.push(send);
  }

  /** Final events go out even before the subscription is ready. */
  private emitNow(sub: Subscription, send: () => void): void {
    for (const queued of sub.queued.splice(0)) queued();
    send();
  }

  private remove(sub: Subscription): void {
    if (!this.subscriptions.delete(sub.id)) return;
    sub.queued.length = 0;
    const source = sub.source;
    source.subscribers.delete(sub);
    if (source.subscribers.size === 0) {
      source.controller.abort();
      this.sources.delete(source.key);
    }
  }
}
