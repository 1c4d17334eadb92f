import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../common/shell';
import { wrapForKill } from './kill-wrapper';

// In a session of its own, as sshd runs commands: `kill 0` must not reach the test runner.
const sh = (script: string, input = '', shell = '/bin/sh') =>
  spawnSync('setsid', ['-w', '/bin/sh', '-c', script], {
    input,
    encoding: 'utf8',
    env: { ...process.env, SHELL: shell },
  }).stdout;

describe('kill wrapper', () => {
  it('quotes anything as one word', () => {
    for (const value of ["it's", 'a "b" $c `d` \\e', '', "''", 'x\ny'])
      expect(sh(`printf %s ${shellQuote(value)}`)).toBe(value);
  });

  it('runs the command with its output and exit status (stdin held open)', () => {
    // `(sleep 1) | …` keeps the wrapper's stdin open like the held SSH channel does.
    const script = `(sleep 1) | ${wrapForKill('echo out; echo err >&2; exit 3')} 2>/dev/null; echo "rc=$?"`;
    expect(sh(script)).toBe('out\nrc=3\n');
  });

  it('runs the command in the login shell (bash-isms work under SHELL=/bin/bash)', () => {
    const script = `(sleep 1) | ${wrapForKill('[[ -n $BASH_VERSION ]] && echo "bash $-"')}`;
    expect(sh(script, '', '/bin/bash')).toMatch(/^bash \S*c\S*\n$/);
  });

  it('leaves alone what a finished command started in the background (like plain ssh)', () => {
    const marker = `opsdeck-left-${process.pid}-${Date.now()}`;
    const script =
      `(sleep 1) | ${wrapForKill(`sh -c 'sleep 3; :' ${marker} >/dev/null 2>&1 & echo started`)}; ` +
      `sleep 1.5; pgrep -f ${marker} >/dev/null && echo alive; pkill -f ${marker}; true`;
    expect(sh(script)).toBe('started\nalive\n');
  });

  it('kills the command as soon as its stdin closes (channel closed)', () => {
    const started = Date.now();
    const out = sh(`${wrapForKill('sleep 30; echo never')}; echo "not reached"`, '');
    expect(out).toBe(''); // the whole group, wrapper included, is gone
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
