// @ts-check
/**
 * Where the Electron binary of node_modules/electron is, without downloading it. Electron 45's
 * own `require('electron')` downloads a missing binary on the spot (a network call, and output on
 * stdout), so `npm start`, the smoke test's probe and `npm run dist` look at its files instead,
 * and ask for a download only where they mean to (installElectron).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @param {string} root the repository root
 * @returns {{ path: string, version: string } | { reason: string }}
 */
export function findElectronBinary(root, env = process.env) {
  const dir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(dir, 'package.json')))
    return { reason: 'the electron package is not installed (npm install)' };
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return { reason: `the Electron ${version} binary is missing (node_modules/electron/path.txt)` };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist'), executable);
  if (!existsSync(binary))
    return { reason: `the Electron ${version} binary is missing (${binary})` };
  return { path: binary, version };
}

/**
 * Electron's own installer (downloads into its cache and node_modules/electron/dist; honours
 * ELECTRON_MIRROR and electron_config_cache). Returns why it failed, in one line, or undefined.
 * @param {string} root
 */
export function installElectron(root) {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed (npm install)';
  const run = spawnSync(process.execPath, [installer], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  if (run.error) return firstLine(run.error);
  if (run.status !== 0) return firstLine(run.stderr) || `install.js exited with ${run.status}`;
  return undefined;
}

/** @param {unknown} value */
export function firstLine(value) {
  const text = value instanceof Error ? value.message : String(value ?? '');
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}
