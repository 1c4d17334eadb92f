import { create, type StoreApi, type UseBoundStore } from 'zustand';
import {
  toErrorShape,
  type ErrorShape,
  type EventPayload,
  type EventTopic,
  type OpsdeckClient,
} from '../../src-main/contract';

/** What every feed store holds besides its data. */
export interface FeedMeta {
  /** The first fetch has answered (with data or an error). */
  loaded: boolean;
  /** The last fetch failed (the data shown is the last good one); cleared by the next success. */
  error: ErrorShape | null;
}

/** What an event does to the store: a patch at once, a (debounced) fetch, or nothing. */
export type FeedReaction<S> = Partial<S> | 'refetch' | null;

export interface FeedStoreOptions<S extends object, D, T extends EventTopic> {
  /** The state before the first fetch (data and any UI state the area keeps beside it). */
  initial: S;
  /** The fetch: the area's list method. */
  fetch(): Promise<D>;
  /** The state a fresh fetch gives (only the data fields; the rest is kept). */
  toState(data: D, state: S): Partial<S>;
  /** Where events come from (the renderer's client) and the area's topic. */
  events: Pick<OpsdeckClient, 'on'>;
  topic: T;
  /** An event's effect (default: fetch again, debounced). */
  onEvent?(event: EventPayload<T>, state: S): FeedReaction<S>;
  /** Events in a burst (an import, a multi-select action) cause one fetch after this quiet time. */
  debounceMs?: number;
  /**
   * After a fetch's answer is in the store (not after a failed, dropped or superseded one): for
   * data fetched on top of it (EC2 lists each table for the accounts just fetched).
   */
  onData?(state: S & FeedMeta): void;
}

export interface FeedStore<S extends object> {
  use: UseBoundStore<StoreApi<S & FeedMeta>>;
  /** Fetch now (a fetch started later wins over one that answers late). */
  refetch(): Promise<void>;
  /** Fetch, then follow the events; returns the stop. */
  start(): () => void;
  /** After a reconnect events may have been missed: fetch again now. */
  resync(): void;
  /** For an area's contributions: `feeds: [store.feed]`. */
  feed: { start(): () => void; resync(): void };
}

/**
 * A zustand store kept current by the core's events, never by polling: an initial fetch, the
 * area's event topic (applied at once or causing a debounced fetch), a fetch again after a
 * reconnect. Out-of-order answers are dropped, and a failed fetch keeps the last good data.
 */
export function createFeedStore<S extends object, D, T extends EventTopic>(
  options: FeedStoreOptions<S, D, T>,
): FeedStore<S> {
  const { debounceMs = 100 } = options;
  const use = create<S & FeedMeta>(() => ({ ...options.initial, loaded: false, error: null }));
  let generation = 0;

  const refetch = async (): Promise<void> => {
    const mine = ++generation;
    try {
      const data = await options.fetch();
      if (mine !== generation) return; // a newer fetch started meanwhile
      use.setState(
        (s) =>
          ({ ...options.toState(data, s), loaded: true, error: null }) as Partial<S & FeedMeta>,
      );
      options.onData?.(use.getState());
    } catch (err) {
      if (mine === generation)
        use.setState({ loaded: true, error: toErrorShape(err) } as Partial<S & FeedMeta>);
    }
  };

  const start = (): (() => void) => {
    void refetch();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = options.events.on(options.topic, (event) => {
      const reaction = options.onEvent ? options.onEvent(event, use.getState()) : 'refetch';
      if (reaction === null) return;
      if (reaction !== 'refetch') {
        use.setState(reaction as Partial<S & FeedMeta>);
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => void refetch(), debounceMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  };

  const resync = () => void refetch();
  return { use, refetch, start, resync, feed: { start, resync } };
}
