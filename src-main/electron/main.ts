/**
 * Electron main process entry, bundled to dist/main/electron/main.cjs (so `__dirname` is
 * dist/main/electron, inside app.asar when packaged). All wiring lives in door.ts.
 */
import path from 'node:path';
import { superviseCoreProcess } from './core-process/core-supervisor';
import { startElectronDoor } from './door';

void startElectronDoor({
  // The core runs in its own process (a supervised utilityProcess); this one drives windows.
  compose: (opts) =>
    superviseCoreProcess({ ...opts, entryPath: path.join(__dirname, 'core-process.cjs') }),
  preloadPath: path.join(__dirname, 'preload.cjs'),
  indexHtmlPath: path.join(__dirname, '..', '..', 'renderer', 'index.html'),
  env: process.env,
});
