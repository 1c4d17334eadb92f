/**
 * The core's ends of the stream ports: a replacement never loses output (the old port's batch
 * of this turn is sent before it closes, then output goes to the new one), each answer names
 * the port it is about, and a port for a connection that is not open is refused out loud.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../contract';
import type { StreamBatch } from '../stream-port-protocol';
import type { StreamReady } from './messages';
import { streamPorts, type CorePort } from './stream-ports';

class FakePort extends EventEmitter implements CorePort {
  /** What was posted, and `closed` where the port closed. */
  log: (StreamBatch | 'closed')[] = [];
  postMessage(message: StreamBatch) {
    this.log.push(message);
  }
  start() {}
  close() {
    this.log.push('closed');
  }
}

const data = (seq: number): EventMessage => ({
  topic: 'terminal.data',
  payload: { terminalId: 't1', data: `line ${seq}\n`, seq },
});
const seqs = (port: FakePort) =>
  port.log.flatMap((m): (number | string)[] =>
    m === 'closed' ? ['closed'] : m.items.map((i) => ('event' in i ? i.event.payload.seq : -1)),
  );
const caller = Promise.resolve({ invoke: vi.fn() });
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Attach `port` as connection 1 and stream on it (fake timers): output every 4 ms for 80 ms. */
async function streamOn(ports: ReturnType<typeof streamPorts>, port: FakePort): Promise<number> {
  ports.attach(1, 1, port, caller);
  await vi.advanceTimersByTimeAsync(0);
  let seq = 0;
  for (let t = 0; t < 80; t += 4) {
    ports.route(1, data(seq++));
    await vi.advanceTimersByTimeAsync(4);
  }
  return seq;
}

describe('stream ports in the core process', () => {
  it('replacing a port sends what the old one held this turn before closing it; nothing is lost', async () => {
    const confirmed: StreamReady[] = [];
    const ports = streamPorts((r) => confirmed.push(r));
    const a = new FakePort();
    const b = new FakePort();
    ports.attach(1, 1, a, caller);
    await settle();
    expect(confirmed).toEqual([{ conn: 1, gen: 1, ok: true }]);
    expect(ports.route(1, data(0))).toBe(true);
    ports.attach(1, 2, b, caller);
    expect(ports.route(1, data(1))).toBe(true); // still this turn: the old port's batch
    await caller; // the replacement happens now, before the batch's own flush
    await Promise.resolve();
    expect(ports.route(1, data(2))).toBe(true);
    await settle();
    expect(seqs(a)).toEqual([0, 1, 'closed']);
    expect(seqs(b)).toEqual([2]);
    expect(confirmed.at(-1)).toEqual({ conn: 1, gen: 2, ok: true });
  });

  it('a port for a connection that is not open is closed and answered not ok (main closes its end)', async () => {
    const confirmed: StreamReady[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ports = streamPorts((r) => confirmed.push(r));
    const port = new FakePort();
    ports.attach(5, 9, port, Promise.resolve(undefined));
    await settle();
    expect(port.log).toEqual(['closed']);
    expect(confirmed).toEqual([{ conn: 5, gen: 9, ok: false }]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('stream port 9'));
    expect(ports.route(5, data(0))).toBe(false);
    warn.mockRestore();
  });

  describe('while a stream waits for its frame timer', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('replacing a port while a stream waits for its frame timer sends it all to the old port before closing it', async () => {
      const ports = streamPorts(() => undefined);
      const a = new FakePort();
      const b = new FakePort();
      let seq = await streamOn(ports, a); // after the first frames it waits for the timer
      ports.route(1, data(seq++));
      ports.route(1, data(seq++));
      const waiting = seqs(a).length;
      expect(waiting).toBeLessThan(seq); // the last ones wait for the frame
      ports.attach(1, 2, b, caller);
      await vi.advanceTimersByTimeAsync(0);
      expect(seqs(a)).toEqual([...[...Array(seq).keys()], 'closed']);
      ports.route(1, data(seq));
      await vi.advanceTimersByTimeAsync(32);
      expect(seqs(b)).toEqual([seq]);
    });

    it('a port its peer closed gets no more messages: the waiting frame is dropped, its timer stopped', async () => {
      const ports = streamPorts(() => undefined);
      const a = new FakePort();
      let seq = await streamOn(ports, a);
      ports.route(1, data(seq++)); // waits for the frame timer
      const posted = a.log.length;
      a.emit('close');
      await vi.advanceTimersByTimeAsync(100);
      expect(a.log).toHaveLength(posted);
      expect(ports.route(1, data(seq))).toBe(false); // through main from now on
    });
  });
});
