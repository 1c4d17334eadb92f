import { describe, expect, it } from 'vitest';
import {
  PRIORITY_LEVELS,
  SCHED_IDLE,
  SCHED_OTHER,
  describePriority,
  isPriorityLevel,
  parseAutogroup,
  parseTaskPriority,
  priorityChanges,
} from './priority.mjs';

/** A /proc/<pid>/task/<tid>/stat line (proc(5): nice is field 19, policy field 41). */
function stat(name: string, nice: number, policy: number): string {
  const fields = Array.from({ length: 52 - 2 }, (_, i) => String(i + 3));
  fields[0] = 'S';
  fields[19 - 3] = String(nice);
  fields[41 - 3] = String(policy);
  return `1234 (${name}) ${fields.join(' ')}\n`;
}

describe('parseTaskPriority', () => {
  it('reads the nice value and the scheduling policy of a task', () => {
    expect(parseTaskPriority(stat('sshd', 0, SCHED_OTHER))).toEqual({ nice: 0, policy: 0 });
    expect(parseTaskPriority(stat('mariadbd', 19, SCHED_IDLE))).toEqual({ nice: 19, policy: 5 });
  });

  it('is not fooled by a command name with spaces and parentheses', () => {
    expect(parseTaskPriority(stat('sh -c (cat) x', -5, SCHED_OTHER))).toEqual({
      nice: -5,
      policy: 0,
    });
  });

  it('gives null for text that is not a stat line', () => {
    expect(parseTaskPriority('')).toBeNull();
    expect(parseTaskPriority('1234 (cat) S 1 2')).toBeNull();
  });

  it('reads a real task of this process', async () => {
    const { readFileSync } = await import('node:fs');
    const own = parseTaskPriority(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    expect(own?.policy).toBe(SCHED_OTHER);
    expect(Number.isInteger(own?.nice)).toBe(true);
  });
});

describe('priorityChanges', () => {
  const idle = PRIORITY_LEVELS.idle;
  it('changes the policy once per process and the nice value of each thread that differs', () => {
    const tasks = [
      { pid: 10, tid: 10, nice: 0, policy: SCHED_OTHER },
      { pid: 10, tid: 11, nice: 0, policy: SCHED_OTHER },
      { pid: 20, tid: 20, nice: 19, policy: SCHED_IDLE },
      { pid: 30, tid: 30, nice: 19, policy: SCHED_OTHER },
    ];
    expect(priorityChanges(tasks, idle)).toEqual({ policyPids: [10, 30], niceTids: [10, 11] });
  });

  it('has nothing to do when every task is at the target', () => {
    const tasks = [{ pid: 10, tid: 12, nice: 0, policy: SCHED_OTHER }];
    expect(priorityChanges(tasks, PRIORITY_LEVELS.normal)).toEqual({
      policyPids: [],
      niceTids: [],
    });
  });

  it('puts an idle task back to normal: policy and nice', () => {
    const tasks = [{ pid: 7, tid: 8, nice: 19, policy: SCHED_IDLE }];
    expect(priorityChanges(tasks, PRIORITY_LEVELS.normal)).toEqual({
      policyPids: [7],
      niceTids: [8],
    });
  });
});

describe('priority levels', () => {
  it('knows normal, low and idle only', () => {
    expect(['normal', 'low', 'idle'].every(isPriorityLevel)).toBe(true);
    expect(isPriorityLevel('high')).toBe(false);
    expect(isPriorityLevel('toString')).toBe(false);
  });

  it('says which hosts, which level and how much it covered', () => {
    expect(describePriority('idle', { hosts: ['db1', 'proxy1'], processes: 3, threads: 9 })).toBe(
      'lab hosts db1, proxy1 at idle priority (SCHED_IDLE: runs only when nothing else wants the CPU): 3 processes, 9 threads',
    );
  });
});

describe('parseAutogroup', () => {
  it('reads the group and its nice value', () => {
    expect(parseAutogroup('/autogroup-117558 nice 19\n')).toEqual({
      group: '/autogroup-117558',
      nice: 19,
    });
    expect(parseAutogroup('/autogroup-7 nice -5')).toEqual({ group: '/autogroup-7', nice: -5 });
  });

  it('gives null for anything else (a kernel without autogroups gives no such file)', () => {
    expect(parseAutogroup('')).toBeNull();
    expect(parseAutogroup('/autogroup-7 nice high')).toBeNull();
  });
});
