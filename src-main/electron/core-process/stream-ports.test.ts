/**
 * The core's ends of the stream ports: a replacement never loses output (the old port's batch
 * of this turn is sent before it closes, then output goes to the new one), each answer names
 * the port it is about, and a port for a connection that is not open is refused out loud.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
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
});
