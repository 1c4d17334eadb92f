/**
 * `lab priority`: the lab's hosts (standing for remote servers) can be run at idle priority for a
 * bench that measures the desktop side, and put back — and what an ssh session starts while they
 * are idle is idle too (it forks from the host's sshd), so one call covers a whole measurement.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lab, labDir, labScript } from '../../testing/lab/lab';
import { formatCpuList, onlineCpus, parseAllowedCpus } from './affinity.mjs';
import { parseTaskPriority, SCHED_IDLE, SCHED_OTHER } from './priority.mjs';

/** What a command run in a new ssh session on db1 reads of itself in /proc/self. */
function sessionReads(file: string) {
  return execFileSync(
    'ssh',
    ['-F', join(labDir, 'ssh_config'), '-o', 'BatchMode=yes', 'db1', `cat /proc/self/${file}`],
    { encoding: 'utf8' },
  );
}
const sessionPriority = () => parseTaskPriority(sessionReads('stat'));
const sessionCpus = () => parseAllowedCpus(sessionReads('status'));

describe('lab priority', () => {
  afterAll(() => {
    lab('priority', 'unpin');
    lab('priority', 'normal');
  });

  it('pins every process of the lab hosts to a CPU, new ssh sessions included, then unpins', () => {
    const online = onlineCpus();
    const last = online.at(-1) ?? 0;
    expect(lab('priority', 'pin', String(last))).toMatch(
      new RegExp(`^lab hosts db1, .* on CPU ${last} only: \\d+ processes`),
    );
    expect(sessionCpus()).toEqual([last]);

    expect(lab('priority', 'unpin')).toMatch(`on every online CPU (${formatCpuList(online)})`);
    expect(sessionCpus()).toEqual(online);
  });

  it('reads the CPU time of the lab hosts, growing as they work', () => {
    const before = JSON.parse(lab('cputime')) as { cpuMs: number; processes: number };
    expect(before.processes).toBeGreaterThan(3);
    // 0.3 s of CPU on db1, in a session that ends (its time then counts in sshd's children time).
    execFileSync('ssh', [
      '-F',
      join(labDir, 'ssh_config'),
      '-o',
      'BatchMode=yes',
      'db1',
      "timeout 0.3 sh -c 'while :; do :; done'; true",
    ]);
    const after = JSON.parse(lab('cputime')) as { cpuMs: number };
    expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(100);
  });

  it('runs every process of the lab hosts idle, new ssh sessions included, then normal again', () => {
    const idle = lab('priority', 'idle');
    expect(idle).toMatch(/^lab hosts db1, .* at idle priority .*: \d+ processes, \d+ threads/);
    expect(sessionPriority()).toEqual({ policy: SCHED_IDLE, nice: 19 });

    const normal = lab('priority', 'normal');
    expect(normal).toMatch(/at normal priority \(SCHED_OTHER, nice 0\)/);
    expect(sessionPriority()).toEqual({ policy: SCHED_OTHER, nice: 0 });
  });

  it('refuses a level it does not know: usage error, exit code 2', () => {
    const run = () =>
      execFileSync(labScript, ['priority', 'high'], {
        encoding: 'utf8',
        env: { ...process.env, OPSDECK_LAB_DIR: labDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run).toThrow(
      expect.objectContaining({
        status: 2,
        stderr: expect.stringContaining('usage: lab priority normal|low|idle|pin <cpu-list>|unpin'),
      }),
    );
  });
});
