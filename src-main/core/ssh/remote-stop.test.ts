import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { idsIn, supervised, type RemoteIds } from './remote-process';
import { stopNote, stopOutcome, stopScript } from './remote-stop';
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
  for (const n of [1, 2, 3, 4]) execFileSync('sh', ['-c', `pkill -KILL -f '${pattern(n)}'; true`]);
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
  for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('stopping a supervised command', () => {
  it('stops the grandchildren a signal to the command itself misses: reparented ones and ones in a new session', async () => {
    // `sudo bash -c 'a | b'` in miniature: a child that moved to a session of its own (sudo with
    // use_pty), one that was reparented away from the tree, and a plain pipeline.
    const ids = await start(
      `setsid sleep 300.${tag}1 & (sleep 300.${tag}2 &) ; sleep 300.${tag}3 | cat`,
    );
    expect(ids.session).toBe(ids.supervisor);
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

  it('never signals a session the supervisor did not lead, nor a pid reused after it exited', async () => {
    // The supervisor's reported pid no longer its command's parent: nothing of the tree is signalled.
    const out = execFileSync('sh', [
      '-c',
      stopScript({ pid: String(process.pid), supervisor: '999999999' }),
    ]).toString();
    expect(stopOutcome(out)).toEqual({ stopped: true });
    expect(idsIn('@@opsdeck-pid 12 34 56\n')).toEqual({ pid: '12', supervisor: '34' });
    expect(() => stopScript({ pid: '1; rm -rf /', supervisor: '2' })).toThrow(/not a pid/);
  });

  it('says truthfully whether the command was seen to stop', () => {
    const host: Pick<Host, 'name'> = { name: 'db1' };
    expect(stopOutcome('@@opsdeck-stopped\n 4711 mariadb-dump\n')).toEqual({
      stopped: false,
      left: ['4711 mariadb-dump'],
      why: 'still running after KILL: 4711 mariadb-dump',
    });
    expect(stopOutcome('sudo: a password is required')).toMatchObject({ stopped: false });
    expect(stopNote(host, { stopped: true })).toMatch(/was stopped/);
    expect(stopNote(host, undefined)).toMatch(/could not confirm .* no answer within 15 s/);
  });
});
