import { describe, expect, it } from 'vitest';
import {
  EXIT_CODE,
  formatCheckValue,
  formatMetric,
  type BackupCheck,
  type BackupEntry,
  type Host,
} from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { createEventBus } from '../event-bus';
import { BackupsRepo } from '../store/backups-repo';
import { ChecksRepo } from '../store/checks-repo';
import { openDatabase } from '../store/database';
import { evaluateRestoreTests } from './backup-check';
import { CheckEngine } from './check-engine';

const NOW = new Date('2026-12-07T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const entry = (id: string, test?: BackupCheck): BackupEntry => ({
  id,
  kind: 'dump',
  tool: 'mariadb-dump',
  hostId: 'h-db1',
  hostName: 'db1',
  status: 'succeeded',
  startedAt: '2026-12-06T02:30:00.000Z',
  bytes: 1,
  compression: 'zstd',
  coordinates: {},
  destination: 'file:///b',
  location: `file:///b/db1/${id}.sql.zst`,
  tables: [],
  ...(test ? { restoreTest: test } : {}),
});
const test = (status: BackupCheck['status'], ago: number, message = 'ok'): BackupCheck => ({
  status,
  at: hoursAgo(ago),
  host: 'db3',
  message,
});
const limits = { direction: 'above' as const, warning: 48 };

describe('the backup check of a host (its latest restore test)', () => {
  it('the latest test failed: CRITICAL with the backup, when, where and why — even when an older one passed', () => {
    const r = evaluateRestoreTests(
      limits,
      'db1',
      [
        entry('b-old', test('passed', 30)),
        entry(
          'b-new',
          test('failed', 2, 'restored data differs: shop.orders: 9 rows, expected 10'),
        ),
      ],
      NOW,
    );
    expect(r).toEqual({
      state: 'CRITICAL',
      value: 2,
      output: `CRITICAL - restore test of dump backup b-new (taken 2026-12-06T02:30:00.000Z) on db3 failed at ${hoursAgo(2)}: restored data differs: shop.orders: 9 rows, expected 10`,
    });
  });

  it('why is said on one line of at most 300 characters (a loader quotes the SQL it choked on)', () => {
    const long = `the restore failed: ERROR 1064\n${'(1,2),\n'.repeat(200)}near ''8f62' at line 2030`;
    const r = evaluateRestoreTests(limits, 'db1', [entry('b1', test('failed', 1, long))], NOW);
    expect(r.output).not.toContain('\n');
    expect(r.output).toContain('the restore failed: ERROR 1064 (1,2), (1,2),');
    expect(r.output.endsWith('…')).toBe(true);
    expect(r.output.split(': ').slice(1).join(': ').length).toBe(300);
  });

  it('a failed test followed by a passing one is OK: the latest verdict counts', () => {
    const r = evaluateRestoreTests(
      limits,
      'db1',
      [entry('b-bad', test('failed', 20)), entry('b-good', test('passed', 1, 'restored in 4 s'))],
      NOW,
    );
    expect(r.state).toBe('OK');
    expect(r.value).toBe(1);
    expect(r.output).toMatch(
      /^OK - restore test of dump backup b-good .* passed at .*restored in 4 s$/,
    );
  });

  it('a test still running is no verdict: the one before it counts', () => {
    const r = evaluateRestoreTests(
      limits,
      'db1',
      [entry('b-bad', test('failed', 20)), entry('b-run', test('running', 0))],
      NOW,
    );
    expect(r.state).toBe('CRITICAL');
    expect(r.output).toContain('b-bad');
  });

  it('no test within the configured age is WARNING, beyond the critical age CRITICAL', () => {
    const old = [entry('b1', test('passed', 50))];
    expect(evaluateRestoreTests(limits, 'db1', old, NOW)).toMatchObject({
      state: 'WARNING',
      value: 50,
      output: expect.stringMatching(
        /^WARNING - the latest restore test of db1's backups passed 50 h ago .*warning after 48 h$/,
      ),
    });
    expect(evaluateRestoreTests({ ...limits, critical: 49 }, 'db1', old, NOW).state).toBe(
      'CRITICAL',
    );
    expect(evaluateRestoreTests({ ...limits, warning: 51 }, 'db1', old, NOW).state).toBe('OK');
  });

  it('no restore test at all is WARNING (CRITICAL when a critical age is set), with what to run', () => {
    const none = evaluateRestoreTests(limits, 'db1', [entry('b1')], NOW);
    expect(none).toMatchObject({ state: 'WARNING', value: null });
    expect(none.output).toContain("no restore test of db1's backups");
    expect(none.output).toContain('opsdeck backup restore');
    expect(evaluateRestoreTests({ ...limits, critical: 96 }, 'db1', [], NOW).state).toBe(
      'CRITICAL',
    );
  });
});

describe('a check value as the Checks area shows it', () => {
  it('a backup check: the latest test’s age, or never; a metric: its unit', () => {
    expect(formatCheckValue(5, 'backup.restore_test')).toBe('5.0 h ago');
    expect(formatCheckValue(null, 'backup.restore_test')).toBe('never');
    expect(formatCheckValue(81.5, 'fs.used_pct:/')).toBe(formatMetric(81.5, 'pct'));
    expect(formatCheckValue(2.5, 'load.1')).toBe(formatMetric(2.5, 'load'));
  });
});

describe('backup checks in the check engine', () => {
  const db1: Host = testHost('db1');
  const db2: Host = testHost('db2');

  function setup() {
    const db = openDatabase(':memory:');
    const backups = new BackupsRepo(db);
    const clock = { now: () => NOW };
    const sampled: string[] = [];
    const bus = createEventBus();
    const engine = new CheckEngine({
      repo: new ChecksRepo(db),
      collectors: {
        watch: () => () => undefined,
        nextSample: async (host) => {
          sampled.push(host);
          throw new Error('a backup check must not sample the host');
        },
      },
      hosts: {
        get: (ref) => [db1, db2].find((h) => h.id === ref || h.name === ref)!,
        list: () => [db1, db2],
      },
      bus,
      clock,
      restoreTests: (host) => backups.restoreTested(host),
    });
    const add = (id: string, host: Host, check?: BackupCheck) => {
      backups.create({
        id,
        kind: 'dump',
        tool: 'mariadb-dump',
        hostId: host.id,
        hostName: host.name,
        startedAt: hoursAgo(30),
        compression: 'zstd',
        destination: 'file:///b',
        location: `file:///b/${host.name}/${id}`,
      });
      if (check) backups.setCheck(id, 'restoreTest', check);
    };
    return { engine, add, sampled, bus };
  }

  it('opsdeck check: a failed restore test is CRITICAL (exit 2) without contacting the host; other hosts are judged on their own', async () => {
    const { engine, add, sampled } = setup();
    engine.create({
      name: 'restore tests',
      hosts: ['db1', 'db2'],
      series: 'backup.restore_test',
      warning: 48,
    });
    add('b-db1', db1, test('failed', 3, 'the restore failed: checksum differs'));
    add('b-db2', db2, test('passed', 5));
    const r = await engine.runOnce();
    expect(sampled).toEqual([]);
    expect(r.state).toBe('CRITICAL');
    expect(r.exitCode).toBe(EXIT_CODE.CRITICAL);
    expect(r.results.map((x) => [x.host, x.series, x.state])).toEqual([
      ['db1', 'backup.restore_test', 'CRITICAL'],
      ['db2', 'backup.restore_test', 'OK'],
    ]);
    expect(r.results[0]!.output).toContain('b-db1');
    expect(r.results[0]!.output).toContain('checksum differs');
  });

  it('a running engine (desktop, serve) judges at once, and again when a restore test is recorded (backups.changed)', async ({
    onTestFinished,
  }) => {
    const { engine, add, sampled, bus } = setup();
    add('b-1', db1, test('passed', 2));
    engine.create({
      name: 'restore tests',
      hosts: ['db1'],
      series: 'backup.restore_test',
      warning: 48,
      attempts: 1,
      intervalMs: 60_000,
    });
    const changes: string[] = [];
    bus.subscribe((m) => {
      if (m.topic === 'checks.changed' && m.payload.kind === 'status')
        changes.push(`${m.payload.status.state}`);
    });
    engine.start();
    onTestFinished(() => engine.stop());
    await Promise.resolve();
    expect(engine.status()[0]).toMatchObject({ state: 'OK', hard: true });
    add('b-2', db1, test('failed', 0, 'restored data differs: shop.orders: 9 rows, expected 10'));
    bus.emit('backups.changed', { ids: ['b-2'], reason: 'restoreTest' });
    expect(engine.status()[0]).toMatchObject({ state: 'CRITICAL', hard: true });
    expect(engine.status()[0]!.output).toContain('b-2');
    expect(changes).toEqual(['CRITICAL']); // a first OK is no change (Nagios: it starts OK)
    expect(sampled).toEqual([]);
  });

  it('a series that is neither a metric nor the backup kind is refused with what to use', () => {
    const { engine } = setup();
    expect(() =>
      engine.create({ name: 'x', hosts: ['db1'], series: 'backup.nonsense', warning: 1 }),
    ).toThrowError(
      expect.objectContaining({ hint: expect.stringContaining('backup.restore_test') }),
    );
  });
});
