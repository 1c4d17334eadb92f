/**
 * A stand-in for the `electron` module, for loading the Electron door under plain Node: it records
 * what the door gives it (window options, session handlers, IPC handlers, listeners) so tests can
 * assert the window's security options, the CSP, denied navigation and the IPC routing.
 *
 * Use from a test file (vi.mock is hoisted, so the stand-in is created in vi.hoisted):
 *   const fake = await vi.hoisted(async () =>
 *     (await import('../../testing/electron/electron-stand-in')).createElectronStandIn());
 *   vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
 */
import { vi } from 'vitest';
import { SocketChannel } from './socket-port.mjs';
import { createUtilityProcessStandIn } from './utility-process-stand-in';

type Listener = (...args: never[]) => unknown;

export function createElectronStandIn() {
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

  let nextContentsId = 0;
  /** A web contents' top frame (WebFrameMain): what it shows, and its postMessage. */
  class FakeFrame {
    readonly parent = null;
    url = '';
    constructor(private readonly contents: FakeWebContents) {}
    isDestroyed() {
      return this.contents.destroyed;
    }
    /** Recorded on the web contents' `postMessage` (the one mock tests read). */
    postMessage(channel: string, message: unknown, transfer?: unknown[]) {
      this.contents.postMessage(channel, message, transfer);
    }
  }
  class FakeWebContents extends Emitter {
    readonly id = ++nextContentsId;
    destroyed = false;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    send = vi.fn();
    /** A stream port handed to this window's renderer (by its main frame's postMessage). */
    postMessage = vi.fn();
    /** Replaced by a new frame when the window navigates (a new document, a new frame). */
    mainFrame = new FakeFrame(this);
    isDestroyed() {
      return this.destroyed;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }

  class FakeApp extends Emitter {
    /** Electron's `app.isPackaged`: true when running from an installed package. */
    isPackaged = false;
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
    /** ipcMain.on listeners (one-way messages from a renderer). */
    ipcListeners: new Map<string, (...args: unknown[]) => unknown>(),
    notifications: [] as { title: string; body: string }[],
    /** Makes the next window's loadURL fail, like a missing renderer build. */
    loadError: undefined as Error | undefined,
  };

  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    options: Record<string, unknown>;
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => false);
    loadURL = vi.fn(async (url: string) => {
      const error = state.loadError;
      state.loadError = undefined;
      if (error) throw error;
      this.webContents.mainFrame.url = url;
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

  /** Electron's Notification: what the door showed is in state.notifications. */
  class FakeNotification extends Emitter {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show = vi.fn(() => state.notifications.push(this.options));
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
    on: vi.fn((channel: string, listener: (...args: unknown[]) => unknown) => {
      state.ipcListeners.set(channel, listener);
    }),
  };
  const ipcRenderer = {
    invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })),
    send: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  };

  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn(),
  };

  // Forks real Node children: the core process runs for real (see utility-process-stand-in.ts).
  const utilityProcess = createUtilityProcessStandIn();

  const module = {
    utilityProcess,
    // Real ports across processes (socket-port.mjs): the core process gets its end for real.
    MessageChannelMain: SocketChannel,
    app: state.app,
    protocol,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
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
    /** Every core process the door started (kill one to simulate a crash). */
    forks: utilityProcess.forks,
    reset() {
      state.app.listeners.clear();
      state.windows.length = 0;
      state.loadError = undefined;
      state.ipcHandlers.clear();
      state.ipcListeners.clear();
      state.notifications.length = 0;
      vi.clearAllMocks();
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
