import { describe, expect, it } from 'vitest';
import type { Progress, RunDetail, RunEvent } from '../../contract';
import { RunPrinter, progressBar, runResultText } from './run-follow';

const MiB = 1024 * 1024;
const progress = (done: number, extra: Partial<Progress> = {}): Progress => ({
  unit: 'bytes',
  done,
  total: 100 * MiB,
  percent: (100 * done) / (100 * MiB),
  ratePerSec: 10 * MiB,
  etaSec: (100 * MiB - done) / (10 * MiB),
  at: '2026-01-01T00:00:00Z',
  ...extra,
});
const ev = (p: Progress, childKey?: string): RunEvent => ({
  type: 'progress',
  runId: 'r',
  stepId: 'seed',
  ...(childKey ? { childKey } : {}),
  progress: p,
});

describe('CLI run follow', () => {
  it('draws a bar for a known total, and an empty track without one', () => {
    expect(progressBar(progress(25 * MiB), 8)).toBe('[██░░░░░░]');
    expect(progressBar(progress(MiB, { total: undefined, percent: undefined }), 4)).toBe('[····]');
  });

  it('on a terminal, rewrites one live line per sample; children are named', () => {
    const lines: string[] = [];
    const live: string[] = [];
    const p = new RunPrinter({ line: (t) => lines.push(t), live: (t) => live.push(t) });
    p.event({
      type: 'child',
      runId: 'r',
      stepId: 'seed',
      child: { key: 'h3', title: 'db3', status: 'running' },
    });
    p.event(ev(progress(50 * MiB), 'h3'));
    expect(live).toEqual([
      '  [db3] [██████████░░░░░░░░░░] 50.0 MiB of 100.0 MiB (50 %) · 10.0 MiB/s · 5 s left',
    ]);
    p.event({
      type: 'log',
      runId: 'r',
      line: { seq: 1, at: '', stepId: 'seed', childKey: 'h3', level: 'info', text: 'copied' },
    });
    p.event({
      type: 'child',
      runId: 'r',
      stepId: 'seed',
      child: {
        key: 'h3',
        title: 'db3',
        status: 'failed',
        error: { code: 'TIMEOUT', message: 'too slow', hint: 'h' },
      },
    });
    expect(lines).toEqual(['  [db3] copied', '  [db3] failed: too slow']);
  });

  it('without a terminal, prints progress at most every 10 s, and the last one', () => {
    const lines: string[] = [];
    let now = 0;
    const p = new RunPrinter({ line: (t) => lines.push(t) }, () => now);
    p.event(ev(progress(10 * MiB)));
    now = 5_000;
    p.event(ev(progress(20 * MiB)));
    now = 11_000;
    p.event(ev(progress(30 * MiB)));
    now = 12_000;
    p.event(ev(progress(100 * MiB)));
    expect(lines.map((l) => l.match(/\((\d+) %\)/)?.[1])).toEqual(['10', '30', '100']);
  });

  it('says once what the run waits for: a person, or a lock and who holds it', () => {
    const lines: string[] = [];
    const p = new RunPrinter({ line: (t) => lines.push(t) });
    const run = (waiting: RunDetail['waiting']) =>
      p.event({
        type: 'run',
        runId: 'r',
        run: {
          id: 'r',
          workflow: 'w',
          title: 'W',
          status: 'waiting',
          subject: 's',
          door: 'cli',
          createdAt: '',
          updatedAt: '',
          ...(waiting ? { waiting } : {}),
        },
      });
    const lock = {
      kind: 'lock' as const,
      heldBy: [
        {
          kind: 'cluster' as const,
          key: 'orders',
          label: 'orders',
          runId: 'abcdef1234',
          workflow: 'failover',
          title: 'Failover',
          subject: 'orders',
          door: 'web',
          since: '',
        },
      ],
    };
    run(lock);
    run(lock);
    run({
      kind: 'gate',
      stepId: 's',
      promptId: 'p',
      title: 'Promote db2?',
      message: 'db1 stops.',
      confirmLabel: 'Promote',
      expiresAt: '',
    });
    expect(lines).toEqual([
      'Waiting: cluster orders is held by run abcdef12 (Failover, orders, from web).',
      'Waiting for a person: Promote db2? — db1 stops.',
    ]);
  });

  it('ends with the status, what the run changed (when it stopped short) and what it left', () => {
    const text = runResultText({
      id: 'r1',
      workflow: 'w',
      title: 'Set up replication',
      status: 'failed',
      subject: 'db1 → db2',
      door: 'cli',
      createdAt: '',
      updatedAt: '',
      error: { code: 'TIMEOUT', message: 'Slow.', hint: 'Resume.' },
      params: {},
      steps: [],
      logs: [],
      output: {},
      changes: [{ at: '', text: 'read_only=ON on db2' }],
      leftFiles: [{ host: 'db2', path: '/etc/mysql/my.cnf.bak', what: 'config backup' }],
      locks: [],
      options: { onLockHeld: 'wait', pauseBefore: [], approveGates: false },
      rollback: 'on-request',
    });
    expect(text).toBe(
      'Set up replication on db1 → db2: failed — Slow.\n  hint: Resume. (run r1)\n' +
        'changed so far:\n  read_only=ON on db2\n' +
        'left on the hosts (remove when no longer needed):\n  db2:/etc/mysql/my.cnf.bak — config backup',
    );
  });
});
