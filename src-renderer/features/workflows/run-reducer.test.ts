import { describe, expect, it } from 'vitest';
import type { LogLine, RunDetail, RunEvent, RunStep } from '../../../src-main/contract';
import {
  applyRunEvent,
  canRollBack,
  initialRunView,
  isResumable,
  MAX_LOG_LINES,
  runReducer,
} from './run-reducer';

const T = (s: number) => `2025-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;

function run(over: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 'r1',
    workflow: 'collect-facts',
    title: 'Collect facts',
    status: 'running',
    subject: 'db1',
    door: 'web',
    createdAt: T(0),
    updatedAt: T(1),
    params: { hostIds: ['h1'] },
    steps: [
      { id: 'connect', title: 'Connect', status: 'running', startedAt: T(1) },
      { id: 'os', title: 'OS', status: 'pending' },
    ],
    logs: [],
    output: {},
    changes: [],
    leftFiles: [],
    locks: [],
    options: { onLockHeld: 'wait', pauseBefore: [], approveGates: false },
    rollback: 'on-request',
    ...over,
  };
}
const stepEv = (step: RunStep, runId = 'r1'): RunEvent => ({ type: 'step', runId, step });
const logEv = (seq: number, text = `line ${seq}`): RunEvent => ({
  type: 'log',
  runId: 'r1',
  line: { seq, at: T(2), level: 'info', text },
});
const line = (seq: number): LogLine => ({ seq, at: T(1), level: 'out', text: `l${seq}` });

describe('run reducer', () => {
  it('buffers events until the snapshot, then replays them on top', () => {
    let s = runReducer(initialRunView, { type: 'event', event: logEv(3) });
    s = runReducer(s, {
      type: 'event',
      event: stepEv({
        id: 'connect',
        title: 'Connect',
        status: 'done',
        startedAt: T(1),
        finishedAt: T(2),
      }),
    });
    expect(s.run).toBeNull();
    s = runReducer(s, { type: 'snapshot', run: run({ logs: [line(1), line(2)] }) });
    expect(s.buffered).toEqual([]);
    expect(s.run?.logs.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(s.run?.steps[0]?.status).toBe('done');
  });

  it('drops buffered events the snapshot already contains', () => {
    let s = runReducer(initialRunView, { type: 'event', event: logEv(1) });
    s = runReducer(s, {
      type: 'event',
      event: stepEv({ id: 'connect', title: 'Connect', status: 'running', startedAt: T(1) }),
    });
    const snap = run({
      logs: [line(1), line(2)],
      steps: [
        { id: 'connect', title: 'Connect', status: 'done', startedAt: T(1), finishedAt: T(2) },
        { id: 'os', title: 'OS', status: 'running', startedAt: T(2) },
      ],
    });
    s = runReducer(s, { type: 'snapshot', run: snap });
    expect(s.run?.logs.map((l) => l.text)).toEqual(['l1', 'l2']);
    expect(s.run?.steps[0]?.status).toBe('done');
  });

  it('accepts a step going back to running when it is a new attempt (resume)', () => {
    const failed = run({
      status: 'failed',
      steps: [
        { id: 'connect', title: 'Connect', status: 'failed', startedAt: T(1), finishedAt: T(3) },
      ],
    });
    const again = applyRunEvent(
      failed,
      stepEv({ id: 'connect', title: 'Connect', status: 'running', startedAt: T(9) }),
    );
    expect(again.steps[0]?.status).toBe('running');
    // An old "failed" arriving after the new attempt finished is ignored.
    const done = applyRunEvent(
      again,
      stepEv({
        id: 'connect',
        title: 'Connect',
        status: 'done',
        startedAt: T(9),
        finishedAt: T(10),
      }),
    );
    expect(
      applyRunEvent(
        done,
        stepEv({
          id: 'connect',
          title: 'Connect',
          status: 'failed',
          startedAt: T(1),
          finishedAt: T(3),
        }),
      ),
    ).toBe(done);
  });

  it('appends unknown steps and ignores events of other runs', () => {
    let s = runReducer(initialRunView, { type: 'snapshot', run: run() });
    const before = s;
    s = runReducer(s, {
      type: 'event',
      event: stepEv({ id: 'x', title: 'X', status: 'done' }, 'other'),
    });
    expect(s).toBe(before);
    s = runReducer(s, {
      type: 'event',
      event: stepEv({ id: 'extra', title: 'Extra', status: 'pending' }),
    });
    expect(s.run?.steps.map((x) => x.id)).toEqual(['connect', 'os', 'extra']);
  });

  it('applies run summaries unless older than what it has', () => {
    const r = run({ updatedAt: T(5) });
    const { params: _p, steps: _s, logs: _l, output: _o, ...summary } = r;
    const newer = applyRunEvent(r, {
      type: 'run',
      runId: 'r1',
      run: { ...summary, status: 'succeeded', updatedAt: T(6) },
    });
    expect(newer.status).toBe('succeeded');
    expect(newer.steps).toBe(r.steps);
    expect(
      applyRunEvent(newer, {
        type: 'run',
        runId: 'r1',
        run: { ...summary, status: 'running', updatedAt: T(4) },
      }),
    ).toBe(newer);
  });

  it('keeps logs ordered, deduplicated and capped', () => {
    let r = run({ logs: [line(1), line(3)] });
    r = applyRunEvent(r, logEv(2));
    r = applyRunEvent(r, logEv(2));
    expect(r.logs.map((l) => l.seq)).toEqual([1, 2, 3]);
    let big = run({ logs: Array.from({ length: MAX_LOG_LINES }, (_, i) => line(i)) });
    big = applyRunEvent(big, logEv(MAX_LOG_LINES));
    expect(big.logs).toHaveLength(MAX_LOG_LINES);
    expect(big.logs[big.logs.length - 1]?.seq).toBe(MAX_LOG_LINES);
    expect(big.logs[0]?.seq).toBe(1);
  });

  it('knows which runs can be resumed', () => {
    expect(
      ['failed', 'cancelled', 'interrupted', 'running', 'succeeded'].map((status) =>
        isResumable({ status } as RunDetail),
      ),
    ).toEqual([true, true, true, false, false]);
  });

  it('keeps children and progress of a step as their own events arrive, and drops a finished wait', () => {
    let r = run({
      status: 'waiting',
      waiting: { kind: 'lock', heldBy: [] },
      steps: [{ id: 'collect', title: 'Collect', status: 'running', startedAt: T(1) }],
    });
    const child = (status: 'running' | 'done', at: number) => ({
      type: 'child' as const,
      runId: 'r1',
      stepId: 'collect',
      child: { key: 'h2', title: 'db2', status, startedAt: T(at) },
    });
    r = applyRunEvent(r, child('running', 2));
    r = applyRunEvent(r, {
      type: 'progress',
      runId: 'r1',
      stepId: 'collect',
      childKey: 'h2',
      progress: { unit: 'bytes', done: 5, total: 10, percent: 50, at: T(3) },
    });
    r = applyRunEvent(r, child('done', 2));
    expect(r.steps[0]?.children).toEqual([
      {
        key: 'h2',
        title: 'db2',
        status: 'done',
        startedAt: T(2),
        progress: { unit: 'bytes', done: 5, total: 10, percent: 50, at: T(3) },
      },
    ]);
    // A stale "running" after "done" is ignored.
    expect(applyRunEvent(r, child('running', 2))).toBe(r);
    // A step event (no children in it) keeps the children.
    r = applyRunEvent(
      r,
      stepEv({
        id: 'collect',
        title: 'Collect',
        status: 'done',
        startedAt: T(1),
        finishedAt: T(4),
      }),
    );
    expect(r.steps[0]?.children).toHaveLength(1);
    const { params: _p, steps: _s, logs: _l, output: _o, waiting: _w, ...summary } = r;
    r = applyRunEvent(r, {
      type: 'run',
      runId: 'r1',
      run: { ...summary, status: 'running', updatedAt: T(9) },
    });
    expect(r.waiting).toBeUndefined();
  });

  it('offers a rollback only before the point of no return and when something ran', () => {
    const stopped = (statuses: string[], ponr?: string) =>
      canRollBack(
        run({
          status: 'failed',
          ...(ponr ? { pointOfNoReturn: ponr } : {}),
          steps: statuses.map((status, i) => ({
            id: `s${i}`,
            title: `S${i}`,
            status: status as RunStep['status'],
          })),
        }),
      );
    expect(stopped(['done', 'failed', 'pending'])).toBe(true);
    expect(stopped(['done', 'failed', 'pending'], 's1')).toBe(false);
    expect(stopped(['done', 'failed', 'pending'], 's2')).toBe(true);
    expect(stopped(['pending'])).toBe(false);
  });
});
