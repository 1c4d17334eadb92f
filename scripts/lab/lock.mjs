// @ts-check
/**
 * One changing lab command at a time, machine-wide: test runs and people share the lab, and its
 * two lab dirs on different nets (OPSDECK_LAB_NET) must not bring hosts up at the same time either. The lock is a file that exists only while
 * a command runs; one left by a command that died is recognised (its process is gone) and replaced.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './log.mjs';
import { processInfo } from './proc.mjs';

const LOCK_FILE = '/run/opsdeck-lab.lock';
const POLL_MS = 200;

/**
 * Runs `task` while holding the lab lock, waiting for another holder to finish first.
 * @template T
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
export async function withLabLock(task) {
  const owner = identity(process.pid);
  await acquire(owner);
  try {
    return await task();
  } finally {
    if (readLock() === owner) fs.rmSync(LOCK_FILE, { force: true });
  }
}

/** @param {string} owner */
async function acquire(owner) {
  let announced = false;
  for (;;) {
    if (tryCreate(owner)) return;
    const holder = readLock();
    if (holder === null || !isAlive(holder)) {
      fs.rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (!announced) progress(`waiting for another lab command (pid ${holder.split(' ')[0]})`);
    announced = true;
    await sleep(POLL_MS);
  }
}

/**
 * Creates the lock file with `owner` in it, atomically (hard link of a complete temporary file).
 * @param {string} owner
 */
function tryCreate(owner) {
  const draft = `${LOCK_FILE}.${process.pid}`;
  fs.writeFileSync(draft, owner);
  try {
    fs.linkSync(draft, LOCK_FILE);
    return true;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    return false;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/**
 * "<pid> <start time>": the start time tells a live holder from a new process that reused its pid.
 * @param {number} pid
 */
function identity(pid) {
  return `${pid} ${processInfo(pid)?.startTime ?? '?'}`;
}

/** @param {string} holder */
function isAlive(holder) {
  return identity(Number(holder.split(' ')[0])) === holder;
}

function readLock() {
  try {
    return fs.readFileSync(LOCK_FILE, 'utf8');
  } catch {
    return null;
  }
}
