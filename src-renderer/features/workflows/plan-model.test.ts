import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src-main/contract';
import { planHosts, planWrites, shownActions } from './plan-model';

const read = (target: string) => ({ kind: 'ssh' as const, target, detail: 'cat', write: false });
const write = (target: string) => ({ kind: 'sql' as const, target, detail: 'SET', write: true });

const plan: Plan = {
  workflow: 'collect-facts',
  title: 'T',
  params: {},
  locks: [],
  rollback: 'on-request',
  steps: [
    {
      id: 'a',
      title: 'A',
      actions: [read('db1'), write('db1')],
      alreadyDone: false,
      undoable: false,
      pointOfNoReturn: false,
      gates: [],
      children: [],
    },
    {
      id: 'b',
      title: 'B',
      actions: [],
      alreadyDone: false,
      undoable: true,
      pointOfNoReturn: true,
      gates: [],
      children: [
        { key: 'h2', title: 'db2', actions: [write('db2'), read('db2')], gates: [] },
        { key: 'h3', title: 'db3', actions: [write('db3')], gates: [] },
      ],
    },
  ],
};

describe('plan by host', () => {
  it('lists the hosts a plan touches, children included, with writes and reads each', () => {
    expect(planHosts(plan)).toEqual([
      { target: 'db1', writes: 1, reads: 1 },
      { target: 'db2', writes: 1, reads: 1 },
      { target: 'db3', writes: 1, reads: 0 },
    ]);
    expect(planWrites(plan)).toBe(3);
  });

  it('filters actions to one host, or shows them all', () => {
    const actions = plan.steps[0]!.actions;
    expect(shownActions(actions, 'db1')).toHaveLength(2);
    expect(shownActions(actions, 'db2')).toEqual([]);
    expect(shownActions(actions, null)).toBe(actions);
  });
});
