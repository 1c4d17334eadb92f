// @ts-check
/**
 * `lab priority pin <cpu-list>` / `lab priority unpin`: which CPUs everything on the lab's hosts
 * may run on (every thread of every process in the hosts' namespaces, as `lab priority` covers
 * them). The lab's hosts stand for remote servers; pinning them to some CPUs and the desktop side
 * to the others gives a bench the picture of a desktop whose servers run elsewhere while the lab
 * still does all its work (docs/lab.md). Processes forked later (ssh sessions, MariaDB threads)
 * inherit the affinity; `unpin` lets them run on every online CPU again.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { LabError } from './errors.mjs';
import { labPids } from './priority.mjs';

/** How many times the tasks are read and set again (processes forked while one pass runs). */
const MAX_PASSES = 5;

/**
 * CPU numbers of a cpu-list as taskset(1) and /sys/devices/system/cpu/online write them
 * (`0-2,5`), sorted, or null if the text is not one.
 * @param {string} text
 * @returns {number[] | null}
 */
export function parseCpuList(text) {
  const cpus = new Set();
  for (const part of text.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return null;
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * The shortest cpu-list text for `cpus` (`[0, 1, 2, 5]` → `0-2,5`).
 * @param {number[]} cpus
 */
export function formatCpuList(cpus) {
  /** @type {string[]} */
  const parts = [];
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const first = sorted[i] ?? 0;
    let last = first;
    while (sorted[i + 1] === last + 1) last = sorted[++i] ?? last;
    parts.push(first === last ? String(first) : `${first}-${last}`);
  }
  return parts.join(',');
}

/**
 * A task's allowed CPUs from its /proc/<pid>/task/<tid>/status text, or null.
 * @param {string} status
 */
export function parseAllowedCpus(status) {
  const match = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status);
  return match ? parseCpuList(match[1] ?? '') : null;
}

/** The CPUs this machine has online. */
export function onlineCpus() {
  const cpus = parseCpuList(fs.readFileSync('/sys/devices/system/cpu/online', 'utf8'));
  if (!cpus?.length)
    throw new LabError('cannot read the online CPUs (/sys/devices/system/cpu/online)');
  return cpus;
}

/**
 * The CPUs of `text`, checked against the online ones; a LabError (exit 2) says what to give.
 * @param {string} text
 * @param {number[]} online
 */
export function requestedCpus(text, online) {
  const cpus = parseCpuList(text);
  const list = formatCpuList(online);
  if (!cpus) throw new LabError(`not a CPU list: ${text} (like 1, 0-1 or 0,2; online: ${list})`, 2);
  const missing = cpus.filter((cpu) => !online.includes(cpu));
  if (missing.length)
    throw new LabError(`CPU ${formatCpuList(missing)} is not online here (online: ${list})`, 2);
  return cpus;
}

/**
 * The processes of `pids` with a thread allowed on other CPUs than `cpus`.
 * @param {number[]} pids
 * @param {number[]} cpus
 */
function processesOffTarget(pids, cpus) {
  const target = cpus.join(',');
  return pids.filter((pid) => {
    let tids;
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return false; // gone
    }
    return tids.some((tid) => {
      try {
        const allowed = parseAllowedCpus(
          fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'),
        );
        return allowed !== null && allowed.join(',') !== target;
      } catch {
        return false;
      }
    });
  });
}

/**
 * `taskset` on every thread of `pid` (Node cannot set an affinity); a vanished pid is no error.
 * @param {number} pid
 * @param {number[]} cpus
 */
export function setProcessAffinity(pid, cpus) {
  return new Promise((resolve) => {
    execFile(
      'taskset',
      ['--all-tasks', '--cpu-list', '--pid', formatCpuList(cpus), String(pid)],
      () => resolve(undefined),
    );
  });
}

/**
 * Lets every thread of the hosts run on `cpus` only (all online CPUs: unpinned), reading them
 * again until none is left elsewhere (a session forked while a pass ran).
 * @param {import('./paths.mjs').Host[]} hosts
 * @param {number[]} cpus
 */
export async function setLabAffinity(hosts, cpus) {
  const all = formatCpuList(onlineCpus()) === formatCpuList(cpus);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const pids = labPids(hosts);
    const off = processesOffTarget(pids, cpus);
    if (!off.length) {
      const names = hosts.map((host) => host.name).join(', ') || '(none)';
      const where = all
        ? `every online CPU (${formatCpuList(cpus)})`
        : `CPU ${formatCpuList(cpus)} only`;
      return {
        cpus,
        processes: pids.length,
        line: `lab hosts ${names} on ${where}: ${pids.length} processes`,
      };
    }
    await Promise.all(off.map((pid) => setProcessAffinity(pid, cpus)));
  }
  throw new LabError(
    `could not pin the lab's processes to CPU ${formatCpuList(cpus)} in ${MAX_PASSES} passes`,
  );
}
