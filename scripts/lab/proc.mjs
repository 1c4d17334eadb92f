// @ts-check
/** Processes: run a command, start a daemon in its own session, read pid files, signal and wait. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors.mjs';

/** Environment for everything the lab starts: a server's, not the caller's shell. */
export const DAEMON_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
};

/** @typedef {{ code: number, stdout: string, stderr: string }} RunResult */

/**
 * Runs a command to completion and captures its output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ input?: string }} [options]
 * @returns {Promise<RunResult>}
 */
export function run(cmd, args, { input = '' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: '/', env: DAEMON_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (err) => reject(new LabError(`cannot run ${cmd}: ${err.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A command that exits without reading its input fails by its exit code, not by EPIPE here.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/**
 * Like `run`, but a non-zero exit becomes a LabError naming `what` and quoting the output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} what
 * @param {{ input?: string }} [options]
 */
export async function runOrThrow(cmd, args, what, options) {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    const output = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-15).join('\n');
    throw new LabError(`${what} failed (exit ${result.code})${output ? `:\n${output}` : ''}`);
  }
  return result.stdout;
}

/**
 * Starts a daemon in a new session (setsid) with output appended to `logFile`; resolves to its pid.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} logFile
 * @returns {Promise<number>}
 */
export function startDetached(cmd, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: '/',
    env: DAEMON_ENV,
  });
  fs.closeSync(out);
  child.unref();
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(/** @type {number} */ (child.pid)));
    child.once('error', (err) => reject(new LabError(`cannot start ${cmd}: ${err.message}`)));
  });
}

/**
 * Name, state, parent and start time of a process from /proc/<pid>/stat, or null if there is none.
 * @param {number} pid
 */
export function processInfo(pid) {
  let stat;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const nameEnd = stat.lastIndexOf(')');
  const fields = stat.slice(nameEnd + 2).split(' '); // fields[0] is field 3 of proc(5)
  return {
    name: stat.slice(stat.indexOf('(') + 1, nameEnd),
    state: fields[0] ?? '',
    ppid: Number(fields[1]),
    startTime: fields[19] ?? '',
  };
}

/**
 * True if `pid` is alive (not a zombie) and, when given, its program name is `name`.
 * @param {number} pid
 * @param {string} [name]
 */
export function isRunning(pid, name) {
  const info = processInfo(pid);
  return info !== null && info.state !== 'Z' && (name === undefined || info.name === name);
}

/**
 * The pid in `pidFile` if that process is running and is `name`; null otherwise (stale or absent).
 * @param {string} pidFile
 * @param {string} name
 */
export function runningPid(pidFile, name) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && isRunning(pid, name) ? pid : null;
}

/**
 * Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes.
 * @param {() => boolean | Promise<boolean>} check
 * @param {number} timeoutMs
 * @param {number} [intervalMs]
 */
export async function waitFor(check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/**
 * Sends `signal` to `pid` (ignoring an already-gone process) and waits until it has exited.
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>} whether the process is gone
 */
export async function signalAndWait(pid, signal, timeoutMs = 30_000) {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ESRCH') throw err;
  }
  return waitFor(() => !isRunning(pid), timeoutMs);
}

/**
 * Numbered fields of a /proc/<pid>/stat line (proc(5): `field(n)` is field n, 1-based), read
 * after the command name (which may hold spaces and parentheses); null if it is not one.
 * @param {string} stat
 * @returns {((n: number) => number) | null}
 */
export function statFields(stat) {
  const nameEnd = stat.lastIndexOf(')');
  if (nameEnd < 0) return null;
  const fields = stat
    .slice(nameEnd + 2)
    .trim()
    .split(' '); // fields[0] is field 3
  return (n) => Number(fields[n - 3]);
}

/** Pids of all processes, from /proc. */
export function allPids() {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/**
 * Arguments of a process (empty for kernel threads, zombies and vanished processes).
 * @param {number} pid
 */
export function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}
