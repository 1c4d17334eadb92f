import { describe, expect, it, vi } from 'vitest';
import { OpsdeckError, type EventMessage } from '../../contract';
import { createEventBus } from '../event-bus';
import type { FeedSink, FeedSources } from './feed-source';
import { WatchHub } from './watch-hub';

type Topology = Parameters<FeedSink<never>['data']>[0];

/** A hub over a hand-driven source: the test pushes updates through the sink it was given. */
function setup(maxPerConnection?: number) {
  const bus = createEventBus();
  const events: EventMessage[] = [];
  bus.subscribe((m) => events.push(m));
  const started: { params: unknown; sink: FeedSink<unknown>; signal: AbortSignal }[] = [];
  const sources: FeedSources = {
    'mysql.topology': (params, sink, signal) => {
      if (params.host === 'missing')
        throw new OpsdeckError('NOT_FOUND', 'No host missing.', 'Add it.');
      started.push({ params, sink: sink as FeedSink<unknown>, signal });
    },
    'mysql.cluster': () => {
      throw new OpsdeckError('INTERNAL', 'Not used here.', 'Use mysql.topology.');
    },
  };
  const hub = new WatchHub({
    sources,
    bus,
    clock: { now: () => new Date('2025-01-01T00:00:00Z') },
    ...(maxPerConnection ? { maxPerConnection } : {}),
  });
  const tree = (rootId: string) => ({ rootId }) as unknown as Topology;
  const sub = (host: string, owner: string, intervalMs = 5000) =>
    hub.subscribe({ feed: 'mysql.topology', params: { host, intervalMs } }, owner).subscriptionId;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { hub, events, started, tree, sub, tick };
}

describe('WatchHub (the watch primitive)', () => {
  it('delivers a subscription’s updates to its connection only, numbered, after the reply', async () => {
    const { events, started, tree, sub, tick } = setup();
    const id = sub('db1', 'conn-a');
    started[0]!.sink.data(tree('r1'));
    expect(events).toEqual([]); // not before the subscribe call has answered
    await tick();
    started[0]!.sink.data(tree('r2'));
    expect(events).toEqual([
      {
        topic: 'watch.data',
        to: 'conn-a',
        payload: {
          subscriptionId: id,
          feed: 'mysql.topology',
          seq: 1,
          at: '2025-01-01T00:00:00.000Z',
          data: tree('r1'),
        },
      },
      {
        topic: 'watch.data',
        to: 'conn-a',
        payload: expect.objectContaining({ subscriptionId: id, seq: 2, data: tree('r2') }),
      },
    ]);
  });

  it('shares one source between equal subscriptions (any key order); a late one gets the latest update', async () => {
    const { hub, events, started, tree, sub, tick } = setup();
    const a = sub('db1', 'conn-a');
    await tick();
    started[0]!.sink.data(tree('r1'));
    const b = hub.subscribe(
      { feed: 'mysql.topology', params: { intervalMs: 5000, host: 'db1' } },
      'conn-b',
    ).subscriptionId;
    await tick();
    expect(started).toHaveLength(1);
    expect(hub.activeSources).toBe(1);
    const toB = events.filter((e) => e.to === 'conn-b');
    expect(toB).toEqual([
      {
        topic: 'watch.data',
        to: 'conn-b',
        payload: expect.objectContaining({ subscriptionId: b, seq: 1 }),
      },
    ]);
    expect(hub.list('conn-a')).toEqual([
      expect.objectContaining({ subscriptionId: a, sharedWith: 1, updates: 1 }),
    ]);
    // Other params: another source.
    sub('db1', 'conn-b', 1000);
    expect(started).toHaveLength(2);
  });

  it('stops a source when its last subscriber leaves; only the owner may unsubscribe', async () => {
    const { hub, started, sub } = setup();
    const a = sub('db1', 'conn-a');
    const b = sub('db1', 'conn-b');
    expect(hub.unsubscribe(a, 'conn-b')).toEqual({ stopped: false });
    expect(hub.unsubscribe(a, 'conn-a')).toEqual({ stopped: true });
    expect(started[0]!.signal.aborted).toBe(false);
    expect(hub.unsubscribe(b, 'conn-b')).toEqual({ stopped: true });
    expect(started[0]!.signal.aborted).toBe(true);
    expect(hub.activeSources).toBe(0);
    expect(hub.unsubscribe(b, 'conn-b')).toEqual({ stopped: false });
  });

  it('ends every subscription of a connection that closes, and nobody else’s', () => {
    const { hub, started, sub } = setup();
    sub('db1', 'conn-a');
    sub('db2', 'conn-a');
    sub('db2', 'conn-b');
    expect(hub.release('conn-a')).toBe(2);
    expect(started[0]!.signal.aborted).toBe(true); // db1: nobody left
    expect(started[1]!.signal.aborted).toBe(false); // db2: conn-b still watches
    expect(hub.list('conn-a')).toEqual([]);
    expect(hub.list('conn-b')).toHaveLength(1);
  });

  it('reports failures with the retry delay, and an ended source to each subscriber', async () => {
    const { events, started, sub, tick } = setup();
    const id = sub('db1', 'conn-a');
    await tick();
    started[0]!.sink.error(new OpsdeckError('MYSQL_UNREACHABLE', 'down', 'start it'), 4000);
    started[0]!.sink.end(new OpsdeckError('NOT_FOUND', 'host removed', 'add it again'));
    expect(events.map((e) => [e.topic, e.payload])).toEqual([
      [
        'watch.error',
        {
          subscriptionId: id,
          feed: 'mysql.topology',
          retryInMs: 4000,
          error: expect.objectContaining({ code: 'MYSQL_UNREACHABLE' }),
        },
      ],
      [
        'watch.ended',
        {
          subscriptionId: id,
          feed: 'mysql.topology',
          reason: 'failed',
          error: expect.objectContaining({ code: 'NOT_FOUND' }),
        },
      ],
    ]);
    expect(started[0]!.signal.aborted).toBe(true);
  });

  it('refuses a subscription its source refuses, and more than the limit per connection', () => {
    const { hub, sub } = setup(2);
    expect(() => sub('missing', 'conn-a')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(hub.activeSources).toBe(0);
    sub('db1', 'conn-a');
    sub('db2', 'conn-a');
    expect(() => sub('db3', 'conn-a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    expect(() => sub('db3', 'conn-b')).not.toThrow();
  });

  it('on shutdown tells every subscriber and stops every source', () => {
    const { hub, events, started, sub } = setup();
    const id = sub('db1', 'conn-a');
    hub.shutdown();
    expect(events).toEqual([
      {
        topic: 'watch.ended',
        to: 'conn-a',
        payload: { subscriptionId: id, feed: 'mysql.topology', reason: 'shutdown' },
      },
    ]);
    expect(started[0]!.signal.aborted).toBe(true);
  });

  it('drops updates a stopped source still sends', async () => {
    const { hub, events, started, tree, sub, tick } = setup();
    const id = sub('db1', 'conn-a');
    await tick();
    hub.unsubscribe(id, 'conn-a');
    started[0]!.sink.data(tree('late'));
    expect(events).toEqual([]);
    vi.useRealTimers();
  });
});
