// @ts-check
/**
 * `lab priority normal|low|idle`: the CPU priority of everything that runs on the lab's hosts (each
 * host's sshd and its sessions, the commands those run, MariaDB, HAProxy) — every thread of every
 * process in a host's namespace. The lab's hosts stand for remote machines; a benchmark that
 * measures the desktop side (the relay-lag bench) runs them at the lowest priority so that they
 * do not compete for this machine's CPU the way remote servers never would (docs/lab.md).
 * Processes forked later inherit the priority (ssh sessions fork from sshd, MariaDB's threads from
 * its own), so one call covers a whole measurement; `normal` puts back what `lab up` starts.
 *
 * The policy alone does not lower the lab where the kernel groups tasks by session (autogroup,
 * /proc/sys/kernel/sched_autogroup_enabled = 1, as on this machine): the scheduler shares a CPU
 * between the groups first — every lab daemon and every ssh session (sshd calls setsid) is a
 * group of its own, weighted like any other session's — and only then between the tasks inside a
 * group, so SCHED_IDLE tasks alone in their group still got their group's full share (measured
 * in the relay bench: the lab side kept ~80 % of a core at SCHED_IDLE with both CPUs saturated by
 * other sessions). The level's nice value is therefore also set on the autogroup of every lab
 * process (/proc/<pid>/autogroup, sched(7)). A session started later (a workflow's exec channel)
 * gets a new autogroup at nice 0: its tasks are idle, its group is not.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { LabError } from './errors.mjs';
import { hostNamespaceKey, namespaceKey } from './namespace.mjs';
import { allPids, statFields } from './proc.mjs';

/** Linux scheduling policies as /proc/<pid>/stat field 41 gives them. */
export const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/** @typedef {'normal' | 'low' | 'idle'} PriorityLevel */
/** @typedef {{ policy: number, nice: number }} Priority */
/** @typedef {{ pid: number, tid: number } & Priority} Task */

/** @type {Record<PriorityLevel, Priority & { label: string }>} */
export const PRIORITY_LEVELS = {
  normal: { policy: SCHED_OTHER, nice: 0, label: 'normal priority (SCHED_OTHER, nice 0)' },
  low: { policy: SCHED_OTHER, nice: 19, label: 'low priority (SCHED_OTHER, nice 19)' },
  idle: {
    policy: SCHED_IDLE,
    nice: 19,
    label: 'idle priority (SCHED_IDLE: runs only when nothing else wants the CPU)',
  },
};

/** How many times the tasks are read and set again (processes forked while one pass runs). */
const MAX_PASSES = 5;

/**
 * @param {string} name
 * @returns {name is PriorityLevel}
 */
export function isPriorityLevel(name) {
  return Object.hasOwn(PRIORITY_LEVELS, name);
}

/**
 * A task's policy and nice value from its /proc/<pid>/task/<tid>/stat text, or null if unreadable.
 * @param {string} stat
 * @returns {Priority | null}
 */
export function parseTaskPriority(stat) {
  const field = statFields(stat);
  if (!field) return null;
  const nice = field(19);
  const policy = field(41);
  return Number.isInteger(nice) && Number.isInteger(policy) ? { nice, policy } : null;
}

/**
 * What to do so that every task runs at `target`: the processes whose policy must change (all
 * their threads at once) and the threads whose nice value must.
 * @param {Task[]} tasks
 * @param {Priority} target
 */
export function priorityChanges(tasks, target) {
  const policyPids = new Set();
  /** @type {number[]} */
  const niceTids = [];
  for (const task of tasks) {
    if (task.policy !== target.policy) policyPids.add(task.pid);
    if (task.nice !== target.nice) niceTids.push(task.tid);
  }
  return { policyPids: [...policyPids].sort((a, b) => a - b), niceTids };
}

/**
 * One line for people: the level, and what it covers.
 * @param {PriorityLevel} level
 * @param {{ hosts: string[], processes: number, threads: number, autogroups?: number }} covered
 */
export function describePriority(level, covered) {
  return (
    `lab hosts ${covered.hosts.join(', ') || '(none)'} at ${PRIORITY_LEVELS[level].label}: ` +
    `${covered.processes} processes, ${covered.threads} threads` +
    (covered.autogroups
      ? ` in ${covered.autogroups} autogroups at nice ${PRIORITY_LEVELS[level].nice}`
      : '')
  );
}

/**
 * Every process in the hosts' namespaces (each host's sshd and its sessions, MariaDB, HAProxy).
 * @param {import('./paths.mjs').Host[]} hosts
 * @returns {number[]}
 */
export function labPids(hosts) {
  const keys = new Set(hosts.map(hostNamespaceKey));
  keys.delete(null);
  return allPids().filter((pid) => keys.has(namespaceKey(pid)));
}

/**
 * The autogroup a process is in and its nice value, from /proc/<pid>/autogroup
 * (`/autogroup-123 nice 0`), or null if unreadable (no autogroup support, process gone).
 * @param {string} text
 * @returns {{ group: string, nice: number } | null}
 */
export function parseAutogroup(text) {
  const match = /^(\/autogroup-\d+) nice (-?\d+)\s*$/.exec(text);
  return match ? { group: match[1] ?? '', nice: Number(match[2]) } : null;
}

/**
 * Sets the nice value of the autogroup of every process in `pids` (one write per group).
 * @param {number[]} pids
 * @param {number} nice
 * @returns {number} how many autogroups the processes are in
 */
function setAutogroupNice(pids, nice) {
  const groups = new Set();
  for (const pid of pids) {
    let current;
    try {
      current = parseAutogroup(fs.readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
    } catch {
      continue; // gone, or a kernel without autogroups
    }
    if (!current || groups.has(current.group)) continue;
    groups.add(current.group);
    if (current.nice === nice) continue;
    try {
      fs.writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    } catch {
      // The process ended between the read and the write: its group went with it.
    }
  }
  return groups.size;
}

/**
 * Every thread of every process in the hosts' namespaces, with its priority now.
 * @param {import('./paths.mjs').Host[]} hosts
 * @returns {Task[]}
 */
export function labTasks(hosts) {
  /** @type {Task[]} */
  const tasks = [];
  for (const pid of labPids(hosts)) {
    let tids;
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      continue; // gone
    }
    for (const tid of tids) {
      let stat;
      try {
        stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const priority = parseTaskPriority(stat);
      if (priority) tasks.push({ pid, tid, ...priority });
    }
  }
  return tasks;
}

/**
 * Sets every task of the hosts to `level`, reading them again until none is left at another
 * priority (a session forked while a pass ran); throws if some still are after a few passes.
 * @param {import('./paths.mjs').Host[]} hosts
 * @param {PriorityLevel} level
 */
export async function setLabPriority(hosts, level) {
  const target = PRIORITY_LEVELS[level];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const tasks = labTasks(hosts);
    const { policyPids, niceTids } = priorityChanges(tasks, target);
    if (!policyPids.length && !niceTids.length) {
      const pids = [...new Set(tasks.map((task) => task.pid))];
      const covered = {
        hosts: hosts.map((host) => host.name),
        processes: pids.length,
        autogroups: setAutogroupNice(pids, target.nice),
        threads: tasks.length,
      };
      return { level, ...covered, line: describePriority(level, covered) };
    }
    for (const tid of niceTids) {
      try {
        os.setPriority(tid, target.nice);
      } catch {
        // The thread ended; the next pass reads what is left.
      }
    }
    await Promise.all(policyPids.map((pid) => setPolicy(pid, target.policy)));
  }
  throw new LabError(
    `could not set the lab's processes to ${PRIORITY_LEVELS[level].label} in ${MAX_PASSES} passes`,
  );
}

/**
 * `chrt` on all threads of `pid` (Node has no sched_setscheduler); a vanished pid is no error.
 * @param {number} pid
 * @param {number} policy
 */
function setPolicy(pid, policy) {
  const flag = policy === SCHED_IDLE ? '--idle' : '--other';
  return new Promise((resolve) => {
    execFile('chrt', ['--all-tasks', flag, '--pid', '0', String(pid)], () => resolve(undefined));
  });
}
