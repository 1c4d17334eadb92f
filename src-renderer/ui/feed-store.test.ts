import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpsdeckError, type EventPayload, type EventTopic } from '../../src-main/contract';
import { createFeedStore } from './feed-store';

/** A topic the test publishes on, and a list source whose answers the test controls. */
function harness(onData?: (s: { items: string[] }) => void) {
  type Changed = EventPayload<'hosts.changed'>;
  const listeners = new Set<(e: Changed) => void>();
  const publish = (e: { id: string; kind: 'changed' | 'note' }) =>
    listeners.forEach((l) => l({ ids: [e.id], reason: e.kind }));
  let next: () => Promise<string[]> = () => Promise.resolve(['a']);
  const fetch = vi.fn(() => next());
  const store = createFeedStore({
    initial: { items: [] as string[], notes: [] as string[] },
    fetch,
    toState: (items: string[]) => ({ items }),
    events: {
      on: <T extends EventTopic>(topic: T, l: (p: EventPayload<T>) => void) => {
        expect(topic).toBe('hosts.changed');
        const listener = l as (e: Changed) => void;
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    topic: 'hosts.changed',
    onEvent: (e, s) => (e.reason === 'note' ? { notes: [...s.notes, ...e.ids] } : 'refetch'),
    debounceMs: 50,
    ...(onData ? { onData } : {}),
  });
  return {
    store,
    fetch,
    publish,
    listeners,
    answer: (f: () => Promise<string[]>) => (next = f),
  };
}

describe('createFeedStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('start fetches once; the data and loaded land in the store', async () => {
    const h = harness();
    expect(h.store.use.getState()).toMatchObject({ items: [], loaded: false, error: null });
    const stop = h.store.start();
    await vi.runAllTimersAsync();
    expect(h.fetch).toHaveBeenCalledTimes(1);
    expect(h.store.use.getState()).toMatchObject({ items: ['a'], loaded: true, error: null });
    stop();
  });

  it('a burst of events causes one fetch after the quiet time', async () => {
    const h = harness();
    const stop = h.store.start();
    await vi.runAllTimersAsync();
    h.answer(() => Promise.resolve(['a', 'b']));
    for (let i = 0; i < 5; i++) h.publish({ id: String(i), kind: 'changed' });
    await vi.advanceTimersByTimeAsync(49);
    expect(h.fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.fetch).toHaveBeenCalledTimes(2);
    expect(h.store.use.getState().items).toEqual(['a', 'b']);
    stop();
  });

  it('an event can patch the state at once instead of fetching', async () => {
    const h = harness();
    const stop = h.store.start();
    await vi.runAllTimersAsync();
    h.publish({ id: 'n1', kind: 'note' });
    expect(h.store.use.getState().notes).toEqual(['n1']);
    await vi.runAllTimersAsync();
    expect(h.fetch).toHaveBeenCalledTimes(1);
    stop();
  });

  it('a late answer of an older fetch never overwrites a newer one', async () => {
    const h = harness();
    let releaseOld: (v: string[]) => void = () => {};
    h.answer(() => new Promise((r) => (releaseOld = r)));
    const first = h.store.refetch();
    h.answer(() => Promise.resolve(['new']));
    await h.store.refetch();
    releaseOld(['old']);
    await first;
    expect(h.store.use.getState().items).toEqual(['new']);
  });

  it('a failed fetch keeps the last good data and says why; the next success clears it', async () => {
    const h = harness();
    await h.store.refetch();
    h.answer(() => Promise.reject(new OpsdeckError('TIMEOUT', 'Gone.', 'Reconnect.')));
    await h.store.refetch();
    expect(h.store.use.getState()).toMatchObject({
      items: ['a'],
      error: { code: 'TIMEOUT', message: 'Gone.' },
    });
    h.answer(() => Promise.resolve(['b']));
    h.store.resync();
    await vi.runAllTimersAsync();
    expect(h.store.use.getState()).toMatchObject({ items: ['b'], error: null });
  });

  it('stop unsubscribes and cancels a pending fetch', async () => {
    const h = harness();
    const stop = h.store.start();
    await vi.runAllTimersAsync();
    h.publish({ id: 'x', kind: 'changed' });
    stop();
    await vi.runAllTimersAsync();
    expect(h.fetch).toHaveBeenCalledTimes(1);
    expect(h.listeners.size).toBe(0);
  });

  it('onData follows each answer that lands, never a failed or superseded one', async () => {
    const seen: string[][] = [];
    const h = harness((s) => seen.push(s.items));
    await h.store.refetch();
    expect(seen).toEqual([['a']]);
    h.answer(() => Promise.reject(new OpsdeckError('TIMEOUT', 'Gone.', 'Reconnect.')));
    await h.store.refetch();
    let releaseOld: (v: string[]) => void = () => {};
    h.answer(() => new Promise((r) => (releaseOld = r)));
    const old = h.store.refetch();
    h.answer(() => Promise.resolve(['new']));
    await h.store.refetch();
    releaseOld(['old']);
    await old;
    expect(seen).toEqual([['a'], ['new']]);
  });
});
