import { describe, expect, it } from 'vitest';
import type { Host, RunDetail } from '../../../contract';
import { createEventBus } from '../../event-bus';
import { openDatabase } from '../../store/database';
import { AuditRepo } from '../../store/audit-repo';
import { SchedulesRepo } from '../../store/schedules-repo';
import { ScheduleService } from './schedule-service';

const host = (name: string): Host => ({
  id: `id-${name}`,
  name,
  address: '127.0.0.1',
  port: 22,
  user: 'root',
  auth: 'agent',
  groups: [],
  tags: [],
  profile: { sudo: false },
  notes: '',
  source: 'manual',
  createdAt: '',
  updatedAt: '',
  mysql: { port: 3306, user: 'root', via: 'ssh-tunnel' },
});

function setup(now: Date) {
  const db = openDatabase(':memory:');
  const bus = createEventBus();
  const started: { workflow: string; params: Record<string, unknown>; runId: string }[] = [];
  const runs = new Map<string, Pick<RunDetail, 'status' | 'output'>>();
  const service = new ScheduleService({
    repo: new SchedulesRepo(db),
    runner: {
      start: (workflow, params) => {
        const runId = `run-${started.length + 1}`;
        started.push({ workflow, params: params as Record<string, unknown>, runId });
        runs.set(runId, { status: 'running', output: {} });
        return { runId };
      },
      detail: (runId) => ({ ...(runs.get(runId) as RunDetail) }),
    },
    bus,
    clock: { now: () => now },
    audit: new AuditRepo(db),
    host: (name) => host(name),
    ssh: { exec: async () => ({ code: 0, stdout: '', stderr: '' }) },
    mysql: {
      query: async () => ({ rows: [{ Database: 'mysql' }, { Database: 'shop' }], affectedRows: 0 }),
      queryAll: async () => [],
    },
  });
  return { service, bus, started, runs };
}

describe('backup schedules run by Opsdeck', () => {
  it('a scratch host must be typed again; the source is never one', () => {
    const { service } = setup(new Date());
    const base = {
      name: 'n',
      host: 'db1',
      kind: 'hot' as const,
      to: 'file:///b',
      when: { every: 'day' as const, at: '02:00' },
    };
    expect(() => service.save({ ...base, restoreTestOn: 'db3' })).toThrowError(
      expect.objectContaining({
        code: 'CONFIRMATION_REQUIRED',
        hint: 'Type db3 to confirm it is a scratch host.',
      }),
    );
    expect(() => service.save({ ...base, restoreTestOn: 'db1', confirmScratch: 'db1' })).toThrow(
      /never on the source/,
    );
    expect(service.save({ ...base, restoreTestOn: 'db3', confirmScratch: 'db3' })).toMatchObject({
      restoreTestOn: 'db3',
      runner: 'opsdeck',
    });
  });

  it('starts a due backup with its retention, not twice while it runs, then its restore test on the scratch host', async () => {
    const now = new Date(2026, 2, 10, 12, 0);
    const { service, bus, started, runs } = setup(now);
    service.save({
      name: 'every6',
      host: 'db1',
      kind: 'dump',
      to: 'file:///b',
      when: { every: 'hours', hours: 6 },
      restoreTestOn: 'db3',
      confirmScratch: 'db3',
    });
    service.start(3_600_000);
    // Never ran: due 6 h from now.
    service.tick();
    expect(started).toEqual([]);
    service.runNow('every6');
    expect(started[0]).toMatchObject({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'dump', retention: { daily: 7, weekly: 4, monthly: 6 } },
    });
    service.tick();
    expect(started).toHaveLength(1);
    runs.set('run-1', { status: 'succeeded', output: { backupId: 'b-1' } });
    bus.emit('workflow.event', {
      type: 'run',
      runId: 'run-1',
      run: {
        id: 'run-1',
        workflow: 'backup-run',
        title: '',
        status: 'succeeded',
        subject: '',
        door: '',
        createdAt: '',
        updatedAt: '',
      },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(started[1]).toMatchObject({
      workflow: 'backup-restore',
      params: { backupId: 'b-1', onto: 'db3', overwrite: ['shop'], test: true },
    });
    service.stop();
  });
});
