/**
 * The core runs outside the main process: the door starts it as a utilityProcess (a real Node
 * child here, through the stand-in), relays the window's calls and the core's events, restarts
 * it after a crash with the windows told, and answers calls that were in flight clearly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../contract';
import { attachLocalCore } from '../../server/attach';
import { appUrl, fromFrame, invoke, onlyWindow } from '../../../testing/electron/door-harness';
import { startDoorWithCoreProcess } from '../../../testing/electron/core-process-door';
import type { SocketPort } from '../../../testing/electron/socket-port.mjs';
import { STREAM_PORT_CHANNEL, type StreamBatch } from '../stream-port-protocol';

const fake = await vi.hoisted(async () =>
  (await import('../../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

/** Events the window received, by topic. */
function windowEvents(topic: string): unknown[] {
  return onlyWindow(fake)
    .webContents.send.mock.calls.filter(([, m]) => (m as EventMessage).topic === topic)
    .map(([, m]) => (m as EventMessage).payload);
}

describe('electron door: the core in its own process', () => {
  let home: string;
  let door: Awaited<ReturnType<typeof startDoorWithCoreProcess>>;

  beforeAll(async () => {
    door = await startDoorWithCoreProcess(fake, {
      prefix: 'opsdeck-coreproc-',
      backoff: { firstMs: 100, maxMs: 400 },
    });
    home = door.home;
  }, 60_000);

  afterAll(() => door.quit(), 30_000);

  it('runs the core in a child process that owns the data folder; main only relays', async () => {
    expect(fake.forks).toHaveLength(1);
    const corePid = fake.forks[0]!.pid;
    expect(corePid).toBeGreaterThan(0);
    expect(corePid).not.toBe(process.pid);
    const info = await invoke(fake, fromFrame(appUrl), 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { door: 'electron', dataDir: home } });
    // The core process holds the lease and serves the local socket: a CLI attaches to it.
    const cli = await attachLocalCore({ dataDir: home });
    expect(cli.core).toMatchObject({ door: 'electron', pid: corePid });
    cli.close();
  });

  it('relays calls with validation in the core, and the core’s events to the window', async () => {
    // The password goes to the OS keychain vault: safeStorage lives in main, the core asks it.
    const added = await invoke(fake, fromFrame(appUrl), 'hosts.add', {
      name: 'db9',
      address: '127.0.0.9',
      auth: 'password',
      password: 'hunter2-hunter2',
    });
    expect(added).toMatchObject({ ok: true, value: { name: 'db9' } });
    expect(await invoke(fake, fromFrame(appUrl), 'vault.status', {})).toMatchObject({
      ok: true,
      value: { adapter: 'safe-storage', unlocked: true },
    });
    // The stand-in's safeStorage "encrypts" as the bytes themselves: seeing them proves the trip.
    const stored = readFileSync(join(home, 'secrets.safe.json'), 'utf8');
    expect(stored).toContain(Buffer.from('hunter2-hunter2').toString('base64'));
    await vi.waitFor(() => expect(windowEvents('hosts.changed')).toHaveLength(1));
    expect(await invoke(fake, fromFrame(appUrl), 'hosts.add', { name: 'bad name!' })).toMatchObject(
      { ok: false, error: { code: 'INVALID_PARAMS' } },
    );
    // Foreign frames are still refused in main, before anything reaches the core.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await invoke(fake, fromFrame('https://evil.example/'), 'hosts.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('hands the app window a stream port to the core; only terminals.ack, router-checked, goes on it', async () => {
    const contents = onlyWindow(fake).webContents;
    const ask = fake.state.ipcListeners.get(STREAM_PORT_CHANNEL);
    if (!ask) throw new Error('main does not broker stream ports');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Another page, or a subframe of the app, gets nothing.
    ask({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: contents });
    ask({ senderFrame: { url: appUrl, parent: { url: appUrl } }, sender: contents });
    ask({ senderFrame: contents.mainFrame, sender: contents });
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(1));
    const [channel, , transfer] = contents.postMessage.mock.calls[0] as [
      string,
      null,
      SocketPort[],
    ];
    expect(channel).toBe(STREAM_PORT_CHANNEL);
    const port = transfer[0]!;
    const replies = new Map<number, unknown>();
    port.on('message', ({ data }: { data: StreamBatch }) => {
      for (const item of data.items)
        if ('reply' in item) replies.set(item.reply.id, item.reply.envelope);
    });
    port.start();
    const call = (id: number, method: string, params: unknown) =>
      port.postMessage({ call: { id, method, params } });
    call(1, 'terminals.ack', { terminalId: 'no-such-terminal', seq: 5 });
    call(2, 'terminals.ack', { terminalId: 'no-such-terminal', seq: -1 });
    call(3, 'hosts.list', {});
    port.postMessage({ junk: true });
    await vi.waitFor(() => expect(replies.size).toBe(3));
    expect(replies.get(1)).toEqual({ ok: true, value: { paused: false } });
    expect(replies.get(2)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(replies.get(3)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // A reload asks again (twice, crossing `ready`): one new port is made, not two; the core
    // switches to it and only then closes the old one, whose output was all sent first (the
    // stream-port itest checks seq stays contiguous across the switch on a real terminal).
    const closed = new Promise<void>((resolve) => port.once('close', resolve));
    ask({ senderFrame: contents.mainFrame, sender: contents });
    ask({ senderFrame: contents.mainFrame, sender: contents });
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(2));
    await closed;
    const next = (contents.postMessage.mock.calls[1] as [string, null, SocketPort[]])[2][0]!;
    const answered = new Promise((resolve) =>
      next.on('message', ({ data }: { data: StreamBatch }) => resolve(data.items[0])),
    );
    next.start();
    next.postMessage({
      call: { id: 4, method: 'terminals.ack', params: { terminalId: 'x', seq: 1 } },
    });
    expect(await answered).toMatchObject({ reply: { id: 4, envelope: { ok: true } } });
    expect(contents.postMessage).toHaveBeenCalledTimes(2);
    next.close();
  });

  it('hands a port only to the frame that asked, if it still shows the app when the port is ready', async () => {
    const contents = onlyWindow(fake).webContents;
    const ask = fake.state.ipcListeners.get(STREAM_PORT_CHANNEL)!;
    const before = contents.postMessage.mock.calls.length;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // The frame navigates away while the core sets the port up: the port is closed, not sent.
    ask({ senderFrame: contents.mainFrame, sender: contents });
    contents.mainFrame.url = 'https://evil.example/';
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('after its frame went')),
    );
    expect(contents.postMessage).toHaveBeenCalledTimes(before);
    // Back on the app, a new request gets a port.
    contents.mainFrame.url = appUrl;
    ask({ senderFrame: contents.mainFrame, sender: contents });
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(before + 1));
    (contents.postMessage.mock.calls[before] as [string, null, SocketPort[]])[2][0]!.close();
    warn.mockRestore();
  });

  it('a crash: calls in flight fail clearly, the window is told, the core restarts with its data', async () => {
    const first = fake.forks[0]!;
    // The core dies the moment main hands it the call: it is in flight, whatever the machine's speed.
    const post = first.postMessage.bind(first);
    vi.spyOn(first, 'postMessage').mockImplementation((message, transfer) => {
      post(message, transfer);
      if (JSON.stringify(message).includes('workflows.list')) process.kill(first.pid!, 'SIGKILL');
    });
    const inFlight = invoke(fake, fromFrame(appUrl), 'workflows.list', {});
    expect(await inFlight).toMatchObject({
      ok: false,
      error: { code: 'CORE_UNAVAILABLE', hint: expect.stringContaining('restarting') },
    });
    await vi.waitFor(() =>
      expect(windowEvents('core.status')).toContainEqual(
        expect.objectContaining({ state: 'restarting', attempt: 1 }),
      ),
    );
    await vi.waitFor(
      () => expect(windowEvents('core.status').at(-1)).toMatchObject({ state: 'ready' }),
      { timeout: 20_000 },
    );
    expect(fake.forks).toHaveLength(2);
    const hosts = await invoke(fake, fromFrame(appUrl), 'hosts.list', {});
    expect(hosts).toMatchObject({ ok: true, value: [expect.objectContaining({ name: 'db9' })] });
    // The new core took the lease over from the killed one (its pid is gone).
    const cli = await attachLocalCore({ dataDir: home });
    expect(cli.core.pid).toBe(fake.forks[1]!.pid);
    cli.close();
    // The window asks for a new stream port (its preload does on `ready`): the new core serves it.
    const contents = onlyWindow(fake).webContents;
    const before = contents.postMessage.mock.calls.length;
    fake.state.ipcListeners.get(STREAM_PORT_CHANNEL)?.({
      senderFrame: contents.mainFrame,
      sender: contents,
    });
    await vi.waitFor(() => expect(contents.postMessage).toHaveBeenCalledTimes(before + 1));
    const port = (contents.postMessage.mock.calls[before] as [string, null, SocketPort[]])[2][0]!;
    const reply = new Promise((resolve) =>
      port.on('message', ({ data }: { data: StreamBatch }) => resolve(data.items[0])),
    );
    port.start();
    port.postMessage({
      call: { id: 7, method: 'terminals.ack', params: { terminalId: 'x', seq: 1 } },
    });
    expect(await reply).toEqual({
      reply: { id: 7, envelope: { ok: true, value: { paused: false } } },
    });
    port.close();
  }, 30_000);
});
