#!/usr/bin/env node
// @ts-check
/**
 * `npm run dist` (installers for this OS) and `npm run dist:dir` (the unpacked app only):
 *   1. the Electron binary must be there (node_modules/electron), else Electron's own installer
 *      fetches it; where that is impossible (offline) this says so in one line and exits 1;
 *   2. a release build (OPSDECK_RELEASE=1: no source maps);
 *   3. electron-builder with electron-builder.yml (native modules rebuilt for Electron, fuses
 *      flipped, signing and notarization when credentials are set), never publishing.
 * Extra arguments go to electron-builder (e.g. `npm run dist -- --arm64`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, installElectron } from '../electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The Electron binary, fetching it once if missing. Returns the one-line reason when it cannot.
 * @param {{ find: () => { path: string } | { reason: string }, install: () => string | undefined }} io
 * @returns {{ ok: true } | { ok: false, line: string }}
 */
export function ensureElectron(io) {
  const found = io.find();
  if ('path' in found) return { ok: true };
  const failure = io.install();
  const again = io.find();
  if ('path' in again) return { ok: true };
  return {
    ok: false,
    line:
      `opsdeck dist: ${again.reason} and could not be downloaded` +
      `${failure ? ` (${failure})` : ''}; run npm run dist where github.com (or $ELECTRON_MIRROR) is reachable.`,
  };
}

/** @param {string[]} args @param {NodeJS.ProcessEnv} env */
function npm(args, env) {
  const cli = process.env.npm_execpath;
  return cli
    ? spawnSync(process.execPath, [cli, ...args], { cwd: root, env, stdio: 'inherit' })
    : spawnSync('npm', args, {
        cwd: root,
        env,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
}

function main() {
  const electron = ensureElectron({
    find: () => findElectronBinary(root),
    install: () => installElectron(root),
  });
  if (!electron.ok) {
    console.error(electron.line);
    return 1;
  }
  const env = { ...process.env, OPSDECK_RELEASE: '1' };
  const build = npm(['run', '-s', 'build'], env);
  if (build.status !== 0) return build.status ?? 1;
  const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  const packed = spawnSync(
    process.execPath,
    [builder, '--publish', 'never', ...process.argv.slice(2)],
    { cwd: root, env, stdio: 'inherit' },
  );
  return packed.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main();
