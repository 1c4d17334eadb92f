// @ts-check
/**
 * The final check of `down`: every process that still belongs to the lab — its command line names
 * the lab dir, or it lives in one of the hosts' namespaces (e.g. an ssh session's shell) — is killed.
 */
import { LabError } from './errors.mjs';
import { progress } from './log.mjs';
import { hostNamespaceKey, namespaceKey } from './namespace.mjs';
import { allPids, commandLine, isRunning, processInfo, signalAndWait, waitFor } from './proc.mjs';

const REAP_TIMEOUT_MS = 15_000;

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/**
 * Kills what is left of the lab and fails if anything survives.
 * @param {Lab} lab
 * @param {Host[]} hosts
 */
export async function sweep(lab, hosts) {
  const leftovers = labProcesses(lab, hosts);
  for (const pid of leftovers) {
    progress(`killing leftover process ${pid}: ${commandLine(pid).join(' ')}`);
  }
  await Promise.all(leftovers.map((pid) => signalAndWait(pid, 'SIGKILL', 5_000)));
  const survivors = labProcesses(lab, hosts);
  if (survivors.length > 0) {
    throw new LabError(`lab processes survived SIGKILL: ${survivors.join(', ')}`);
  }
}

/**
 * Waits until `pids` have vanished from /proc entirely: a killed daemon stays a zombie until init
 * (pid 1) reaps it, and `down` should leave nothing behind in `ps`.
 * @param {number[]} pids
 */
export async function awaitReaped(pids) {
  const reaped = await waitFor(
    () => pids.every((pid) => processInfo(pid) === null),
    REAP_TIMEOUT_MS,
  );
  if (!reaped) {
    progress('some stopped lab processes are still zombies: pid 1 has not reaped them yet');
  }
}

/**
 * Live processes of the lab, except this one and its ancestors.
 * @param {Lab} lab
 * @param {Host[]} hosts
 */
export function labProcesses(lab, hosts) {
  const hostKeys = new Set(hosts.map(hostNamespaceKey));
  hostKeys.delete(null);
  const spared = ancestry(process.pid);
  return allPids().filter(
    (pid) =>
      !spared.has(pid) &&
      isRunning(pid) &&
      (namesLabDir(pid, lab.dir) || hostKeys.has(namespaceKey(pid))),
  );
}

/**
 * @param {number} pid
 * @param {string} dir
 */
function namesLabDir(pid, dir) {
  return commandLine(pid).some((arg) => arg === dir || arg.includes(`${dir}/`));
}

/** @param {number} pid */
function ancestry(pid) {
  const pids = new Set();
  for (let current = pid; current > 1; current = processInfo(current)?.ppid ?? 0) pids.add(current);
  return pids;
}
