import { describe, expect, it, vi } from 'vitest';
import type { BackupCheck, Host, RunDetail, WorkflowRequestIn } from '../../../contract';
import { testHost } from '../../../../testing/core/test-host';
import { createEventBus } from '../../event-bus';
import { openDatabase } from '../../store/database';
import { AuditRepo } from '../../store/audit-repo';
import { SchedulesRepo } from '../../store/schedules-repo';
import { GRACE_MS, ScheduleService, type ScheduleDeps } from './schedule-service';

const host = (name: string): Host =>
  testHost(name, {
    id: `id-${name}`,
    address: '127.0.0.1',
    mysql: { port: 3306, user: 'root', via: 'ssh-tunnel' },
  });

const local = (d: number, h: number, m = 0, s = 0) => new Date(2026, 2, d, h, m, s);

function setup(start: Date, ssh?: ScheduleDeps['ssh']) {
  const db = openDatabase(':memory:');
  const clock = { at: start, now: () => clock.at };
  const started: (WorkflowRequestIn & { runId: string })[] = [];
  const runs = new Map<string, RunDetail['status']>();
  const checks: { id: string; check: BackupCheck }[] = [];
  const runner = {
    start: (request: WorkflowRequestIn) => {
      const runId = `run-${started.length + 1}`;
      started.push({ ...request, runId });
      runs.set(runId, 'running');
      return { runId };
    },
    detail: (runId: string) => ({ status: runs.get(runId) ?? 'succeeded' }) as RunDetail,
  };
  const repo = new SchedulesRepo(db);
  const service = new ScheduleService({
    repo,
    bus: createEventBus(),
    clock,
    audit: new AuditRepo(db),
    host: (name) => host(name),
    catalog: {
      setCheck: (id, _which, check) => void checks.push({ id, check }),
      // Importing cron backups: cron-import-sync.test.ts and the lab (cron-script.itest.ts).
      find: () => undefined,
      list: () => [],
      create: () => {
        throw new Error('not in this test');
      },
      finish: () => {
        throw new Error('not in this test');
      },
      forget: () => undefined,
    },
    runner: async () => runner,
    ssh: ssh ?? (async () => ({ exec: async () => ({ code: 0, stdout: '', stderr: '' }) })),
    mysql: async () => ({
      query: async () => ({ rows: [{ Database: 'mysql' }, { Database: 'shop' }], affectedRows: 0 }),
      queryAll: async () => [],
    }),
  });
  return { service, repo, clock, started, runs, checks };
}

const base = {
  name: 'nightly',
  host: 'db1',
  kind: 'hot' as const,
  to: 'file:///b',
  when: { every: 'day' as const, at: '02:30' },
};

describe('backup schedules run by Opsdeck', () => {
  it('a scratch host must be typed again; the source is never one; cron writes on its own host', () => {
    const { service } = setup(new Date());
    expect(() => service.save({ ...base, restoreTestOn: 'db3' })).toThrowError(
      expect.objectContaining({
        code: 'CONFIRMATION_REQUIRED',
        hint: 'Type db3 to confirm it is a scratch host.',
      }),
    );
    expect(() => service.save({ ...base, restoreTestOn: 'db1', confirmScratch: 'db1' })).toThrow(
      /never on the source/,
    );
    expect(() => service.save({ ...base, kind: 'snapshot', runner: 'cron' })).toThrow(
      /cron cannot/,
    );
    expect(() => service.save({ ...base, runner: 'cron' })).toThrow(
      /destination must be ssh:\/\/db1\/path/,
    );
    expect(
      service.save({ ...base, name: 'by-cron', runner: 'cron', to: 'ssh://db1/srv/backups' }),
    ).toMatchObject({
      runner: 'cron',
      cronInstalled: false,
    });
    expect(service.save({ ...base, restoreTestOn: 'db3', confirmScratch: 'db3' })).toMatchObject({
      restoreTestOn: 'db3',
      runner: 'opsdeck',
    });
  });

  it('a schedule installed in cron is not changed or removed behind the host’s back', () => {
    const { service, repo } = setup(new Date());
    const s = service.save({ ...base, runner: 'cron', to: 'ssh://db1/srv/backups' });
    repo.setCronInstalled(s.id, true);
    const change = {
      ...base,
      runner: 'cron' as const,
      to: 'ssh://db1/srv/b',
      when: { every: 'hours' as const, hours: 6 },
    };
    expect(() => service.save(change, s.id)).toThrowError(
      expect.objectContaining({
        code: 'CONFLICT',
        hint: 'Remove its cron entry from db1 first, change the schedule, then install it again.',
      }),
    );
    expect(() => service.remove(s.id)).toThrow(/crontab/);
    repo.setCronInstalled(s.id, false);
    expect(service.save(change, s.id)).toMatchObject({
      id: s.id,
      when: { every: 'hours', hours: 6 },
    });
  });

  it('a daily schedule fires at its time, once, and shows its next run', async () => {
    const { service, clock, started, runs } = setup(local(10, 12));
    service.save(base);
    expect(service.get('nightly').nextRunAt).toBe(local(11, 2, 30).toISOString());
    expect(await service.tick()).toEqual([]);
    clock.at = local(11, 2, 30, 20);
    expect(await service.tick()).toEqual(['run-1']);
    expect(started[0]).toMatchObject({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: 'file:///b', scheduleId: service.get('nightly').id },
    });
    // Not twice: the slot is taken, and the run is still going.
    clock.at = local(11, 2, 31);
    expect(await service.tick()).toEqual([]);
    runs.set('run-1', 'succeeded');
    expect(service.get('nightly').nextRunAt).toBe(local(12, 2, 30).toISOString());
  });

  it('a hot schedule with a verify host saves it and passes it to each run', async () => {
    const { service, clock, started } = setup(local(10, 12));
    expect(service.save({ ...base, verifyOn: 'db2' })).toMatchObject({ verifyOn: 'db2' });
    clock.at = local(11, 2, 30, 20);
    await service.tick();
    expect(started[0]).toMatchObject({ params: { kind: 'hot', verifyOn: 'db2' } });
  });

  it('a slot missed while Opsdeck was closed is skipped, not caught up at a later hour', async () => {
    const { service, clock } = setup(local(10, 12));
    service.save(base);
    clock.at = new Date(local(11, 2, 30).getTime() + GRACE_MS + 60_000);
    expect(await service.tick()).toEqual([]);
    expect(service.get('nightly').nextRunAt).toBe(local(12, 2, 30).toISOString());
  });

  it('every N hours from its creation; a run still going holds the next one back', async () => {
    const { service, clock, started, runs } = setup(local(10, 12));
    service.save({ ...base, name: 'six', when: { every: 'hours', hours: 6 } });
    clock.at = local(10, 18, 1);
    expect(await service.tick()).toEqual(['run-1']);
    clock.at = local(11, 0, 1);
    expect(await service.tick()).toEqual([]);
    runs.set('run-1', 'succeeded');
    clock.at = local(11, 0, 2);
    expect(await service.tick()).toEqual(['run-2']);
    expect(started).toHaveLength(2);
  });

  it('after a scheduled backup, its restore test on the confirmed scratch host, shown queued at once', async () => {
    const { service, started, checks } = setup(local(10, 12));
    const s = service.save({ ...base, restoreTestOn: 'db3', confirmScratch: 'db3' });
    const runId = await service.afterBackup(s.id, 'b-1');
    expect(started[0]).toMatchObject({
      workflow: 'backup-restore',
      params: { backupId: 'b-1', onto: 'db3', overwrite: ['shop'] },
    });
    expect(checks[0]).toMatchObject({
      id: 'b-1',
      check: { status: 'running', runId, host: 'db3' },
    });
  });

  it('fires only while the core owns the data folder', async () => {
    const { service, clock, started } = setup(local(10, 12));
    service.save(base);
    clock.at = local(11, 2, 30, 20);
    let owns = false;
    service.start(() => owns, 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([]);
    owns = true;
    await new Promise((r) => setTimeout(r, 30));
    service.stop();
    expect(started).toHaveLength(1);
  });
});

describe('importing the backups of cron schedules', () => {
  it('refuses a schedule Opsdeck runs, saying why', async () => {
    const { service } = setup(new Date());
    service.save(base);
    await expect(service.importCron('nightly')).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: /run by Opsdeck, not by cron/,
    });
  });

  it('never runs twice at once: the timer’s next tick and the Import button join the one under way', async () => {
    let listings = 0;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const { service, repo, clock } = setup(local(10, 12), async () => ({
      exec: async () => {
        listings++;
        await held;
        return { code: 0, stdout: '', stderr: '' };
      },
    }));
    const s = service.save({ ...base, name: 'by-cron', runner: 'cron', to: 'ssh://db1/srv/b' });
    repo.setCronInstalled(s.id, true);
    const first = service.tick();
    await vi.waitFor(() => expect(listings).toBe(1));
    clock.at = new Date(clock.at.getTime() + 30_000);
    const second = service.tick();
    const button = service.importCron();
    const one = service.importCron('by-cron');
    await new Promise((r) => setImmediate(r));
    expect(listings).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(await button).toMatchObject({ imported: [], removed: [], skipped: [] });
    expect(await one).toEqual(await button);
    // Once it is done, the next import reads the host again.
    await service.importCron('by-cron');
    expect(listings).toBe(2);
  });
});
