import { describe, expect, it } from 'vitest';
import type { Plan } from '../../contract';
import { formatPlan } from './workflow-plan-text';

describe('plan text', () => {
  it('names locks and holders, the rollback, gates, children and the point of no return', () => {
    const plan: Plan = {
      workflow: 'w',
      title: 'Switchover',
      params: {},
      rollback: 'automatic',
      locks: [
        {
          kind: 'cluster',
          key: 'orders',
          label: 'orders',
          heldBy: {
            kind: 'cluster',
            key: 'orders',
            label: 'orders',
            runId: '12345678abc',
            workflow: 'w',
            title: 'Backup',
            subject: 'db1',
            door: 'web',
            since: '',
          },
        },
        { kind: 'host', key: 'h1', label: 'db1' },
      ],
      steps: [
        {
          id: 'fence',
          title: 'Fence',
          actions: [{ kind: 'sql', target: 'db1', detail: 'SET GLOBAL read_only=1', write: true }],
          alreadyDone: false,
          undoable: true,
          pointOfNoReturn: false,
          gates: [{ title: 'Go?', message: 'db1 stops.', typed: 'orders' }],
          children: [],
          timeoutMs: 60_000,
          attempts: 3,
        },
        {
          id: 'repoint',
          title: 'Repoint',
          actions: [],
          alreadyDone: false,
          undoable: false,
          pointOfNoReturn: true,
          gates: [],
          children: [
            {
              key: 'h3',
              title: 'db3',
              actions: [{ kind: 'sql', target: 'db3', detail: 'CHANGE MASTER', write: true }],
              gates: [],
            },
          ],
          limit: 2,
        },
      ],
    };
    expect(formatPlan(plan)).toBe(
      [
        'Plan: Switchover (dry run: 2 steps, 2 changes)',
        'Locks: cluster orders is held by run 12345678 (Backup, db1, from web) — it will wait; host db1',
        'On failure: what was done is undone in reverse, up to the point of no return.',
        '1. Fence (undoable, limit 1 min 00 s, 3 attempts)',
        '     GATE  Go? — db1 stops. (type "orders" to go on)',
        '     WRITE sql db1: SET GLOBAL read_only=1',
        '── point of no return: from here on a failure is not rolled back ──',
        '2. Repoint (1 child, 2 at once)',
        '   db3:',
        '     WRITE sql db3: CHANGE MASTER',
      ].join('\n'),
    );
  });
});

describe('plan text warnings', () => {
  it('shows what a step warned of while planning, before its actions', () => {
    const plan: Plan = {
      workflow: 'backup-verify',
      title: 'Verify a backup',
      params: {},
      rollback: 'on-request',
      locks: [],
      steps: [
        {
          id: 'verify',
          title: 'Read back',
          warnings: [
            "Verifying on db1, the backup's source: uses the production host's disk and CPU.",
          ],
          actions: [{ kind: 'ssh', target: 'db1', detail: 'x > prepare', write: true }],
          alreadyDone: false,
          undoable: false,
          pointOfNoReturn: false,
          gates: [],
          children: [],
        },
      ],
    };
    expect(formatPlan(plan).split('\n').slice(1)).toEqual([
      '1. Read back',
      "     WARN  Verifying on db1, the backup's source: uses the production host's disk and CPU.",
      '     WRITE ssh db1: x > prepare',
    ]);
  });
});
