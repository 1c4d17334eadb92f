import { describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../contract';
import { createEventBus } from '../core/event-bus';
import { connectionFactory } from './connection';
import type { Router } from './router';

function setup() {
  const bus = createEventBus();
  const router: Router = {
    call: vi.fn(async (method, _params, call) => ({ ok: true as const, value: { method, call } })),
  };
  const released: string[] = [];
  const connect = connectionFactory({ router, bus, released: (id) => released.push(id) });
  return { bus, router, released, connect };
}

describe('door connections', () => {
  it('carry their id and door on every call', async () => {
    const { connect, router } = setup();
    const c = connect('web');
    await c.invoke('hosts.list', {});
    expect(router.call).toHaveBeenCalledWith(
      'hosts.list',
      {},
      {
        door: 'web',
        connectionId: c.id,
        signal: expect.any(AbortSignal),
      },
    );
    expect(connect('web').id).not.toBe(c.id);
  });

  it('hear broadcast events and their own, not another connection’s', () => {
    const { connect, bus } = setup();
    const [a, b] = [connect('web'), connect('cli')];
    const heard: [string, string][] = [];
    a.onEvent((m: EventMessage) => heard.push(['a', m.topic]));
    b.onEvent((m: EventMessage) => heard.push(['b', m.topic]));
    bus.emit('vault.changed', { unlocked: true });
    bus.emit('hosts.changed', { ids: [], reason: 'x' }, { to: b.id });
    expect(heard).toEqual([
      ['a', 'vault.changed'],
      ['b', 'vault.changed'],
      ['b', 'hosts.changed'],
    ]);
  });

  it('once closed: released once, deaf, and calls refused with CANCELLED', async () => {
    const { connect, bus, router, released } = setup();
    const c = connect('electron');
    const heard: string[] = [];
    c.onEvent((m) => heard.push(m.topic));
    c.close();
    c.close();
    expect(released).toEqual([c.id]);
    expect(c.closed).toBe(true);
    bus.emit('vault.changed', { unlocked: false });
    expect(heard).toEqual([]);
    expect(await c.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(router.call).not.toHaveBeenCalled();
  });
});
