// @ts-check
/**
 * `lab cputime`: the CPU time everything on the lab's hosts has used so far, for a bench that
 * shows how much of the machine the lab side took during a measurement (two readings, the
 * difference). A process's own time and that of its children it has waited for (utime, stime,
 * cutime, cstime of /proc/<pid>/stat): a session that ended mid-measurement is counted in its
 * sshd's children time, so the difference of two readings covers it.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { labPids } from './priority.mjs';
import { statFields } from './proc.mjs';

/**
 * Clock ticks of a /proc/<pid>/stat line: own and waited-for children's user + system time.
 * @param {string} stat
 * @returns {number | null}
 */
export function statCpuTicks(stat) {
  const field = statFields(stat);
  if (!field) return null;
  const ticks = [14, 15, 16, 17].map(field);
  return ticks.every(Number.isInteger) ? ticks.reduce((a, b) => a + b, 0) : null;
}

/**
 * CPU milliseconds the lab's processes have used, and how many there are.
 * @param {import('./paths.mjs').Host[]} hosts
 */
export function labCpuTime(hosts) {
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  let ticks = 0;
  const pids = labPids(hosts);
  for (const pid of pids) {
    try {
      ticks += statCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? 0;
    } catch {
      // gone: its time moved to its parent's children time
    }
  }
  return { cpuMs: (ticks * 1000) / hz, processes: pids.length };
}
