/**
 * `lab priority`: the lab's hosts (standing for remote servers) can be run at idle priority for a
 * bench that measures the desktop side, and put back — and what an ssh session starts while they
 * are idle is idle too (it forks from the host's sshd), so one call covers a whole measurement.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lab, labDir, labScript } from '../../testing/lab/lab';
import { parseTaskPriority, SCHED_IDLE, SCHED_OTHER } from './priority.mjs';

/** The priority of a command run in a new ssh session on db1 (its own /proc/self/stat). */
function sessionPriority() {
  const stat = execFileSync(
    'ssh',
    ['-F', join(labDir, 'ssh_config'), '-o', 'BatchMode=yes', 'db1', 'cat /proc/self/stat'],
    { encoding: 'utf8' },
  );
  return parseTaskPriority(stat);
}

describe('lab priority', () => {
  afterAll(() => lab('priority', 'normal'));

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
        stderr: expect.stringContaining('usage: lab priority normal|low|idle'),
      }),
    );
  });
});
