import { describe, expect, it, vi } from 'vitest';
import type { OpsdeckClient } from './client';
import type { EventMessage } from './events';
import type { Topology } from './mysql';
import { watchFeed } from './watch-client';

/** A client whose subscribe answers when the test says, and whose events the test sends. */
function fakeClient() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let answer: (id: string) => void = () => undefined;
  const calls: [string, unknown][] = [];
  const client = {
    call: vi.fn((method: string, params: unknown) => {
      calls.push([method, params]);
      if (method === 'watch.subscribe')
        return new Promise((resolve) => (answer = (id) => resolve({ subscriptionId: id })));
      return Promise.resolve({ stopped: true });
    }),
    on: (topic: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set.add(listener));
      return () => set.delete(listener);
    },
  } as unknown as OpsdeckClient;
  const send = (m: EventMessage) => listeners.get(m.topic)?.forEach((l) => l(m.payload));
  const data = (subscriptionId: string, seq: number): EventMessage => ({
    topic: 'watch.data',
    payload: {
      subscriptionId,
      feed: 'mysql.topology',
      seq,
      at: 't',
      data: { rootId: `r${seq}` } as unknown as Topology,
    },
  });
  return { client, send, data, answer: (id: string) => answer(id), calls, listeners };
}

describe('watchFeed (any door’s client)', () => {
  it('keeps updates that arrive before the subscription id, and drops other subscriptions’', async () => {
    const f = fakeClient();
    const got: string[] = [];
    const w = watchFeed(
      f.client,
      'mysql.topology',
      { host: 'db1' },
      {
        data: (t) => got.push(t.rootId),
      },
    );
    f.send(f.data('mine', 1));
    f.send(f.data('theirs', 1));
    f.answer('mine');
    await w.ready;
    f.send(f.data('mine', 2));
    expect(got).toEqual(['r1', 'r2']);
  });

  it('hands errors and the end to their handlers; the end stops listening', async () => {
    const f = fakeClient();
    const seen: string[] = [];
    const w = watchFeed(
      f.client,
      'mysql.topology',
      { host: 'db1' },
      {
        data: () => seen.push('data'),
        error: (e, retry) => seen.push(`error ${e.code} ${retry}`),
        ended: (reason) => seen.push(`ended ${reason}`),
      },
    );
    f.answer('s1');
    await w.ready;
    const error = { code: 'MYSQL_UNREACHABLE' as const, message: 'down', hint: 'start it' };
    f.send({
      topic: 'watch.error',
      payload: { subscriptionId: 's1', feed: 'mysql.topology', error, retryInMs: 4000 },
    });
    f.send({
      topic: 'watch.ended',
      payload: { subscriptionId: 's1', feed: 'mysql.topology', reason: 'shutdown' },
    });
    f.send(f.data('s1', 9));
    expect(seen).toEqual(['error MYSQL_UNREACHABLE 4000', 'ended shutdown']);
    expect([...f.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('stopped before the id came: unsubscribes as soon as it does', async () => {
    const f = fakeClient();
    const w = watchFeed(f.client, 'mysql.topology', { host: 'db1' }, { data: () => undefined });
    await w.stop();
    f.answer('late');
    await w.ready;
    await Promise.resolve();
    expect(f.calls).toEqual([
      ['watch.subscribe', { feed: 'mysql.topology', params: { host: 'db1' } }],
      ['watch.unsubscribe', { subscriptionId: 'late' }],
    ]);
  });
});
