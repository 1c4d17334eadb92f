import { describe, expect, it } from 'vitest';
import type { CheckState } from '../../contract';
import { advance, stateChangePct, type Change, type CheckMemory } from './nagios-state';

/** Feed results through the state machine; returns each step's memory and changes. */
function run(states: CheckState[], attempts = 3) {
  let memory: CheckMemory | undefined;
  const steps: { memory: CheckMemory; changes: Change[] }[] = [];
  states.forEach((state, i) => {
    const { next, changes } = advance(
      memory,
      { state, value: i, output: `${state} - x` },
      new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      { attempts, notify: true },
    );
    memory = next;
    steps.push({ memory: next, changes });
  });
  return steps;
}

const summary = (s: { memory: CheckMemory }) =>
  `${s.memory.state}/${s.memory.hard ? 'HARD' : 'SOFT'}/${s.memory.attempt}`;

describe('threshold checks: Nagios state machine', () => {
  it('a problem is SOFT until it holds for `attempts` results, then HARD and notifies once', () => {
    const steps = run(['OK', 'CRITICAL', 'CRITICAL', 'CRITICAL', 'CRITICAL']);
    expect(steps.map(summary)).toEqual([
      'OK/HARD/1',
      'CRITICAL/SOFT/1',
      'CRITICAL/SOFT/2',
      'CRITICAL/HARD/3',
      'CRITICAL/HARD/3',
    ]);
    expect(
      steps.map((s) => s.changes.map((c) => `${c.to}:${c.hard ? 'hard' : 'soft'}:${c.notify}`)),
    ).toEqual([[], ['CRITICAL:soft:false'], [], ['CRITICAL:hard:true'], []]);
    expect(steps[3]!.memory.since).toBe(steps[1]!.memory.since); // the problem started at the first result
  });

  it('a SOFT problem that clears is a soft recovery: no notification', () => {
    const steps = run(['WARNING', 'OK']);
    expect(steps.map(summary)).toEqual(['WARNING/SOFT/1', 'OK/HARD/1']);
    expect(steps[1]!.changes).toEqual([
      { kind: 'state', from: 'WARNING', to: 'OK', hard: false, notify: false },
    ]);
  });

  it('a HARD problem recovers HARD (notifies); HARD WARNING → CRITICAL is HARD at once', () => {
    const steps = run(['WARNING', 'WARNING', 'WARNING', 'CRITICAL', 'OK']);
    expect(steps.map(summary)).toEqual([
      'WARNING/SOFT/1',
      'WARNING/SOFT/2',
      'WARNING/HARD/3',
      'CRITICAL/HARD/3',
      'OK/HARD/1',
    ]);
    expect(steps[3]!.changes).toEqual([
      { kind: 'state', from: 'WARNING', to: 'CRITICAL', hard: true, notify: true },
    ]);
    expect(steps[4]!.changes).toEqual([
      { kind: 'state', from: 'CRITICAL', to: 'OK', hard: true, notify: true },
    ]);
  });

  it('with attempts 1 a problem is HARD at the first result; UNKNOWN is a state like the others', () => {
    const steps = run(['UNKNOWN', 'OK'], 1);
    expect(steps.map(summary)).toEqual(['UNKNOWN/HARD/1', 'OK/HARD/1']);
    expect(steps[0]!.changes[0]).toMatchObject({ to: 'UNKNOWN', hard: true, notify: true });
  });

  it('a SOFT problem changing state keeps counting attempts', () => {
    expect(run(['WARNING', 'CRITICAL', 'CRITICAL']).map(summary)).toEqual([
      'WARNING/SOFT/1',
      'CRITICAL/SOFT/2',
      'CRITICAL/HARD/3',
    ]);
  });
});

describe('threshold checks: flap detection', () => {
  it('weights recent changes more (0.8 → 1.2 over 20 transitions)', () => {
    expect(stateChangePct(['OK'])).toBe(0);
    const oldChange: CheckState[] = ['CRITICAL', ...Array<CheckState>(20).fill('OK')];
    const newChange: CheckState[] = [...Array<CheckState>(20).fill('OK'), 'CRITICAL'];
    expect(stateChangePct(oldChange)).toBeCloseTo(4);
    expect(stateChangePct(newChange)).toBeCloseTo(6);
  });

  it('a check going OK/CRITICAL back and forth starts flapping, stops notifying, and stops flapping once steady', () => {
    const flaps: CheckState[] = [];
    for (let i = 0; i < 12; i++) flaps.push(i % 2 ? 'CRITICAL' : 'OK');
    const steady: CheckState[] = Array<CheckState>(25).fill('CRITICAL');
    const steps = run([...flaps, ...steady], 1);
    const starts = steps.findIndex((s) => s.changes.some((c) => c.kind === 'flapping-start'));
    expect(starts).toBeGreaterThan(2);
    expect(starts).toBeLessThan(8);
    // While flapping, state changes are recorded but do not notify.
    const during = steps
      .slice(starts + 1, flaps.length)
      .flatMap((s) => s.changes.filter((c) => c.kind === 'state'));
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((c) => !c.notify)).toBe(true);
    const stops = steps.findIndex((s) => s.changes.some((c) => c.kind === 'flapping-stop'));
    expect(stops).toBeGreaterThan(flaps.length);
    expect(steps.at(-1)!.memory).toMatchObject({ state: 'CRITICAL', flapping: false, hard: true });
  });
});
