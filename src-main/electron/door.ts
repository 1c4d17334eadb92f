import path from 'node:path';
import { app, dialog, protocol, safeStorage, session, type BrowserWindow } from 'electron';
import { OpsdeckError, toErrorShape } from '../contract';
import { APP_INDEX_URL, handleAppScheme, registerAppScheme } from './app-scheme';
import { installCsp } from './csp';
import { registerIpc, type IpcDoor } from './ipc';
import { denyPermissions, hardenWebContents } from './navigation';
import type { ComposeServices, DoorServices } from './services';
import { createMainWindow } from './window';

/** How long quitting waits for calls in flight, then for the core to shut down. */
const DRAIN_TIMEOUT_MS = 5_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface ElectronDoorOptions {
  compose: ComposeServices;
  /** Absolute path of the bundled preload (dist/main/electron/preload.cjs). */
  preloadPath: string;
  /** Absolute path of the renderer build (dist/renderer/index.html). */
  indexHtmlPath: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Wire the Electron door: single instance, hardened web contents, core services, one window.
 * Resolves once the window has loaded (or startup failed and the app is exiting).
 */
export function startElectronDoor(opts: ElectronDoorOptions): Promise<void> {
  const home = opts.env?.OPSDECK_HOME?.trim() || undefined;
  // Keep Chromium's profile (and so the single-instance lock) inside OPSDECK_HOME when it is set.
  if (home) app.setPath('userData', path.join(home, 'chromium'));
  app.enableSandbox();
  registerAppScheme(protocol); // before 'ready', as Electron requires
  if (process.platform === 'win32') app.setAppUserModelId('dev.opsdeck.app');

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }

  const appUrl = APP_INDEX_URL;
  let mainWindow: BrowserWindow | undefined;
  let ipc: IpcDoor | undefined;
  let services: Promise<DoorServices> | undefined;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());

  let quitState: 'running' | 'draining' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (quitState === 'done') return;
    event.preventDefault();
    if (quitState === 'draining') return;
    quitState = 'draining';
    void drainAndShutdown().finally(() => {
      quitState = 'done';
      app.quit();
    });
  });

  async function drainAndShutdown(): Promise<void> {
    try {
      await ipc?.close(DRAIN_TIMEOUT_MS);
      const ready = await services?.catch(() => undefined);
      if (ready) await withTimeout(ready.shutdown(), SHUTDOWN_TIMEOUT_MS, 'core shutdown');
    } catch (err) {
      console.error('opsdeck: shutdown did not finish cleanly:', err);
    }
  }

  return app
    .whenReady()
    .then(async () => {
      if (quitState !== 'running') return;
      installCsp(session.defaultSession);
      handleAppScheme(protocol, path.dirname(opts.indexHtmlPath));
      denyPermissions(session.defaultSession);
      services = opts.compose({
        door: 'electron',
        dataDir: home ?? app.getPath('userData'),
        safeStorage,
      });
      const ready = await services;
      if (quitState !== 'running') return; // the user quit while the core was starting
      ipc = registerIpc(ready, appUrl);
      mainWindow = createMainWindow({ preloadPath: opts.preloadPath });
      ipc.forwardEvents(mainWindow.webContents);
      await mainWindow.loadURL(APP_INDEX_URL).catch((err: unknown) => {
        throw new OpsdeckError(
          'NOT_FOUND',
          `The Opsdeck window could not load ${opts.indexHtmlPath}: ${String(err)}`,
          'Build the app first (npm run build), then start it again.',
          { cause: err },
        );
      });
    })
    .catch(async (err: unknown) => {
      const { message, hint } = toErrorShape(err);
      console.error('opsdeck: could not start:', err);
      dialog.showErrorBox('Opsdeck could not start', `${message}\n\n${hint}`);
      quitState = 'done';
      await drainAndShutdown();
      app.exit(1);
    });
}

function withTimeout(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
