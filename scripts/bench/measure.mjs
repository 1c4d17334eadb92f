// Small helpers shared by the benchmarks: wall-clock timing, child processes, lab access, output.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const labDir = process.env.OPSDECK_LAB_DIR ?? join(root, '.lab');
export const labSshConfig = join(labDir, 'ssh_config');
export const labInventoryPath = join(labDir, 'inventory.json');

export function lab(...args) {
  return execFileSync(join(root, 'scripts/lab/lab'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, OPSDECK_LAB_DIR: labDir },
  });
}

/** Run a command to completion; rejects on a non-zero exit. stdout is discarded unless asked. */
export function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err}`)),
    );
  });
}

/**
 * Time from the first byte a command writes to its end (stdout read and discarded), so that the
 * connection setup of `ssh` is not counted. Returns { ms, bytes }.
 */
export function streamTime(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let first = 0;
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      first ||= performance.now();
      bytes += d.length;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - first, bytes })
        : reject(new Error(`${cmd}: exit ${code}\n${err}`)),
    );
  });
}

/** Milliseconds `fn` takes (wall clock). */
export async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Best (lowest) time of `n` runs. */
export async function best(n, fn) {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, (await timed(fn)).ms);
  return min;
}

/** A throwaway data folder for a core. */
export function tempHome(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Compose a core the way the web door does, with the lab inventory imported. */
export async function labCore(core, door = 'web') {
  const home = tempHome('opsdeck-bench-');
  const services = await core.composeServices({
    door,
    dataDir: home.dir,
    vaultPassphrase: 'bench-passphrase',
    knownHostsFiles: [],
    promptTimeoutMs: 5000,
  });
  const call = async (method, params) => {
    const envelope = await services.router.call(method, params, { door });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  await call('hosts.importLab', { path: labInventoryPath });
  return {
    services,
    call,
    async dispose() {
      await services.shutdown();
      home.remove();
    },
  };
}

/** Wait for the first event on `topic` that matches. */
export function nextEvent(bus, topic, match, timeoutMs = 600_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${topic}`));
    }, timeoutMs);
    const stop = bus.subscribe((m) => {
      if (m.topic !== topic || !match(m.payload)) return;
      clearTimeout(timer);
      stop();
      resolve(m.payload);
    });
  });
}

export const mb = (bytes) => bytes / 1024 / 1024;
export const fmt = (n, digits = 1) => n.toFixed(digits);

/**
 * CPU (ms) used so far by the processes under `pids` (Linux /proc): each process's own time plus
 * that of its reaped children. For an sshd listener this is everything its sessions cost (sshd,
 * the login shell, the command) once they have ended.
 */
export function treeCpuMs(pids) {
  const hz = 100; // USER_HZ on Linux
  const own = (pid) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      return 0;
    }
  };
  const kids = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const tree = (pid) => own(pid) + kids(pid).reduce((sum, kid) => sum + tree(kid), 0);
  return (pids.reduce((sum, pid) => sum + tree(pid), 0) * 1000) / hz;
}

/** Busy CPU-ms of the whole machine so far (all cores, from /proc/stat). */
export function machineBusyMs() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    const idle = f[3] + f[4];
    return ((f.reduce((a, b) => a + b, 0) - idle) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Start `opsdeck serve` (the built CLI) on a data folder; resolves with its URL (token included). */
export function serve(home, passphrase, env = {}) {
  const child = spawn(process.execPath, [join(root, 'bin/opsdeck.mjs'), '--json', 'serve'], {
    env: { ...process.env, ...env, OPSDECK_HOME: home, OPSDECK_VAULT_PASSPHRASE: passphrase },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`opsdeck serve printed no URL:\n${err}`)),
      20_000,
    );
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`opsdeck serve exited with ${code}:\n${err}`)));
  });
}

/** Debian's Chromium for the UI benches, with the flags the e2e tests use (nothing goes out). */
export async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({
    executablePath: process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
