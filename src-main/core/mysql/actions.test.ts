import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Host, ServerFacts } from '../../contract';
import { READ_ONLY_SQL, runAction, type ActionTiming } from './actions';
import type { Dialect } from './dialects/dialect';
import { mariadbDialect } from './dialects/mariadb';
import { mysql8Dialect } from './dialects/mysql8';
import type { ServerProbe } from './server-probe';
import type { Row } from './sql-row';
import { parseReplicaStatusRows } from './status-parse';

const host = { id: 'h3', name: 'db3', address: '10.0.0.3', port: 22 } as Host;
const facts = { serverId: 3, readOnly: true } as unknown as ServerFacts;
const sample = (name: string): Row =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../testing/samples/mysql/${name}.json`, import.meta.url), 'utf8'),
    ) as Row[]
  )[0] as Row;

const maria = mariadbDialect({ major: 10, minor: 11, patch: 19 });
const my80 = mysql8Dialect({ major: 8, minor: 0, patch: 36 });
const FAST: Partial<ActionTiming> = { pollMs: 1, timeoutMs: 300, settleMs: 0 };

/**
 * A replica whose status rows go through `rows` in turn (the first is read by the probe before
 * the action, the rest by the wait; the last stays), with everything written recorded.
 */
function replica(dialect: Dialect, rows: Row[], timing = FAST, readOnlyAfter = '1') {
  let reads = 0;
  const written: string[] = [];
  const audited: { detail: string; outcome: string }[] = [];
  const next = () => rows[Math.min(reads++, rows.length - 1)] as Row;
  return {
    written,
    audited,
    reads: () => reads,
    deps: {
      host,
      probe: async (): Promise<ServerProbe> => ({
        host,
        facts,
        dialect,
        replication: parseReplicaStatusRows([next()]),
      }),
      read: async (sql: string) => {
        if (sql === READ_ONLY_SQL) return [{ read_only: readOnlyAfter }];
        expect(sql).toBe(dialect.replicaStatusSql);
        return [next()];
      },
      write: async (sqls: readonly string[]) => {
        written.push(...sqls);
        return [];
      },
      audit: (detail: string, outcome: string) => void audited.push({ detail, outcome }),
      timing,
    },
  };
}

// MariaDB 10.11 (recorded on the lab): stopped on a duplicate key at mysql-bin.000001:41686384.
const mariaError = sample('mariadb-10.11-sql-error');
const mariaRunning = (over: Row): Row => ({
  ...mariaError,
  Slave_SQL_Running: 'Yes',
  Last_Errno: 0,
  Last_Error: '',
  Last_SQL_Errno: 0,
  Last_SQL_Error: '',
  ...over,
});

describe('skip-event on MariaDB: answered once the SQL thread is past the failed transaction', () => {
  it('the skip counter, then the threads running: not the first "Yes/Yes" while the skip is pending', async () => {
    const s = replica(maria, [
      mariaError,
      // START SLAVE done: both threads "Yes", the relay log purged, the counter still 1.
      mariaRunning({
        Skip_Counter: 1,
        Relay_Log_File: 'mysqld-relay-bin.000001',
        Relay_Log_Pos: 4,
      }),
      // The IO thread's reconnect events (fake rotate to pos 4): not past anything.
      mariaRunning({ Skip_Counter: 1, Exec_Master_Log_Pos: 358 }),
      // The failed transaction skipped: counter 0, position at its end.
      mariaRunning({ Skip_Counter: 0, Exec_Master_Log_Pos: 41686607 }),
    ]);
    const r = await runAction(
      { host: 'db3', action: 'skip-event', expectErrno: 1062, confirm: 'db3' },
      s.deps,
    );
    expect(s.written).toEqual([
      'STOP SLAVE',
      'SET GLOBAL sql_slave_skip_counter = 1',
      'START SLAVE',
    ]);
    expect(s.reads()).toBe(4);
    expect(r.status).toMatchObject({
      ioThread: 'running',
      sqlThread: 'running',
      skipCounter: 0,
      execSourceLogPos: 41686607,
    });
    expect(r.skipped?.errno).toBe(1062);
  });

  it('a new error after the skip fails the action, naming it (the skip itself is done)', async () => {
    const s = replica(maria, [
      mariaError,
      {
        ...mariaError,
        Exec_Master_Log_Pos: 41686607,
        Last_SQL_Errno: 1032,
        Last_SQL_Error: "Can't find record in 't'",
      },
    ]);
    await expect(
      runAction({ host: 'db3', action: 'skip-event', confirm: 'db3' }, s.deps),
    ).rejects.toMatchObject({
      code: 'MYSQL_REPLICATION_BROKEN',
      message: expect.stringMatching(
        /failed transaction was skipped on db3 \(now at mysql-bin\.000001:41686607\), but replication stopped again: .*error 1032: Can't find record/,
      ),
    });
  });

  it('a skip still pending at the bound: TIMEOUT saying the counter and the IO thread', async () => {
    const s = replica(maria, [
      mariaError,
      mariaRunning({
        Skip_Counter: 1,
        Slave_IO_Running: 'Connecting',
        Last_IO_Errno: 2003,
        Last_IO_Error: "Can't connect to server on '127.0.10.1'",
      }),
    ]);
    await expect(
      runAction({ host: 'db3', action: 'skip-event', confirm: 'db3' }, s.deps),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('the skip has not happened yet: Skip_Counter is still 1'),
      hint: expect.stringContaining('do not skip twice'),
    });
  });
});

describe('skip-event on MySQL 8 with auto-position: the empty transaction, then past it', () => {
  // Stopped on 73f86016-…:4 (executed 1-3), at Exec_Source_Log_Pos 927.
  const myError = sample('mysql-8.0-sql-error');
  const myRunning = (over: Row): Row => ({
    ...myError,
    Replica_SQL_Running: 'Yes',
    Last_Errno: 0,
    Last_Error: '',
    Last_SQL_Errno: 0,
    Last_SQL_Error: '',
    Executed_Gtid_Set: '73f86016-978b-11ee-ade5-8d2a2a562feb:1-4',
    ...over,
  });

  it('GTID_NEXT names the failed transaction; the answer waits for the applier to pass it', async () => {
    const s = replica(my80, [
      myError,
      // The empty transaction holds :4 already, but the applier has not moved yet.
      myRunning({}),
      myRunning({ Exec_Source_Log_Pos: 1201 }),
    ]);
    const r = await runAction({ host: 'db3', action: 'skip-event', confirm: 'db3' }, s.deps);
    expect(s.written).toEqual([
      'STOP REPLICA',
      "SET GTID_NEXT = '73f86016-978b-11ee-ade5-8d2a2a562feb:4'",
      'BEGIN',
      'COMMIT',
      "SET GTID_NEXT = 'AUTOMATIC'",
      'START REPLICA',
    ]);
    expect(s.reads()).toBe(3);
    expect(r.status).toMatchObject({ sqlThread: 'running', execSourceLogPos: 1201 });
  });
});

describe('start and stop replication', () => {
  const mariaStopped = { ...mariaRunning({}), Slave_IO_Running: 'No', Slave_SQL_Running: 'No' };

  it('stop: the answer waits until both threads show stopped', async () => {
    const s = replica(maria, [
      mariaRunning({}),
      mariaRunning({}),
      { ...mariaRunning({}), Slave_IO_Running: 'No' },
      mariaStopped,
    ]);
    const r = await runAction({ host: 'db3', action: 'stop-replication', confirm: 'db3' }, s.deps);
    expect(s.written).toEqual(['STOP SLAVE']);
    expect(r.status).toMatchObject({ ioThread: 'stopped', sqlThread: 'stopped' });
    expect(s.reads()).toBe(4);
  });

  it('start: running for the settle time on end, a connecting IO thread read again', async () => {
    const s = replica(
      maria,
      [mariaStopped, { ...mariaRunning({}), Slave_IO_Running: 'Connecting' }, mariaRunning({})],
      { pollMs: 5, timeoutMs: 2000, settleMs: 50 },
    );
    const started = Date.now();
    const r = await runAction({ host: 'db3', action: 'start-replication', confirm: 'db3' }, s.deps);
    expect(r.status).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(s.reads()).toBeGreaterThan(3);
  });

  it('start on the replica stopped by an error that was not fixed: fails once it stops on it again', async () => {
    const s = replica(maria, [mariaError, mariaError, mariaRunning({}), mariaError], {
      ...FAST,
      settleMs: 1000,
    });
    await expect(
      runAction({ host: 'db3', action: 'start-replication', confirm: 'db3' }, s.deps),
    ).rejects.toMatchObject({
      code: 'MYSQL_REPLICATION_BROKEN',
      message: expect.stringContaining('Replication on db3 started, then stopped'),
    });
    expect(s.reads()).toBe(4);
  });

  it('start on an unfixed error that fails again at once (never seen running): the error, not a timeout', async () => {
    // What MariaDB shows: the SQL thread restarts, fails on the same event within milliseconds,
    // and every read shows the very same error (no Last_SQL_Error_Timestamp to tell them apart).
    const s = replica(maria, [mariaError], { pollMs: 20, timeoutMs: 5000, settleMs: 1000 });
    const started = Date.now();
    await expect(
      runAction({ host: 'db3', action: 'start-replication', confirm: 'db3' }, s.deps),
    ).rejects.toMatchObject({
      code: 'MYSQL_REPLICATION_BROKEN',
      message: expect.stringContaining('stopped again on the same error'),
      hint: expect.stringContaining('fix what the error names on db3 first'),
    });
    expect(Date.now() - started).toBeLessThan(2500);
    // The statement ran (ok), and that it did not take effect is audited as failed, with why.
    expect(s.audited).toEqual([
      { detail: 'START SLAVE', outcome: 'ok' },
      {
        detail: expect.stringMatching(
          /^START SLAVE → did not take effect \(MYSQL_REPLICATION_BROKEN: Replication on db3 stopped again on the same error.*1062/,
        ),
        outcome: 'failed',
      },
    ]);
  });

  it('start that cannot connect: TIMEOUT naming the master, after the bound', async () => {
    const s = replica(maria, [
      mariaStopped,
      {
        ...mariaRunning({}),
        Slave_IO_Running: 'Connecting',
        Last_IO_Errno: 2003,
        Last_IO_Error: "Can't connect",
      },
    ]);
    await expect(
      runAction({ host: 'db3', action: 'start-replication', confirm: 'db3' }, s.deps),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('Last_IO_Error error 2003'),
      hint: expect.stringContaining('127.0.10.1:3306'),
    });
    expect(s.audited[1]).toEqual({
      detail: expect.stringMatching(/^START SLAVE → did not take effect \(TIMEOUT: .*error 2003/),
      outcome: 'failed',
    });
  });

  it('stop: read_only in the answer is read after the action, not taken from before it', async () => {
    const s = replica(maria, [mariaRunning({}), mariaStopped], FAST, '0');
    const r = await runAction({ host: 'db3', action: 'stop-replication', confirm: 'db3' }, s.deps);
    expect(r.readOnly).toBe(false);
    expect(s.audited).toEqual([{ detail: 'STOP SLAVE', outcome: 'ok' }]);
  });

  it('read_only is answered at once from a probe after the statement', async () => {
    const s = replica(maria, [mariaRunning({})]);
    const r = await runAction(
      { host: 'db3', action: 'set-read-only', readOnly: false, confirm: 'db3' },
      s.deps,
    );
    expect(s.written).toEqual(['SET GLOBAL read_only = OFF']);
    expect(s.reads()).toBe(2);
    expect(r.readOnly).toBe(true);
  });
});
