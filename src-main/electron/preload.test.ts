/**
 * The preload under plain Node: exposes only invoke/onEvent, takes terminal output from its stream
 * port (checked) and acks on it, and bundles to code needing only electron.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc';
import { STREAM_PORT_CHANNEL } from './stream-port-protocol';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('electron door (preload)', () => {
  beforeAll(async () => {
    fake.reset();
    await import('./preload');
  });

  function exposed() {
    const { exposeInMainWorld } = fake.module.contextBridge;
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = exposeInMainWorld.mock.calls[0] as unknown as [
      string,
      Record<string, unknown>,
    ];
    expect(key).toBe('opsdeck');
    return api as {
      invoke(method: string, params: unknown): Promise<unknown>;
      onEvent(listener: (m: EventMessage) => void): () => void;
    };
  }

  it('exposes exactly invoke and onEvent under window.opsdeck', () => {
    expect(Object.keys(exposed()).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('invokes over opsdeck:invoke, the channel main handles', async () => {
    await expect(exposed().invoke('app.info', {})).resolves.toEqual({
      ok: true,
      value: 'from-main',
    });
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith('opsdeck:invoke', 'app.info', {});
    expect(INVOKE_CHANNEL).toBe('opsdeck:invoke');
  });

  /** The listener the preload registered on an ipcRenderer channel. */
  function channelListener(channel: string) {
    const call = fake.module.ipcRenderer.on.mock.calls.find(([c]) => c === channel) as unknown as
      [string, (event: unknown, message?: unknown) => void] | undefined;
    if (!call) throw new Error(`the preload does not listen on ${channel}`);
    return call[1];
  }

  it('delivers opsdeck:event messages and unsubscribes', () => {
    const listener = vi.fn();
    const off = exposed().onEvent(listener);
    expect(EVENT_CHANNEL).toBe('opsdeck:event');
    const message: EventMessage = { topic: 'prompt.closed', payload: { id: 'p1' } };
    channelListener('opsdeck:event')({ sender: 'ipc' }, message);
    expect(listener).toHaveBeenCalledWith(message);
    off();
    channelListener('opsdeck:event')({ sender: 'ipc' }, message);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  describe('stream port (terminal output straight from the core process)', () => {
    const data = (seq: number): EventMessage => ({
      topic: 'terminal.data',
      payload: { terminalId: 't1', data: `line ${seq}\r\n`, seq },
    });
    let core: MessagePort;

    beforeAll(() => {
      // Asked once at load, on the channel main brokers ports on.
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledWith(STREAM_PORT_CHANNEL);
      const channel = new MessageChannel();
      core = channel.port1;
      channelListener(STREAM_PORT_CHANNEL)({ ports: [channel.port2] });
    });
    afterAll(() => core.close());

    const nextFromRenderer = () => new Promise<unknown>((resolve) => core.once('message', resolve));

    it('delivers terminal.data from the port in order; malformed items are dropped', async () => {
      const got: EventMessage[] = [];
      const off = exposed().onEvent((m) => got.push(m));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      core.postMessage({
        items: [
          { event: data(0) },
          { event: { topic: 'workflow.finished', payload: {} } },
          { event: { topic: 'terminal.data', payload: { terminalId: 't1', data: 42, seq: 1 } } },
          'junk',
          { event: data(1) },
        ],
      });
      core.postMessage({ nothing: true });
      await vi.waitFor(() => expect(got).toEqual([data(0), data(1)]));
      await vi.waitFor(() => expect(warn).toHaveBeenCalled());
      warn.mockRestore();
      off();
    });

    it("sends terminals.ack on the port and answers with the core's reply; other calls go to main", async () => {
      const sent = nextFromRenderer();
      const acked = exposed().invoke('terminals.ack', { terminalId: 't1', seq: 9 });
      const call = (await sent) as { call: { id: number; method: string; params: unknown } };
      expect(call.call).toMatchObject({
        method: 'terminals.ack',
        params: { terminalId: 't1', seq: 9 },
      });
      const envelope = { ok: true, value: { paused: false } };
      core.postMessage({ items: [{ reply: { id: call.call.id, envelope } }] });
      await expect(acked).resolves.toEqual(envelope);
      fake.module.ipcRenderer.invoke.mockClear();
      await exposed().invoke('terminals.write', { terminalId: 't1', data: 'ls\n' });
      expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith(
        INVOKE_CHANNEL,
        'terminals.write',
        { terminalId: 't1', data: 'ls\n' },
      );
    });

    it('drops the port when the core stops (waiting acks answered) and asks again once it is ready', async () => {
      const sent = nextFromRenderer();
      const waiting = exposed().invoke('terminals.ack', { terminalId: 't1', seq: 1 });
      await sent;
      const status = (payload: unknown) =>
        channelListener('opsdeck:event')({}, { topic: 'core.status', payload });
      status({ state: 'restarting', attempt: 1, nextRetryAt: 0, reason: 'exit code 1' });
      await expect(waiting).resolves.toMatchObject({
        ok: false,
        error: { code: 'CORE_UNAVAILABLE' },
      });
      fake.module.ipcRenderer.invoke.mockClear();
      await exposed().invoke('terminals.ack', { terminalId: 't1', seq: 1 });
      expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'terminals.ack', {
        terminalId: 't1',
        seq: 1,
      });
      fake.module.ipcRenderer.send.mockClear();
      status({ state: 'ready', core: { door: 'electron', pid: 1 } });
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledWith(STREAM_PORT_CHANNEL);
    });

    it('asks once per core lifetime; a port that replaces the current one is read after it ends', async () => {
      const status = (payload: unknown) =>
        channelListener('opsdeck:event')({}, { topic: 'core.status', payload });
      const ready = () => status({ state: 'ready', core: { door: 'electron', pid: 1 } });
      // Asked already (previous test): a `ready` crossing the request asks nothing more.
      fake.module.ipcRenderer.send.mockClear();
      ready();
      expect(fake.module.ipcRenderer.send).not.toHaveBeenCalled();
      // Main had no port for it (the core was not ready): the next `ready` asks again.
      channelListener(STREAM_PORT_CHANNEL)({ ports: [] });
      ready();
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledTimes(1);
      const first = new MessageChannel();
      const second = new MessageChannel();
      channelListener(STREAM_PORT_CHANNEL)({ ports: [first.port2] });
      channelListener(STREAM_PORT_CHANNEL)({ ports: [second.port2] });
      const got: EventMessage[] = [];
      const off = exposed().onEvent((m) => got.push(m));
      second.port1.postMessage({ items: [{ event: data(8) }] });
      first.port1.postMessage({ items: [{ event: data(7) }] });
      await vi.waitFor(() => expect(got).toEqual([data(7)]));
      // The core closes the old port after all it sent there: then the new one is read.
      first.port1.close();
      await vi.waitFor(() => expect(got).toEqual([data(7), data(8)]));
      ready();
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledTimes(1);
      off();
      core.close();
      core = second.port1;
    });

    it('a call the core does not answer in 10 s is answered CORE_UNAVAILABLE (nothing waits forever)', async () => {
      vi.useFakeTimers();
      try {
        const sent = nextFromRenderer();
        const waiting = exposed().invoke('terminals.ack', { terminalId: 't1', seq: 3 });
        await sent;
        vi.advanceTimersByTime(10_000);
        await expect(waiting).resolves.toMatchObject({
          ok: false,
          error: { code: 'CORE_UNAVAILABLE', message: expect.stringContaining('10 s') },
        });
      } finally {
        vi.useRealTimers();
      }
    });

    it('notices the core closing the port: waiting calls answered, later acks through main', async () => {
      const sent = nextFromRenderer();
      const waiting = exposed().invoke('terminals.ack', { terminalId: 't1', seq: 4 });
      await sent;
      fake.module.ipcRenderer.send.mockClear();
      core.close();
      await expect(waiting).resolves.toMatchObject({
        ok: false,
        error: { code: 'CORE_UNAVAILABLE', message: expect.stringContaining('closed') },
      });
      fake.module.ipcRenderer.invoke.mockClear();
      await exposed().invoke('terminals.ack', { terminalId: 't1', seq: 5 });
      expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'terminals.ack', {
        terminalId: 't1',
        seq: 5,
      });
      // No port came to replace it: it asks main for a new one (once).
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledTimes(1);
      expect(fake.module.ipcRenderer.send).toHaveBeenCalledWith(STREAM_PORT_CHANNEL);
    });
  });

  describe('security: the page gets the bridge only, never the stream port', () => {
    /** Every value reachable from `root` (own properties, arrays, prototypes' own functions). */
    function reachable(root: unknown): unknown[] {
      const seen = new Set<unknown>();
      const walk = (v: unknown) => {
        if (seen.has(v) || (typeof v !== 'object' && typeof v !== 'function') || v === null) return;
        seen.add(v);
        for (const key of Reflect.ownKeys(v)) {
          const d = Object.getOwnPropertyDescriptor(v, key);
          if (d && 'value' in d) walk(d.value);
          else if (d) {
            walk(d.get);
            walk(d.set);
          }
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== Function.prototype && proto !== Array.prototype)
          walk(proto);
      };
      walk(root);
      return [...seen];
    }
    const isPort = (v: unknown) =>
      v instanceof MessagePort ||
      (typeof v === 'object' && v !== null && 'postMessage' in v && 'start' in v);

    it('exposeInMainWorld gets no port and no function but invoke and onEvent, however deep', () => {
      const { exposeInMainWorld } = fake.module.contextBridge;
      const args = exposeInMainWorld.mock.calls.flat();
      const values = reachable(args);
      expect(values.filter(isPort)).toEqual([]);
      const api = exposed();
      expect(values.filter((v) => typeof v === 'function')).toEqual(
        expect.arrayContaining([api.invoke, api.onEvent]),
      );
      expect(values.filter((v) => typeof v === 'function')).toHaveLength(2);
    });

    it('what the page receives from the port is data: no port, no function', async () => {
      // Start over: the core restarted, and this is the port it gave.
      channelListener('opsdeck:event')({}, { topic: 'core.status', payload: { state: 'stopped' } });
      const channel = new MessageChannel();
      channelListener(STREAM_PORT_CHANNEL)({ ports: [channel.port2] });
      const got: EventMessage[] = [];
      const off = exposed().onEvent((m) => got.push(m));
      const sneaky = new MessageChannel();
      const payload = { terminalId: 't1', data: 'x', seq: 1, extra: sneaky.port1 };
      const replied = exposed().invoke('terminals.ack', { terminalId: 't1', seq: 1 });
      const call = (await new Promise((resolve) => channel.port1.once('message', resolve))) as {
        call: { id: number };
      };
      const value = { paused: false, port: sneaky.port2 };
      channel.port1.postMessage(
        { items: [{ reply: { id: call.call.id, envelope: { ok: true, value } } }] },
        [sneaky.port2],
      );
      expect(await replied).toEqual({ ok: true, value: { paused: false } });
      channel.port1.postMessage(
        { items: [{ event: { topic: 'terminal.data', payload, more: sneaky.port1 } }] },
        [sneaky.port1],
      );
      await vi.waitFor(() => expect(got.some((m) => m.topic === 'terminal.data')).toBe(true));
      expect(got.filter((m) => m.topic === 'terminal.data')).toEqual([
        { topic: 'terminal.data', payload: { terminalId: 't1', data: 'x', seq: 1 } },
      ]);
      const values = reachable(got);
      expect(values.filter(isPort)).toEqual([]);
      expect(values.filter((v) => typeof v === 'function')).toEqual([]);
      off();
      channel.port1.close();
    });
  });

  it('bundles to code that requires nothing but electron (it runs in a sandboxed preload)', async () => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
  });
});
