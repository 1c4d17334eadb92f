import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who a process is, precisely enough to tell it from a later process that reuses its pid. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (Linux /proc); undefined elsewhere. */
  pidStart?: string;
  hostname: string;
}

/** Field 22 of /proc/<pid>/stat: when the process started. Undefined where /proc is missing. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

export function currentProcess(): ProcessIdentity {
  const pidStart = processStartTime(process.pid);
  return { pid: process.pid, hostname: hostname(), ...(pidStart ? { pidStart } : {}) };
}

/**
 * Whether `pid` is still the process that recorded `pidStart`. Signal 0 checks existence without
 * touching the process; EPERM means it exists but belongs to another user.
 */
export function isProcessAlive(pid: number, pidStart?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!pidStart) return true;
  const now = processStartTime(pid);
  return now === undefined || now === pidStart;
}
