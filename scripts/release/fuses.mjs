// @ts-check
/**
 * The Electron fuses a packaged Opsdeck must carry: read from electron-builder.yml (what
 * electron-builder flips) and from a packaged binary (what it flipped), with @electron/fuses.
 *   node scripts/release/fuses.mjs [path/to/packaged/app]   → prints both, exits 1 on a mismatch
 * Without a path it looks in release/ for this OS's unpacked app. CI runs it after `npm run dist`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** electronFuses key in electron-builder.yml → @electron/fuses option name. */
const optionName = (/** @type {string} */ key) => key.charAt(0).toUpperCase() + key.slice(1);

/**
 * The fuse states electron-builder.yml asks for, as `{ RunAsNode: false, … }`.
 * @param {string} [configPath]
 * @returns {Record<string, boolean>}
 */
export function configuredFuses(configPath = path.join(root, 'electron-builder.yml')) {
  const config = parse(readFileSync(configPath, 'utf8'));
  const fuses = config?.electronFuses ?? {};
  return Object.fromEntries(
    Object.entries(fuses)
      .filter(([key]) => optionName(key) in FuseV1Options)
      .map(([key, value]) => [optionName(key), Boolean(value)]),
  );
}

/**
 * The fuse states in a packaged binary (or .app), as `{ RunAsNode: false, … }`.
 * @param {string} binary
 * @returns {Promise<Record<string, boolean>>}
 */
export async function packagedFuses(binary) {
  const wire = await getCurrentFuseWire(binary);
  /** @type {Record<string, boolean>} */
  const out = {};
  for (const [index, state] of Object.entries(wire)) {
    const name = FuseV1Options[Number(index)];
    if (name === undefined) continue;
    out[name] = String.fromCharCode(Number(state)) === '1';
  }
  return out;
}

/** The unpacked app electron-builder made for this OS under `dir`, if any. */
export function findPackagedApp(dir = path.join(root, 'release')) {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'linux-unpacked' || entry.startsWith('linux-')) {
      const exe = path.join(full, 'opsdeck');
      if (existsSync(exe)) return exe;
    }
    if (entry === 'win-unpacked') return path.join(full, 'Opsdeck.exe');
    if (entry.startsWith('mac')) {
      const app = path.join(full, 'Opsdeck.app');
      if (existsSync(app)) return app;
    }
  }
  return undefined;
}

async function main() {
  const target = process.argv[2] ?? findPackagedApp();
  if (!target) {
    console.error('fuses: no packaged app found in release/ (run npm run dist first)');
    return 1;
  }
  const want = configuredFuses();
  const have = await packagedFuses(target);
  const wrong = Object.entries(want).filter(([name, value]) => have[name] !== value);
  for (const [name, value] of Object.entries(want))
    console.log(
      `${have[name] === value ? 'ok  ' : 'FAIL'} ${name}: wanted ${value}, packaged ${have[name]}`,
    );
  if (wrong.length) {
    console.error(`fuses: ${wrong.length} fuse(s) of ${target} differ from electron-builder.yml`);
    return 1;
  }
  console.log(`fuses: ${target} carries every fuse electron-builder.yml sets`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = await main();
