import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBinaryFrame } from '../../src-main/contract/web-frames';
import { backoffDelay, createWsTransport, wsUrlFor, type WebSocketLike } from './ws-transport';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  frames(): { id: number; method: string; params: unknown }[] {
    return this.sent.map((s) => JSON.parse(s));
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const make = (extra = {}) =>
  createWsTransport({ url: 'ws://h/ws', WebSocketImpl: FakeSocket, callTimeoutMs: 1000, ...extra });

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('ws transport', () => {
  it('builds the URL from the page origin', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:7000' })).toBe('ws://127.0.0.1:7000/ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'ops.example' })).toBe('wss://ops.example/ws');
  });

  it('queues calls made before the first open and matches replies by id', async () => {
    const t = make();
    const a = t.invoke('hosts.list', {});
    const b = t.invoke('app.info', {});
    expect(last().sent).toHaveLength(0);
    last().open();
    const frames = last().frames();
    expect(frames.map((f) => f.method)).toEqual(['hosts.list', 'app.info']);
    // Replies out of order still reach the right caller.
    last().receive({ id: frames[1]!.id, envelope: { ok: true, value: { version: '1' } } });
    last().receive({ id: frames[0]!.id, envelope: { ok: true, value: [] } });
    await expect(a).resolves.toEqual({ ok: true, value: [] });
    await expect(b).resolves.toEqual({ ok: true, value: { version: '1' } });
  });

  it('passes error envelopes through and ignores unknown ids and junk', async () => {
    const t = make();
    last().open();
    const p = t.invoke('hosts.get', { id: 'x' });
    const id = last().frames()[0]!.id;
    last().onmessage?.({ data: 'not json' });
    last().receive({ id: 9999, envelope: { ok: true, value: 1 } });
    const error = { code: 'NOT_FOUND', message: 'No host x', hint: 'List hosts' };
    last().receive({ id, envelope: { ok: false, error } });
    await expect(p).resolves.toEqual({ ok: false, error });
  });

  it('delivers events to listeners until unsubscribed', () => {
    const t = make();
    last().open();
    const seen: string[] = [];
    const off = t.onEvent((m) => seen.push(m.topic));
    last().receive({ event: { topic: 'hosts.changed', payload: { ids: [], reason: 'x' } } });
    off();
    last().receive({ event: { topic: 'hosts.changed', payload: { ids: [], reason: 'y' } } });
    expect(seen).toEqual(['hosts.changed']);
  });

  it('times out a call with TIMEOUT and ignores a late reply', async () => {
    const t = make();
    last().open();
    const p = t.invoke('workflows.plan', {});
    vi.advanceTimersByTime(1001);
    const res = await p;
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('TIMEOUT');
    last().receive({ id: last().frames()[0]!.id, envelope: { ok: true, value: 1 } });
  });

  it('rejects in-flight calls on disconnect, then reconnects with backoff', async () => {
    const t = make();
    const states: string[] = [];
    t.onState((i) => states.push(i.state));
    last().open();
    const p = t.invoke('hosts.testConnection', { id: 'h1' });
    last().drop();
    const res = await p;
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('CANCELLED');
      expect(res.error.message).toMatch(/connection .* lost/);
    }
    expect(t.info().state).toBe('reconnecting');
    // While disconnected, new calls fail fast with a clear error.
    const q = await t.invoke('hosts.list', {});
    expect(q.ok).toBe(false);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(); // attempt 2 fails → waits 1000 ms
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    last().open();
    expect(states).toEqual(['open', 'reconnecting', 'reconnecting', 'open']);
    const r = t.invoke('app.info', {});
    last().receive({ id: last().frames()[0]!.id, envelope: { ok: true, value: 'v' } });
    await expect(r).resolves.toEqual({ ok: true, value: 'v' });
  });

  it('keeps retrying the first connection and sends queued calls once open', async () => {
    const t = make({ callTimeoutMs: 60_000 });
    const p = t.invoke('app.info', {});
    last().drop();
    expect(t.info()).toMatchObject({ state: 'connecting', attempt: 1 });
    t.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
    last().open();
    last().receive({ id: last().frames()[0]!.id, envelope: { ok: true, value: 1 } });
    await expect(p).resolves.toEqual({ ok: true, value: 1 });
  });

  it('close() answers everything pending and stops reconnecting', async () => {
    const t = make();
    last().open();
    const p = t.invoke('hosts.list', {});
    t.close();
    expect((await p).ok).toBe(false);
    expect(t.info().state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('asks for binary terminal frames and decodes them into the same events', () => {
    const t = make();
    expect(last().url).toBe('ws://h/ws?frames=binary');
    expect(last().binaryType).toBe('arraybuffer');
    last().open();
    const seen: unknown[] = [];
    t.onEvent((m) => seen.push(m));
    const payload = { terminalId: 't1', seq: 3, data: 'ok\r\n✓ {"x":1}\n' };
    const frame = encodeBinaryFrame({ topic: 'terminal.data', payload })!;
    last().onmessage?.({
      data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength),
    });
    last().onmessage?.({ data: new Uint8Array([1, 2, 3]).buffer }); // not a frame: ignored
    expect(seen).toEqual([{ topic: 'terminal.data', payload }]);
    expect(
      encodeBinaryFrame({ topic: 'vault.changed', payload: { unlocked: true } }),
    ).toBeUndefined();
  });

  it('caps the backoff', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 10000, 10000,
    ]);
  });
});
