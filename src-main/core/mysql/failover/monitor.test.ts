import { describe, expect, it } from 'vitest';
import {
  ClusterSettings,
  type ClusterPlanView,
  type MasterAlert,
  type MasterVerdict,
} from '../../../contract';
import { createEventBus } from '../../event-bus';
import { FailoverMonitor } from './monitor';

function setup(automatic: boolean, verdicts: MasterVerdict[]) {
  const bus = createEventBus();
  const alerts: MasterAlert[] = [];
  bus.subscribe((m) => m.topic === 'mysql.alert' && alerts.push(m.payload as MasterAlert));
  const started: string[] = [];
  let i = 0;
  const cluster = {
    ...ClusterSettings.parse({
      name: 'shop',
      members: ['db1', 'db2'],
      automaticFailover: automatic,
    }),
    saved: true,
  };
  const monitor = new FailoverMonitor({
    clusters: () => [cluster],
    view: async () =>
      ({
        health: {
          master: 'db1',
          verdict: verdicts[Math.min(i, verdicts.length - 1)],
          summary: 's',
          angles: [],
          checkedAt: '',
        },
        plan: { candidates: [{ name: 'db2' }] },
      }) as unknown as ClusterPlanView,
    startFailover: (master) => {
      started.push(master);
      return { runId: `run-${started.length}` };
    },
    bus,
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
  });
  const tick = async () => {
    await (monitor as unknown as { checkAll(): Promise<void> }).checkAll();
    i++;
  };
  return { alerts, started, tick };
}

describe('failover monitor', () => {
  it('starts one automatic failover after two dead checks in a row, and says so', async () => {
    const m = setup(true, ['alive', 'dead', 'dead', 'dead', 'dead']);
    for (let k = 0; k < 5; k++) await m.tick();
    expect(m.started).toEqual(['db1']);
    expect(m.alerts).toEqual([
      expect.objectContaining({ action: 'failover-started', runId: 'run-1', verdict: 'dead' }),
    ]);
  });

  it('never fails over on a partition, and asks a person when automatic failover is off', async () => {
    const partition = setup(true, ['partition', 'partition', 'partition']);
    for (let k = 0; k < 3; k++) await partition.tick();
    expect(partition.started).toEqual([]);
    expect(partition.alerts.map((a) => a.action)).toEqual(['none']);
    const manual = setup(false, ['dead', 'dead', 'dead']);
    for (let k = 0; k < 3; k++) await manual.tick();
    expect(manual.started).toEqual([]);
    expect(manual.alerts.map((a) => a.action)).toEqual(['person-needed']);
  });

  it('does not act on one dead check that recovers', async () => {
    const m = setup(true, ['dead', 'alive', 'dead', 'alive']);
    for (let k = 0; k < 4; k++) await m.tick();
    expect(m.started).toEqual([]);
    expect(m.alerts).toEqual([]);
  });
});
