import { app, BrowserWindow } from 'electron';

/** Behind the first paint; close to the renderer's background so nothing flashes. */
const BACKGROUND = '#16181d';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist/main/electron/preload.cjs). */
  preloadPath: string;
}

/** The Opsdeck window: isolated, sandboxed renderer; the preload is its only bridge. */
export function createMainWindow({ preloadPath }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Opsdeck',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: BACKGROUND,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // An installed app has no DevTools (issue 12 #4); a development run keeps them.
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
