/**
 * The Electron door's IPC: every contract method reaches the router, foreign frames are refused,
 * events reach the live window, and quitting drains calls before the core shuts down.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { methods, type Envelope, type EventMessage } from '../contract';
import {
  appUrl,
  fromFrame,
  invoke,
  onlyWindow,
  startDoorWithFakeCore,
  type fakeServices,
} from '../../testing/electron/door-harness';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

/** Calls carry the door and the window's connection (its watch subscriptions belong to it). */
const electronCall = {
  door: 'electron',
  connectionId: expect.any(String),
  signal: expect.any(AbortSignal),
};

describe('electron door: IPC to the contract router', () => {
  let services: ReturnType<typeof fakeServices>;

  beforeAll(async () => {
    ({ services } = await startDoorWithFakeCore(fake));
  });

  it('routes every contract method from the app window to the router as door electron', async () => {
    const names = Object.keys(methods);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const params = { probe: name };
      await expect(invoke(fake, fromFrame(`${appUrl}#/x`), name, params)).resolves.toEqual({
        ok: true,
        value: { method: name },
      });
      expect(services.router.call).toHaveBeenLastCalledWith(name, params, electronCall);
    }
    expect(services.router.call).toHaveBeenCalledTimes(names.length);
  });

  it('passes unknown method names to the router, which owns validation', async () => {
    await invoke(fake, fromFrame(appUrl), 'nope.nothing', undefined);
    expect(services.router.call).toHaveBeenLastCalledWith('nope.nothing', undefined, electronCall);
  });

  it('refuses calls from foreign frames, subframes and destroyed frames', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    services.router.call.mockClear();
    for (const event of [
      fromFrame('https://evil.example/'),
      fromFrame('file:///tmp/other.html'),
      fromFrame(appUrl, { url: appUrl }),
      { senderFrame: null },
    ]) {
      const envelope = await invoke(fake, event, 'app.info', {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(envelope.ok === false && envelope.error.hint).toBeTruthy();
    }
    expect(services.router.call).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(4);
    warn.mockRestore();
  });

  it('turns a router that throws into an INTERNAL envelope instead of a rejected invoke', async () => {
    services.router.call.mockRejectedValueOnce(new Error('boom'));
    await expect(invoke(fake, fromFrame(appUrl), 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('forwards bus events to the window while it is alive, and releases its connection after', () => {
    const { webContents } = onlyWindow(fake);
    const message: EventMessage = { topic: 'vault.changed', payload: { unlocked: true } };
    services.bus.emit(message);
    expect(webContents.send).toHaveBeenCalledWith('opsdeck:event', message);

    // An event addressed to another connection (another window's watch) is not this window's.
    webContents.send.mockClear();
    services.bus.emit({ ...message, to: 'another-connection' });
    expect(webContents.send).not.toHaveBeenCalled();

    webContents.destroyed = true;
    webContents.emit('destroyed');
    services.bus.emit({ topic: 'hosts.changed', payload: { ids: [], reason: 'test' } });
    expect(webContents.send).not.toHaveBeenCalled();
    expect(services.bus.size).toBe(0);
    // The window's connection is closed: the core ends the subscriptions it held.
    expect(services.released).toHaveLength(1);
  });

  it('focuses the existing window when a second instance starts', () => {
    fake.state.app.emit('second-instance', {}, [], '/');
    expect(onlyWindow(fake).focus).toHaveBeenCalled();
  });

  it('quits when all windows are closed', () => {
    fake.state.app.emit('window-all-closed');
    expect(fake.state.app.quit).toHaveBeenCalled();
  });

  it('on quit: refuses new calls, drains calls in flight, shuts the core down once, then quits', async () => {
    const app = fake.state.app;
    app.quit.mockClear();
    let finishSlowCall: (envelope: Envelope<unknown>) => void = () => undefined;
    services.router.call.mockImplementationOnce(
      () => new Promise<Envelope<unknown>>((resolve) => (finishSlowCall = resolve)),
    );
    const slow = invoke(fake, fromFrame(appUrl), 'hosts.list', {});

    const first = { preventDefault: vi.fn() };
    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();

    await expect(invoke(fake, fromFrame(appUrl), 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    await Promise.resolve();
    expect(services.shutdown).not.toHaveBeenCalled(); // still draining the slow call
    finishSlowCall({ ok: true, value: 'late' });
    await expect(slow).resolves.toEqual({ ok: true, value: 'late' });

    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    expect(services.shutdown).toHaveBeenCalledOnce();

    const last = { preventDefault: vi.fn() };
    app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
    expect(services.shutdown).toHaveBeenCalledOnce();
  });
});
