import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testHost } from '../../../testing/core/test-host';
import { idsIn, supervised, type RemoteIds } from './remote-process';
import {
  loginStopScript,
  stopNote,
  stopOutcome,
  stopProcess,
  stopRemote,
  stopScript,
  type StopDeps,
} from './remote-stop';
import type { Host } from '../../contract';

/**
 * The stop script run here against real processes: a supervised command started in a session of
 * its own, as sshd starts a channel's shell.
 */
const tag = `${process.pid}${Math.floor(Math.random() * 1000)}`;
const pattern = (n: number) => `sleep 300\\.${tag}${n}`;
const running = (n: number) =>
  execFileSync('sh', ['-c', `pgrep -f '${pattern(n)}' || true`])
    .toString()
    .trim();

let started: ChildProcess | undefined;
afterEach(() => {
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9])
    execFileSync('sh', ['-c', `pkill -KILL -f '${pattern(n)}'; true`]);
  started?.kill('SIGKILL');
});

async function start(command: string): Promise<RemoteIds> {
  const child = spawn('setsid', ['sh', '-c', supervised(command)], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  started = child;
  let text = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      const ids = idsIn(text);
      if (ids) resolve(ids);
    });
    child.once('exit', () => reject(new Error(`exited before its ids: ${text}`)));
  });
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 400; i++) {
    if (what()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the processes the test needs never started');
};

const readable = (path: string) => {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
};

/** A pid that is not running (above any pid_max). */
const DEAD = '999999998';

describe('stopping a supervised command', () => {
  it('stops the grandchildren a signal to the command itself misses: reparented ones and ones in a new session', async () => {
    // `sudo bash -c 'a | b'` in miniature: a child that moved to a session of its own (sudo with
    // use_pty), one that was reparented away from the tree, and a plain pipeline.
    const ids = await start(
      `setsid sleep 300.${tag}1 & (sleep 300.${tag}2 &) ; sleep 300.${tag}3 | cat`,
    );
    expect(ids.session).toBe(ids.supervisor);
    // Identity against reuse: this boot, and the supervisor's start time.
    expect(ids.boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    expect(ids.start).toMatch(/^\d+$/);
    await until(() => [1, 2, 3].every((n) => running(n) !== ''));
    // The old stop (TERM to the command and its children) left the grandchildren running.
    const out = execFileSync('sh', ['-c', stopScript(ids)]).toString();
    expect(stopOutcome(out)).toEqual({ stopped: true });
    expect([running(1), running(2), running(3)]).toEqual(['', '', '']);
  });

  it('a command that ignores TERM is killed after the grace period', async () => {
    const ids = await start(`trap '' TERM; sleep 300.${tag}4`);
    await until(() => running(4) !== '');
    const out = execFileSync('sh', ['-c', stopScript(ids, 400)]).toString();
    expect(stopOutcome(out)).toEqual({ stopped: true });
    expect(running(4)).toBe('');
  });

  it('never signals a pid reused after the supervisor exited: it says it cannot tell', () => {
    // The supervisor's reported pid no longer its command's parent, and the pid is alive (this
    // test's own process): nothing is signalled, and the outcome says why, not "stopped".
    const out = execFileSync('sh', [
      '-c',
      stopScript({ pid: String(process.pid), supervisor: '999999999' }),
    ]).toString();
    expect(stopOutcome(out)).toMatchObject({ stopped: false, why: /could not tell/ });
    // …and with nothing left under that pid, it had already exited.
    const gone = execFileSync('sh', ['-c', stopScript({ pid: DEAD, supervisor: '999999999' })]);
    expect(stopOutcome(gone.toString())).toEqual({ stopped: true, already: 'exited' });
    expect(idsIn('@@opsdeck-pid 12 34 56\n')).toEqual({ pid: '12', supervisor: '34' });
    expect(() => stopScript({ pid: '1; rm -rf /', supervisor: '2' })).toThrow(/not a pid/);
  });

  it('never signals an unrelated session that got the id of a session that ended', async () => {
    // Another session leader (a restarted service, someone's shell) now has the old session id.
    const other = spawn('setsid', ['sleep', `300.${tag}5`], { stdio: 'ignore' });
    other.unref();
    await until(() => running(5) !== '');
    const sid = running(5);
    expect(execFileSync('ps', ['-o', 'sid=', '-p', sid]).toString().trim()).toBe(sid);
    const start = execFileSync('sh', ['-c', `sed 's/.*) //' /proc/${sid}/stat | cut -d' ' -f20`])
      .toString()
      .trim();
    // Our supervisor (pid = session) is gone; its recorded start time is not the new leader's.
    for (const ids of [
      { pid: DEAD, supervisor: sid, session: sid },
      { pid: DEAD, supervisor: sid, session: sid, start: String(Number(start) + 1) },
    ]) {
      const out = execFileSync('sh', ['-c', stopScript(ids, 400)]).toString();
      expect(running(5)).toBe(sid);
      expect(stopOutcome(out)).toEqual({ stopped: true, already: 'exited' });
    }
  });

  it('signals nothing after the host restarted (another boot id)', async () => {
    const ids = await start(`sleep 300.${tag}6`);
    await until(() => running(6) !== '');
    const out = execFileSync('sh', [
      '-c',
      stopScript({ ...ids, boot: '00000000-0000-4000-8000-000000000000' }, 400),
    ]).toString();
    expect(stopOutcome(out)).toEqual({ stopped: true, already: 'rebooted' });
    expect(running(6)).not.toBe('');
  });

  it('without ps nothing can be checked: not stopped, and it says why', async () => {
    const ids = await start(`sleep 300.${tag}7`);
    await until(() => running(7) !== '');
    const bin = mkdtempSync(join(tmpdir(), 'opsdeck-nops-'));
    try {
      for (const tool of ['sh', 'awk', 'sed', 'cut', 'cat', 'tr', 'grep', 'sleep'])
        symlinkSync(
          execFileSync('sh', ['-c', `command -v ${tool}`])
            .toString()
            .trim(),
          join(bin, tool),
        );
      const out = execFileSync(join(bin, 'sh'), ['-c', stopScript(ids, 400)], {
        env: { PATH: bin },
      }).toString();
      expect(stopOutcome(out)).toMatchObject({ stopped: false, why: /ps is unavailable/ });
      expect(running(7)).not.toBe('');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('before KILL, takes the set again: a child started in a new session during the grace period is killed too', async () => {
    // A TERM handler that starts a child in a session of its own (what sudo with use_pty does),
    // and says it did (so the test cannot pass without that child ever running).
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-stop-'));
    try {
      const spawned = join(dir, 'spawned');
      const ids = await start(
        `trap 'setsid sleep 300.${tag}8 & echo yes > ${spawned}' TERM; while :; do sleep 0.1; done`,
      );
      await until(() => readable(`/proc/${ids.pid}/stat`));
      const out = execFileSync('sh', ['-c', stopScript(ids, 2000)]).toString();
      expect(readFileSync(spawned, 'utf8')).toBe('yes\n');
      expect(stopOutcome(out)).toEqual({ stopped: true });
      expect(running(8)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it("the login's own fallback stop signals only a command its supervisor still runs", async () => {
    // An unrelated process whose pid the command once had: its parent is not the supervisor.
    const other = spawn('sleep', [`300.${tag}9`], { stdio: 'ignore' });
    other.unref();
    await until(() => running(9) !== '');
    const reused = { pid: running(9), supervisor: DEAD };
    execFileSync('sh', ['-c', loginStopScript(reused)]);
    expect(running(9)).not.toBe('');
    // …nor on another boot, even with the right parent.
    const ids = await start(`sleep 300.${tag}6`);
    await until(() => running(6) !== '');
    execFileSync('sh', [
      '-c',
      loginStopScript({ ...ids, boot: '00000000-0000-4000-8000-000000000000' }),
    ]);
    expect(running(6)).not.toBe('');
    // Still the supervisor's child with its start time: signalled.
    execFileSync('sh', ['-c', loginStopScript(ids)]);
    await until(() => running(6) === '');
  });

  it('says truthfully whether the command was seen to stop', () => {
    const host: Pick<Host, 'name'> = { name: 'db1' };
    expect(stopOutcome('@@opsdeck-stopped\n 4711 mariadb-dump\n')).toEqual({
      stopped: false,
      left: ['4711 mariadb-dump'],
      why: 'still running after KILL: 4711 mariadb-dump',
    });
    expect(stopOutcome('', 'sudo: a password is required\n', 1)).toEqual({
      stopped: false,
      why: 'sudo refused: sudo: a password is required',
    });
    expect(stopOutcome('', 'sh: 1: ps: Permission denied\n', 2)).toEqual({
      stopped: false,
      why: 'the stop command did not finish (exit 2: sh: 1: ps: Permission denied)',
    });
    expect(stopNote(host, { stopped: true })).toMatch(/was stopped/);
    expect(stopNote(host, { stopped: true, already: 'exited' })).toMatch(/had already exited/);
    expect(stopNote(host, undefined)).toMatch(/could not confirm .* no answer within 15 s/);
  });
});

/** The stop's exec, recorded; `answer` says what the host does with each command. */
function fakeExec(
  answer: (command: string) => Promise<{ stdout: string; stderr: string; code: number | null }>,
) {
  const commands: string[] = [];
  const deps: StopDeps = {
    exec: (_host, command) => {
      commands.push(command);
      return answer(command);
    },
  };
  return { deps, commands };
}

const ids: RemoteIds = { pid: '4711', supervisor: '4710', session: '4710', start: '99' };

describe('stopRemote', () => {
  const sudoHost = testHost('db1', { user: 'admin', profile: { sudo: false } });

  it('a sudo that refuses is named as the reason, and only then does the login try its own stop', async () => {
    for (const refusal of [
      'sudo: a password is required',
      'sudo: sorry, you must have a tty to run sudo',
    ]) {
      const { deps, commands } = fakeExec((c) =>
        Promise.resolve(
          c.startsWith('sudo -n')
            ? { stdout: '', stderr: `${refusal}\n`, code: 1 }
            : { stdout: '', stderr: '', code: 0 },
        ),
      );
      expect(await stopRemote(deps, sudoHost, ids)).toEqual({
        stopped: false,
        why: `sudo refused: ${refusal}`,
      });
      expect(commands).toHaveLength(2);
      // The login's stop checks the supervisor is still the command's parent first.
      expect(commands[1]).toMatch(/^sh -c .*ps -o ppid= -p 4711.*= "4710".*kill -TERM 4711/s);
    }
  });

  it('a host that is gone gets no second command', async () => {
    const { deps, commands } = fakeExec(() => Promise.reject(new Error('connection refused')));
    expect(await stopRemote(deps, sudoHost, ids)).toEqual({
      stopped: false,
      why: 'the stop failed: connection refused',
    });
    expect(commands).toHaveLength(1);
  });

  it('settles when given up on, even if the exec never answers', async () => {
    const { deps, commands } = fakeExec(() => new Promise(() => undefined));
    const outcome = await stopRemote(deps, sudoHost, ids, AbortSignal.timeout(50));
    expect(outcome).toEqual({ stopped: false, why: 'the stop got no answer within 15 s' });
    expect(commands).toHaveLength(1);
  });

  it('as root, the script runs in sh -c (a zsh login shell would not split the pid list)', async () => {
    const { deps, commands } = fakeExec(() =>
      Promise.resolve({ stdout: '@@opsdeck-stopped\n', stderr: '', code: 0 }),
    );
    const root = testHost('db1', { user: 'root', profile: { sudo: false } });
    expect(await stopRemote(deps, root, ids)).toEqual({ stopped: true });
    expect(commands[0]).toMatch(/^sh -c '/);
    expect(commands[0]).toContain('kill -TERM $set');
  });
});

describe('stopProcess', () => {
  const host = testHost('db1');
  const answered = () =>
    fakeExec(() => Promise.resolve({ stdout: '@@opsdeck-stopped\n', stderr: '', code: 0 }));

  it('a cancel before the ids arrived waits for them, stops those, then closes the channel', async () => {
    const { deps, commands } = answered();
    const seen: { ids?: RemoteIds } = {};
    let report!: (ids: RemoteIds) => void;
    const idsReported = new Promise<RemoteIds | undefined>((r) => (report = r));
    const closed: string[] = [];
    const stopping = stopProcess(
      deps,
      host,
      { ids: () => seen.ids, exited: () => false, idsReported },
      undefined,
      () => closed.push(`closed with ${commands.length} stop(s) sent`),
    );
    await Promise.resolve();
    expect(closed).toEqual([]);
    seen.ids = ids;
    report(ids);
    expect(await stopping).toEqual({ stopped: true });
    expect(closed).toEqual(['closed with 0 stop(s) sent']);
    expect(commands[0]).toContain('4711');
  });

  it('ids that never come: waits a bounded time, then says so', async () => {
    vi.useFakeTimers();
    try {
      const { deps, commands } = answered();
      let closed = false;
      const stopping = stopProcess(
        deps,
        host,
        { ids: () => undefined, exited: () => false, idsReported: new Promise(() => undefined) },
        undefined,
        () => (closed = true),
      );
      await vi.advanceTimersByTimeAsync(5000);
      expect(await stopping).toEqual({
        stopped: false,
        why: 'it had not reported its process id yet',
      });
      expect(closed).toBe(true);
      expect(commands).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
