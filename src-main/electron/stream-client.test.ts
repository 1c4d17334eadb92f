/**
 * The renderer's routing of the stream port, pure (the preload and the bench's renderer both run
 * it): one request per core lifetime, a replacing port read only after the old one ends, acks on
 * the port answered by the core's reply (or CORE_UNAVAILABLE when the port goes or times out).
 */
import { describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../contract';
import { createStreamClient, type StreamClock, type StreamPort } from './stream-client';

/** A DOM MessagePort as far as the client uses it: messages queue until `onmessage` is set. */
class FakePort implements StreamPort {
  private handler: ((event: { data: unknown }) => void) | null = null;
  private queued: unknown[] = [];
  get onmessage() {
    return this.handler;
  }
  set onmessage(handler: ((event: { data: unknown }) => void) | null) {
    this.handler = handler;
    if (handler) for (const data of this.queued.splice(0)) handler({ data });
  }
  posted: unknown[] = [];
  closed = false;
  private closers: (() => void)[] = [];
  addEventListener(_type: 'close', listener: () => void) {
    this.closers.push(listener);
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.closers) c();
  }
  /** The core sends `data` on it. */
  receive(data: unknown) {
    if (this.handler) this.handler({ data });
    else this.queued.push(data);
  }
}

const output = (seq: number): EventMessage => ({
  topic: 'terminal.data',
  payload: { terminalId: 't1', data: `line ${seq}\n`, seq },
});

function client() {
  const asked = vi.fn();
  const delivered: EventMessage[] = [];
  const timers: (() => void)[] = [];
  const clock: StreamClock = {
    setTimeout: (run) => timers.push(run),
    clearTimeout: () => undefined,
  };
  const stream = createStreamClient({
    askForPort: asked,
    deliver: (m) => delivered.push(m),
    clock,
  });
  return { stream, asked, delivered, timers };
}

describe('stream client', () => {
  it('asks once per core lifetime; again after main had no port or the core restarted', () => {
    const { stream, asked } = client();
    stream.ask();
    stream.coreStatus('ready');
    expect(asked).toHaveBeenCalledTimes(1);
    stream.offer(undefined); // main had none: the next ready asks again
    stream.coreStatus('ready');
    expect(asked).toHaveBeenCalledTimes(2);
    stream.offer(new FakePort());
    expect(stream.streaming).toBe(true);
    stream.coreStatus('restarting');
    expect(stream.streaming).toBe(false);
    stream.coreStatus('ready');
    expect(asked).toHaveBeenCalledTimes(3);
  });

  it('delivers output in order across a port replacement (the new port is read after the old closes)', () => {
    const { stream, delivered } = client();
    const first = new FakePort();
    const second = new FakePort();
    stream.offer(first);
    stream.offer(second);
    second.receive({ items: [{ event: output(2) }] }); // queued: not read before the old closes
    expect(second.onmessage).toBeNull();
    expect(delivered).toEqual([]);
    first.receive({ items: [{ event: output(0) }, { event: output(1) }] });
    first.close();
    expect(delivered.map((m) => (m.topic === 'terminal.data' ? m.payload.seq : -1))).toEqual([
      0, 1, 2,
    ]);
  });

  it('only the ack goes on the port; its reply answers it; other calls go through main', async () => {
    const { stream } = client();
    const port = new FakePort();
    stream.offer(port);
    expect(stream.call('terminals.write', { terminalId: 't1', data: 'x' })).toBeUndefined();
    const reply = stream.call('terminals.ack', { terminalId: 't1', seq: 4 });
    const [sent] = port.posted as { call: { id: number; method: string } }[];
    expect(sent?.call.method).toBe('terminals.ack');
    port.receive({
      items: [{ reply: { id: sent?.call.id, envelope: { ok: true, value: { paused: true } } } }],
    });
    await expect(reply).resolves.toEqual({ ok: true, value: { paused: true } });
  });

  it('a port that closes or a call that times out answers CORE_UNAVAILABLE; nothing waits forever', async () => {
    const { stream, asked, timers } = client();
    const port = new FakePort();
    stream.offer(port);
    const timedOut = stream.call('terminals.ack', { terminalId: 't1', seq: 1 });
    timers[0]?.();
    await expect(timedOut).resolves.toMatchObject({ error: { code: 'CORE_UNAVAILABLE' } });
    const dropped = stream.call('terminals.ack', { terminalId: 't1', seq: 2 });
    port.close();
    await expect(dropped).resolves.toMatchObject({
      error: { code: 'CORE_UNAVAILABLE', message: expect.stringContaining('closed') },
    });
    expect(stream.call('terminals.ack', { terminalId: 't1', seq: 3 })).toBeUndefined();
    expect(asked).toHaveBeenCalledTimes(1); // no successor waiting: ask main for a new port
  });
});
