import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredFuses, packagedFuses } from './fuses.mjs';
import { repoRoot } from '../../testing/lab/lab';

/**
 * The packaging pipeline on this machine, where the real Electron binary cannot be downloaded:
 * electron-builder packs the built app (`--linux dir`) around a stand-in Electron that carries the
 * fuse wire (sentinel + 8 fuses, every one the opposite of what electron-builder.yml asks), so the
 * fuse flip, the asar contents and the unpacked native modules are checked for real.
 */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const work = mkdtempSync(path.join(tmpdir(), 'opsdeck-package-'));
const out = path.join(work, 'out');
const exe = path.join(out, 'linux-unpacked', 'opsdeck');
const electronVersion = JSON.parse(
  readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version as string;

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, 'dist', 'main', 'electron', 'main.cjs')))
    throw new Error('Build first (npm run build): this test packages dist/.');
  const wanted = configuredFuses();
  const opposite = Object.values(wanted)
    .map((on) => (on ? '0' : '1'))
    .join('');
  const fakeDist = path.join(work, 'electron-dist');
  mkdirSync(path.join(fakeDist, 'resources'), { recursive: true });
  writeFileSync(
    path.join(fakeDist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in Electron"\n'),
      Buffer.from(SENTINEL),
      Buffer.from([1, opposite.length]),
      Buffer.from(opposite),
    ]),
  );
  chmodSync(path.join(fakeDist, 'electron'), 0o755);
  writeFileSync(path.join(fakeDist, 'version'), `v${electronVersion}`);
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${fakeDist}`,
      `-c.electronVersion=${electronVersion}`,
      '-c.npmRebuild=false', // the real rebuild needs Electron's headers from the network
      `-c.directories.output=${out}`,
    ],
    { cwd: repoRoot, stdio: 'pipe', timeout: 300_000 },
  );
}, 330_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder packaging (stand-in Electron binary)', () => {
  it('flips every fuse electron-builder.yml sets', async () => {
    expect(await packagedFuses(exe)).toMatchObject(configuredFuses());
  });

  it('app.asar holds the built app and no source maps or sources', () => {
    const files = listPackage(path.join(out, 'linux-unpacked', 'resources', 'app.asar'), {
      isPack: false,
    }).map((f) => f.replace(/\\/g, '/'));
    for (const f of [
      '/package.json',
      '/dist/main/electron/main.cjs',
      '/dist/main/electron/preload.cjs',
      '/dist/renderer/index.html',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('/src-main/') || f.startsWith('/e2e/'))).toBe(false);
    expect(files.some((f) => f.includes('/node_modules/electron-builder/'))).toBe(false);
  });

  it('native modules sit unpacked beside app.asar (they cannot load from inside it)', () => {
    const unpacked = path.join(
      out,
      'linux-unpacked',
      'resources',
      'app.asar.unpacked',
      'node_modules',
    );
    expect(existsSync(path.join(unpacked, 'better-sqlite3'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'ssh2'))).toBe(true);
  });
});
