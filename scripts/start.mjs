#!/usr/bin/env node
// `npm start` after the build: open the Electron window, or fall back to web mode and say why.
//   node scripts/start.mjs           start Opsdeck
//   node scripts/start.mjs --probe   print {"ok":true,"path":…} or {"ok":false,"reason":…} and exit
//                                    (e2e/electron-smoke.spec.ts skips with the same reason)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, installElectron } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** An Electron that dies this soon after starting failed to start (no GPU, sandbox, libs…). */
const STARTUP_GRACE_MS = 4000;

/** The Electron binary: { path } or { reason } (never downloads; see electron-binary.mjs). */
const findElectron = () => findElectronBinary(root);

/** Why this machine cannot show a window, or undefined. */
function noDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
}

/** Electron's own installer downloads the binary; try it once (it fails fast offline). */
const tryInstallElectron = () => installElectron(root);

function probe() {
  const found = findElectron();
  if (!('path' in found)) return { ok: false, reason: found.reason };
  const display = noDisplay();
  return display ? { ok: false, reason: display } : { ok: true, path: found.path };
}

function startWebMode(reason) {
  console.log(`opsdeck: Electron unavailable (${reason}); starting web mode instead`);
  const cli = path.join(root, 'bin', 'opsdeck.mjs');
  if (!existsSync(cli)) {
    console.error(`opsdeck: cannot start web mode either: ${cli} is missing`);
    process.exit(1);
  }
  const web = spawn(process.execPath, [cli, 'serve'], {
    cwd: root,
    stdio: 'inherit',
  });
  web.on('error', (err) => {
    console.error(`opsdeck: could not start web mode: ${err.message}`);
    process.exit(1);
  });
  web.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startElectron(binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into plain Node
  const startedAt = Date.now();
  const electron = spawn(binary, [root], { cwd: root, env, stdio: 'inherit' });
  electron.on('error', (err) => startWebMode(`could not run ${binary}: ${err.message}`));
  electron.on('exit', (code, signal) => {
    const early = Date.now() - startedAt < STARTUP_GRACE_MS;
    if (early && (code !== 0 || signal)) {
      startWebMode(`electron exited at startup with ${signal ?? `code ${code}`}`);
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function main() {
  if (process.argv.includes('--probe')) {
    console.log(JSON.stringify(probe()));
    return;
  }
  let found = findElectron();
  if (!('path' in found)) {
    const installFailure = tryInstallElectron();
    found = findElectron();
    if (!('path' in found) && installFailure)
      found = { reason: `binary not downloaded: ${installFailure}` };
  }
  if ('path' in found) {
    const display = noDisplay();
    if (display) startWebMode(display);
    else startElectron(found.path);
  } else startWebMode(found.reason);
}

main();
