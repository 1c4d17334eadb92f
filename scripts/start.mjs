#!/usr/bin/env node
// `npm start` after the build: open the Electron window, or fall back to web mode and say why.
//   node scripts/start.mjs           start Opsdeck
//   node scripts/start.mjs --probe   print {"ok":true,"path":…} or {"ok":false,"reason":…} and exit
//                                    (e2e/electron-smoke.spec.ts skips with the same reason)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
/** An Electron that dies this soon after starting failed to start (no GPU, sandbox, libs…). */
const STARTUP_GRACE_MS = 4000;

/** The Electron binary, as node_modules/electron reports it: { path } or { reason }. */
function findElectron() {
  let binary;
  try {
    require.resolve('electron');
  } catch {
    return { reason: 'the electron package is not installed (npm install)' };
  }
  try {
    binary = require('electron'); // index.js: path to the binary; throws when path.txt is missing
  } catch {
    return { reason: 'binary not downloaded: node_modules/electron/path.txt is missing' };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return { reason: `binary not downloaded: ${binary} is missing` };
  }
  return { path: binary };
}

/** Why this machine cannot show a window, or undefined. */
function noDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
}

/** Electron's own installer downloads the binary; try it once (it fails fast offline). */
function tryInstallElectron() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed (npm install)';
  const run = spawnSync(process.execPath, [installer], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 5 * 60_000,
  });
  if (run.error) return firstLine(run.error);
  if (run.status !== 0) return firstLine(run.stderr) || `install.js exited with ${run.status}`;
}

function probe() {
  const found = findElectron();
  if (!found.path) return { ok: false, reason: found.reason };
  const display = noDisplay();
  return display ? { ok: false, reason: display } : { ok: true, path: found.path };
}

function firstLine(value) {
  const text = value instanceof Error ? value.message : String(value ?? '');
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
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
  if (!found.path) {
    const installFailure = tryInstallElectron();
    found = findElectron();
    if (!found.path && installFailure)
      found = { reason: `binary not downloaded: ${installFailure}` };
  }
  const reason = found.path ? noDisplay() : found.reason;
  if (reason) startWebMode(reason);
  else startElectron(found.path);
}

main();
