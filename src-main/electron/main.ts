/**
 * Electron main process entry, bundled to dist/main/electron/main.cjs (so `__dirname` is
 * dist/main/electron, inside app.asar when packaged). All wiring lives in door.ts.
 */
import path from 'node:path';
import { composeServices } from '../server/compose';
import { startElectronDoor } from './door';

void startElectronDoor({
  compose: (opts) => composeServices(opts),
  preloadPath: path.join(__dirname, 'preload.cjs'),
  indexHtmlPath: path.join(__dirname, '..', '..', 'renderer', 'index.html'),
  env: process.env,
});
