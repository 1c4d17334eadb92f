/**
 * `lab priority`: the lab's hosts (standing for remote servers) can be run at idle priority for a
 * bench that measures the desktop side, and put back — and what an ssh session starts while they
 * are idle is idle too (it forks from the host's sshd), so one call covers a whole measurement.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lab, labDir, labScript } from '../../testing/lab/lab';
import { formatCpuList, onlineCpus, parseAllowedCpus } from './affinity.mjs';
import { parseAutogroup, parseTaskPriority, SCHED_IDLE, SCHED_OTHER } from './priority.mjs';

/** What a command run in a new ssh session on db1 reads of itself in /proc/self. */
function sessionReads(file: string) {
  return execFileSync(
    'ssh',
    ['-F', join(labDir, 'ssh_config'), '-o', 'BatchMode=yes', 'db1', `cat /proc/self/${file}`],
    // An idle lab on a machine saturated by other work gets almost no CPU: sshd's key exchange
    // can then take a minute; bounded well below the test's own timeout.
    { encoding: 'utf8', timeout: 150_000 },
  );
}
/** The autogroup of db1's sshd (null on a kernel without autogroups). */
function sshdAutogroup() {
  const pid = readFileSync(join(labDir, 'hosts/db1/sshd.pid'), 'utf8').trim();
  return parseAutogroup(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
}
const autogroups = existsSync('/proc/self/autogroup');
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
    // A fixed amount of work on db1 (≥ 0.1 s of CPU here, however loaded the machine), in a
    // session that ends: its time then counts in its sshd's children time.
    execFileSync(
      'ssh',
      [
        '-F',
        join(labDir, 'ssh_config'),
        '-o',
        'BatchMode=yes',
        'db1',
        'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done',
      ],
      { timeout: 150_000 },
    );
    const after = JSON.parse(lab('cputime')) as { cpuMs: number };
    expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(100);
  }, 200_000);

  it('runs every process of the lab hosts idle, new ssh sessions included, then normal again', () => {
    const idle = lab('priority', 'idle');
    expect(idle).toMatch(/^lab hosts db1, .* at idle priority .*: \d+ processes, \d+ threads/);
    expect(sessionPriority()).toEqual({ policy: SCHED_IDLE, nice: 19 });
    // Its session's group too: db1's sshd (a session of its own) in an autogroup at nice 19.
    if (autogroups) expect(sshdAutogroup()?.nice).toBe(19);

    const normal = lab('priority', 'normal');
    expect(normal).toMatch(/at normal priority \(SCHED_OTHER, nice 0\)/);
    expect(sessionPriority()).toEqual({ policy: SCHED_OTHER, nice: 0 });
    if (autogroups) expect(sshdAutogroup()?.nice).toBe(0);
  }, 330_000); // two ssh sessions at idle priority, each bounded at 150 s

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
