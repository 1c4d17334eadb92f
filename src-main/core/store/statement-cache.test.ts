import { describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase } from './database';
import { RunStateRepo } from './run-state-repo';
import { RunsRepo } from './runs-repo';
import { prepared } from './statement-cache';

const store = () => {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
};

describe('prepared', () => {
  it('gives the same statement for the same SQL on the same database, another on another', () => {
    const a = store();
    const b = store();
    const sql = 'SELECT * FROM workflow_runs WHERE id = ?';
    expect(prepared(a, sql)).toBe(prepared(a, sql));
    expect(prepared(b, sql)).not.toBe(prepared(a, sql));
    expect(prepared(a, 'SELECT 1')).not.toBe(prepared(a, sql));
  });
});

describe('the workflow journal', () => {
  it('compiles each of its statements once, not for every log line, step change or read', () => {
    const db = store();
    // Two repositories on one handle, as the runner and the ownership watch have.
    const runs = new RunsRepo(db);
    const other = new RunsRepo(db);
    const state = new RunStateRepo(db);
    const at = '2026-12-07T12:00:00.000Z';
    runs.create({
      id: 'r1',
      workflow: 'collect-facts',
      title: 'Collect facts',
      subject: 'db1',
      door: 'cli',
      params: {},
      steps: [{ id: 's1', title: 'Step one' }],
      at,
    });
    const compile = vi.spyOn(db, 'prepare');
    const round = (n: number) => {
      runs.setStep('r1', 's1', 'running', at);
      other.appendLog('r1', { at, level: 'info', text: `line ${n}`, stepId: 's1' });
      state.setStepProgress('r1', 's1', { unit: 'items', done: n, total: 10, at });
      state.setStepOutput('r1', 's1', { n });
      return other.detail('r1');
    };
    round(1);
    const firstUse = compile.mock.calls.length;
    expect(firstUse).toBeGreaterThan(0);
    let detail;
    for (let n = 2; n <= 6; n++) detail = round(n);
    expect(compile.mock.calls.length).toBe(firstUse);
    // And the reused statements did their work each time.
    expect(detail?.logs.map((l) => [l.seq, l.text])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [n, `line ${n}`]),
    );
    expect(detail?.steps[0]).toMatchObject({ status: 'running', progress: { done: 6, total: 10 } });
    expect(detail?.output).toEqual({ s1: { n: 6 } });
  });
});
