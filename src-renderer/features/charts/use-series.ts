import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import {
  toErrorShape,
  watchFeed,
  type ErrorShape,
  type FeedData,
  type FeedName,
  type FeedParamsIn,
  type History,
  type HistoryParamsIn,
  type SeriesProblem,
} from '../../../src-main/contract';
import { client } from '../../api';
import { useConnection } from '../../api/connection';
import {
  appendSample,
  bufferFrom,
  emptyBuffer,
  trimBefore,
  type SeriesBuffer,
} from './series-buffer';
import { useTimeWindow, windowAt } from './time-window';

export interface SeriesView {
  /** The samples (mutated in place as they arrive; `version` says when). */
  buffer: SeriesBuffer;
  /** Bumped whenever the buffer changed (charts re-read it). */
  version: number;
  /** live: samples arrive; unknown: the source failed (with why); loading: history first. */
  status: 'loading' | 'live' | 'unknown' | 'ended';
  error: ErrorShape | null;
  retryInMs: number | null;
  /** Series the source could not read this time (a privilege, MySQL down), with why. */
  problems: readonly SeriesProblem[];
  lastAt: number | null;
}

/** One sample as columns: its time and a value per column key. */
export interface Columns {
  t: number;
  values: Record<string, number>;
  problems?: readonly SeriesProblem[];
}

export interface SeriesSpec<F extends FeedName> {
  /** null: nothing to show. Changing it starts over. */
  key: string | null;
  history: HistoryParamsIn;
  /** How a history answer becomes columns (one host's keys, or hosts of an overlay). */
  columnsOf(h: History): Map<string, (number | null)[]>;
  feed: F;
  params: FeedParamsIn<F>;
  toColumns(data: FeedData<F>): Columns;
}

type Held = SeriesView & { key: string | null };

const initial = (key: string | null, buffer: SeriesBuffer = emptyBuffer()): Held => ({
  key,
  buffer,
  version: 0,
  status: 'loading',
  error: null,
  retryInMs: null,
  problems: [],
  lastAt: null,
});

/** A state update for `key` that publishes the held buffer as a new version. */
function bumper(
  setView: Dispatch<SetStateAction<Held>>,
  held: { readonly current: { key: string | null; buffer: SeriesBuffer } },
  key: string,
): (patch: Partial<SeriesView>) => void {
  return (patch) =>
    setView((v) => ({
      ...(v.key === key ? v : initial(key)),
      ...patch,
      key,
      buffer: held.current.buffer,
      version: v.version + 1,
    }));
}

/**
 * History, then the live tail: the window's history is read once (the past hour at once), the
 * feed's samples are appended as they come (only while the window is live), and the buffer is
 * trimmed to the window so a tail left open for days stays the same size.
 */
export function useSeries<F extends FeedName>(spec: SeriesSpec<F>): SeriesView {
  const win = useTimeWindow();
  const open = useConnection((s) => s.state === 'open');
  // The samples of the current subject; effects own it, renders see it through state.
  const held = useRef<{ key: string | null; buffer: SeriesBuffer }>({
    key: null,
    buffer: emptyBuffer(),
  });
  const latest = useRef(spec);
  const [view, setView] = useState<Held>(() => initial(spec.key));
  const windowKey = win.live
    ? `live ${win.spanSec}`
    : `${Math.round(win.from)} ${Math.round(win.to)}`;

  useEffect(() => {
    latest.current = spec;
  });

  useEffect(() => {
    const key = spec.key;
    if (key === null || !open) return;
    if (held.current.key !== key) held.current = { key, buffer: emptyBuffer() };
    const bump = bumper(setView, held, key);
    let cancelled = false;
    const w = useTimeWindow.getState();
    const [from, to] = windowAt(w, Date.now());
    const params: HistoryParamsIn = {
      ...latest.current.history,
      since: new Date(from).toISOString(),
      ...(w.live ? {} : { until: new Date(to).toISOString() }),
    };
    client
      .call('metrics.history', params)
      .then((h) => {
        if (cancelled || held.current.key !== key) return;
        const fresh = bufferFrom(h.t, latest.current.columnsOf(h));
        // Live samples that arrived while history loaded stay (they are newer).
        const live = held.current.buffer;
        for (let i = 0; i < live.t.length; i++) {
          const values: Record<string, number> = {};
          for (const [k, col] of live.cols)
            if (col[i] !== null && col[i] !== undefined) values[k] = col[i]!;
          appendSample(fresh, live.t[i]!, values);
        }
        held.current = { key, buffer: fresh };
        bump({ status: 'live' });
      })
      .catch((err: unknown) => !cancelled && bump({ status: 'unknown', error: toErrorShape(err) }));
    return () => {
      cancelled = true;
    };
  }, [spec.key, windowKey, open]);

  useEffect(() => {
    const key = spec.key;
    if (key === null || !open || !win.live) return;
    if (held.current.key !== key) held.current = { key, buffer: emptyBuffer() };
    const bump = bumper(setView, held, key);
    const s = latest.current;
    const watch = watchFeed(client, s.feed, s.params, {
      data: (data) => {
        const c = latest.current.toColumns(data);
        const buffer = held.current.buffer;
        appendSample(buffer, c.t, c.values);
        trimBefore(
          buffer,
          Date.now() - Math.max(useTimeWindow.getState().spanSec, 900) * 1000 - 60_000,
        );
        bump({
          status: 'live',
          error: null,
          retryInMs: null,
          problems: c.problems ?? [],
          lastAt: c.t,
        });
      },
      error: (error, retryInMs) => bump({ status: 'unknown', error, retryInMs }),
      ended: (_reason, error) => bump({ status: 'ended', ...(error ? { error } : {}) }),
    });
    watch.ready.catch((err: unknown) => bump({ status: 'unknown', error: toErrorShape(err) }));
    return () => void watch.stop();
  }, [spec.key, open, win.live]);

  return view.key === spec.key ? view : initial(spec.key);
}
