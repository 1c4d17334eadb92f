/**
 * The Electron door under plain Node: `electron` is replaced by a stand-in that records what the
 * door gives it (window options, session handlers, IPC handlers, listeners), and the core by a
 * fake `Services` built here. No Electron binary, no core internals.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { methods, type Envelope, type EventMessage } from '../contract';
import { CONTENT_SECURITY_POLICY } from './csp';
import { startElectronDoor } from './door';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc';
import type { ComposeOptions, DoorServices } from './services';

type Listener = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? [])
        (listener as (...a: unknown[]) => unknown)(...args);
    }
    listenerCount(name: string) {
      return this.listeners.get(name)?.length ?? 0;
    }
  }

  class FakeWebContents extends Emitter {
    destroyed = false;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    send = vi.fn();
    isDestroyed() {
      return this.destroyed;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }

  class FakeApp extends Emitter {
    ready = Promise.resolve();
    whenReady = vi.fn(() => this.ready);
    requestSingleInstanceLock = vi.fn(() => true);
    enableSandbox = vi.fn();
    setAppUserModelId = vi.fn();
    quit = vi.fn();
    exit = vi.fn();
    setPath = vi.fn();
    getPath = vi.fn((name: string) => `/fake/${name}`);
  }

  const state = {
    app: new FakeApp(),
    windows: [] as FakeBrowserWindow[],
    ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
    /** Makes the next window's loadFile fail, like a missing renderer build. */
    loadError: undefined as Error | undefined,
  };

  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    options: Record<string, unknown>;
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => false);
    loadFile = vi.fn(async (_file: string) => {
      const error = state.loadError;
      state.loadError = undefined;
      if (error) throw error;
    });
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      state.windows.push(this);
      // Like Electron: every new web contents is announced on the app.
      state.app.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed() {
      return false;
    }
  }

  const defaultSession = {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
  };
  const ipcMain = {
    handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => {
      state.ipcHandlers.set(channel, handler);
    }),
    removeHandler: vi.fn(),
  };
  const ipcRenderer = {
    invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })),
    on: vi.fn(),
    removeListener: vi.fn(),
  };

  const module = {
    app: state.app,
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession },
    ipcMain,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn() },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    dialog: { showErrorBox: vi.fn() },
    safeStorage,
  };

  return {
    state,
    module,
    reset() {
      state.app.listeners.clear();
      state.windows.length = 0;
      state.loadError = undefined;
      state.ipcHandlers.clear();
      vi.clearAllMocks();
    },
  };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const root = path.resolve('/opt/opsdeck');
const preloadPath = path.join(root, 'dist/main/electron/preload.cjs');
const indexHtmlPath = path.join(root, 'dist/renderer/index.html');
const appUrl = pathToFileURL(indexHtmlPath).href;
const home = path.resolve('/tmp/opsdeck-home');

function fakeServices() {
  const listeners = new Set<(message: EventMessage) => void>();
  const services = {
    router: {
      call: vi.fn(
        async (
          method: unknown,
          _params: unknown,
          _ctx: { door: string },
        ): Promise<Envelope<unknown>> => ({
          ok: true,
          value: { method },
        }),
      ),
    },
    bus: {
      subscribe: vi.fn((listener: (message: EventMessage) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }),
      emit(message: EventMessage) {
        for (const listener of listeners) listener(message);
      },
      get size() {
        return listeners.size;
      },
    },
    shutdown: vi.fn(async () => undefined),
  };
  const _shape: DoorServices = services;
  return services;
}

/** The event object Electron passes to ipcMain.handle listeners, reduced to what the door reads. */
const fromFrame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

async function invoke(
  event: unknown,
  method: unknown,
  params: unknown,
): Promise<Envelope<unknown>> {
  const handler = fake.state.ipcHandlers.get('opsdeck:invoke');
  if (!handler) throw new Error('opsdeck:invoke is not registered');
  return (await handler(event, method, params)) as Envelope<unknown>;
}

function onlyWindow() {
  expect(fake.state.windows).toHaveLength(1);
  return fake.state.windows[0]!;
}

describe('electron door (main process)', () => {
  let services: ReturnType<typeof fakeServices>;
  let composed: ComposeOptions[];

  beforeAll(async () => {
    fake.reset();
    services = fakeServices();
    composed = [];
    await startElectronDoor({
      compose: async (opts) => {
        composed.push(opts);
        return services;
      },
      preloadPath,
      indexHtmlPath,
      env: { OPSDECK_HOME: home },
    });
  });

  it('takes the single-instance lock, sandboxes renderers and keeps its profile in OPSDECK_HOME', () => {
    expect(fake.state.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(fake.state.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fake.state.app.setPath).toHaveBeenCalledWith('userData', path.join(home, 'chromium'));
  });

  it('composes the core for the electron door with safeStorage', () => {
    expect(composed).toHaveLength(1);
    expect(composed[0]).toMatchObject({ door: 'electron', dataDir: home });
    expect(composed[0]!.safeStorage).toBe(fake.module.safeStorage);
  });

  it('creates one isolated, sandboxed window with the bundled preload', () => {
    const win = onlyWindow();
    expect(win.options).toMatchObject({ show: false, title: 'Opsdeck' });
    expect(win.options.minWidth).toBeGreaterThan(0);
    expect(win.options.minHeight).toBeGreaterThan(0);
    expect(typeof win.options.backgroundColor).toBe('string');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(path.isAbsolute(String(prefs.preload))).toBe(true);
  });

  it('loads the renderer file and shows the window only when ready', () => {
    const win = onlyWindow();
    expect(win.loadFile).toHaveBeenCalledWith(indexHtmlPath);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('sets a strict Content-Security-Policy header on every response', () => {
    const onHeaders = fake.module.session.defaultSession.webRequest.onHeadersReceived;
    expect(onHeaders).toHaveBeenCalledOnce();
    const [listener] = onHeaders.mock.calls[0] as unknown as [
      (
        details: unknown,
        cb: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ];
    const callback = vi.fn();
    listener(
      { url: appUrl, resourceType: 'mainFrame', responseHeaders: { 'X-Kept': ['1'] } },
      callback,
    );
    const { responseHeaders } = callback.mock.calls[0]![0] as {
      responseHeaders: Record<string, string[]>;
    };
    expect(responseHeaders['X-Kept']).toEqual(['1']);
    const csp = responseHeaders['Content-Security-Policy']!.join('; ');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('prevents navigation away from the app page', () => {
    const { webContents } = onlyWindow();
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      webContents.emit('will-navigate', event);
      return event.preventDefault;
    };
    expect(navigate('https://evil.example/')).toHaveBeenCalled();
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(navigate(`${appUrl}.evil`)).toHaveBeenCalled();
    expect(navigate('not a url')).toHaveBeenCalled();
    expect(navigate(appUrl)).not.toHaveBeenCalled();
    expect(navigate(`${appUrl}#/hosts`)).not.toHaveBeenCalled();
  });

  it('denies every new window and opens only http(s) links externally', () => {
    const { webContents } = onlyWindow();
    const handler = webContents.windowOpenHandler!;
    expect(handler).toBeTypeOf('function');
    const openExternal = fake.module.shell.openExternal;
    for (const url of [
      'https://docs.example/x',
      'http://intranet/y',
      appUrl,
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://docs.example/x',
      'http://intranet/y',
    ]);
  });

  it('refuses <webview> attachments', () => {
    const event = { preventDefault: vi.fn() };
    onlyWindow().webContents.emit(
      'will-attach-webview',
      event,
      {},
      { src: 'https://evil.example' },
    );
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const { setPermissionRequestHandler, setPermissionCheckHandler } =
      fake.module.session.defaultSession;
    const [request] = setPermissionRequestHandler.mock.calls[0] as unknown as [
      (wc: unknown, permission: string, cb: (granted: boolean) => void) => void,
    ];
    const [check] = setPermissionCheckHandler.mock.calls[0] as unknown as [
      (...args: unknown[]) => boolean,
    ];
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
    ]) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission, appUrl, {})).toBe(false);
    }
  });

  it('routes every contract method from the app window to the router as door electron', async () => {
    const names = Object.keys(methods);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const params = { probe: name };
      await expect(invoke(fromFrame(`${appUrl}#/x`), name, params)).resolves.toEqual({
        ok: true,
        value: { method: name },
      });
      expect(services.router.call).toHaveBeenLastCalledWith(name, params, { door: 'electron' });
    }
    expect(services.router.call).toHaveBeenCalledTimes(names.length);
  });

  it('passes unknown method names to the router, which owns validation', async () => {
    await invoke(fromFrame(appUrl), 'nope.nothing', undefined);
    expect(services.router.call).toHaveBeenLastCalledWith('nope.nothing', undefined, {
      door: 'electron',
    });
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
      const envelope = await invoke(event, 'app.info', {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(envelope.ok === false && envelope.error.hint).toBeTruthy();
    }
    expect(services.router.call).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(4);
    warn.mockRestore();
  });

  it('turns a router that throws into an INTERNAL envelope instead of a rejected invoke', async () => {
    services.router.call.mockRejectedValueOnce(new Error('boom'));
    await expect(invoke(fromFrame(appUrl), 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('forwards bus events to the window while it is alive', () => {
    const { webContents } = onlyWindow();
    const message: EventMessage = { topic: 'vault.changed', payload: { unlocked: true } };
    services.bus.emit(message);
    expect(webContents.send).toHaveBeenCalledWith('opsdeck:event', message);

    webContents.send.mockClear();
    webContents.destroyed = true;
    webContents.emit('destroyed');
    services.bus.emit({ topic: 'hosts.changed', payload: { ids: [], reason: 'test' } });
    expect(webContents.send).not.toHaveBeenCalled();
    expect(services.bus.size).toBe(0);
  });

  it('focuses the existing window when a second instance starts', () => {
    fake.state.app.emit('second-instance', {}, [], '/');
    expect(onlyWindow().focus).toHaveBeenCalled();
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
    const slow = invoke(fromFrame(appUrl), 'hosts.list', {});

    const first = { preventDefault: vi.fn() };
    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();

    await expect(invoke(fromFrame(appUrl), 'app.info', {})).resolves.toMatchObject({
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

describe('electron door startup edge cases', () => {
  beforeEach(() => fake.reset());
  afterEach(() => vi.restoreAllMocks());

  it('quits at once when another instance holds the lock', async () => {
    fake.state.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    const compose = vi.fn();
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.state.app.quit).toHaveBeenCalled();
    expect(compose).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('uses userData as the data folder when OPSDECK_HOME is not set', async () => {
    const compose = vi.fn(async (_opts: ComposeOptions) => fakeServices());
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.state.app.setPath).not.toHaveBeenCalled();
    expect(compose.mock.calls[0]![0].dataDir).toBe('/fake/userData');
  });

  it('shows an error and exits when the core cannot start', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const compose = vi.fn(async () => {
      throw new Error('database is locked');
    });
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Opsdeck could not start',
      expect.stringContaining('database is locked'),
    );
    expect(fake.state.app.exit).toHaveBeenCalledWith(1);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('opens no window when the user quits while the core is starting', async () => {
    const services = fakeServices();
    let finishCompose: (s: DoorServices) => void = () => undefined;
    const start = startElectronDoor({
      compose: () => new Promise<DoorServices>((resolve) => (finishCompose = resolve)),
      preloadPath,
      indexHtmlPath,
      env: {},
    });
    await vi.waitFor(() => expect(fake.state.app.whenReady).toHaveBeenCalled());
    await Promise.resolve();
    fake.state.app.emit('before-quit', { preventDefault: vi.fn() });
    finishCompose(services);
    await start;
    await vi.waitFor(() => expect(fake.state.app.quit).toHaveBeenCalled());
    expect(services.shutdown).toHaveBeenCalledOnce();
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.state.ipcHandlers.size).toBe(0);
  });

  it('explains a missing renderer build and still shuts the core down', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const services = fakeServices();
    fake.state.loadError = new Error('ERR_FILE_NOT_FOUND (-6)');
    await startElectronDoor({ compose: async () => services, preloadPath, indexHtmlPath, env: {} });
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Opsdeck could not start',
      expect.stringContaining('npm run build'),
    );
    expect(services.shutdown).toHaveBeenCalledOnce();
    expect(fake.state.app.exit).toHaveBeenCalledWith(1);
  });
});

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

  it('delivers opsdeck:event messages and unsubscribes', () => {
    const listener = vi.fn();
    const off = exposed().onEvent(listener);
    const { on, removeListener } = fake.module.ipcRenderer;
    expect(on).toHaveBeenCalledWith('opsdeck:event', expect.any(Function));
    expect(EVENT_CHANNEL).toBe('opsdeck:event');
    const forward = (
      on.mock.calls[0] as unknown as [string, (e: unknown, m: EventMessage) => void]
    )[1];
    const message: EventMessage = { topic: 'prompt.closed', payload: { id: 'p1' } };
    forward({ sender: 'ipc' }, message);
    expect(listener).toHaveBeenCalledWith(message);
    off();
    expect(removeListener).toHaveBeenCalledWith('opsdeck:event', forward);
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
