import { useEffect, useState } from 'react';
import {
  toErrorShape,
  watchFeed,
  type ErrorShape,
  type FeedData,
  type FeedName,
  type FeedParamsIn,
} from '../../src-main/contract';
import { useConnection } from './connection';
import { client } from './index';

export interface WatchView<F extends FeedName> {
  /** The latest update (kept while a later one fails). */
  data: FeedData<F> | null;
  /** When the latest update was taken. */
  at: string | null;
  /** The latest failure; cleared by the next update. */
  error: ErrorShape | null;
  /** connecting: no update yet; live; retrying: the last update failed; ended: it stopped. */
  status: 'connecting' | 'live' | 'retrying' | 'ended';
}

const initial = { data: null, at: null, error: null, status: 'connecting' } as const;

/**
 * Watch a live feed while the component is mounted (`params` null: nothing). The subscription
 * belongs to this window's connection: after a reconnect (the core released the old one) it is
 * made again, and it is stopped on unmount.
 */
export function useWatch<F extends FeedName>(
  feed: F,
  params: FeedParamsIn<F> | null,
): WatchView<F> {
  const open = useConnection((s) => s.state === 'open');
  const key = params === null || !open ? null : `${feed} ${JSON.stringify(params)}`;
  // The view of the subscription for `key` (a stale one's updates are never shown).
  const [state, setState] = useState<{ key: string | null; view: WatchView<F> }>({
    key: null,
    view: initial,
  });

  useEffect(() => {
    if (key === null || params === null) return;
    const update = (next: (v: WatchView<F>) => WatchView<F>) =>
      setState((s) => ({ key, view: next(s.key === key ? s.view : initial) }));
    const watch = watchFeed(client, feed, params, {
      data: (data, { at }) => update(() => ({ data, at, error: null, status: 'live' })),
      error: (error) => update((v) => ({ ...v, error, status: 'retrying' })),
      ended: (_reason, error) =>
        update((v) => ({ ...v, error: error ?? v.error, status: 'ended' })),
    });
    watch.ready.catch((err: unknown) =>
      update((v) => ({ ...v, error: toErrorShape(err), status: 'ended' })),
    );
    return () => void watch.stop();
    // `key` stands for feed + params (a new object with the same values is the same watch).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return state.key === key ? state.view : initial;
}
