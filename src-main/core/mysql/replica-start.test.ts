import { describe, expect, it } from 'vitest';
import type { ReplicaStatus } from '../../contract';
import { judgeStart, threadErrors, type StartWatch } from './replica-start';

const SOURCE = { address: '127.0.23.2', port: 3306 };
const status = (over: Partial<ReplicaStatus>): ReplicaStatus => ({
  channel: '',
  sourceHost: SOURCE.address,
  sourcePort: SOURCE.port,
  sourceUser: 'repl',
  sourceServerId: 2,
  sourceUuid: '',
  ioThread: 'running',
  sqlThread: 'running',
  ioState: '',
  sqlState: '',
  secondsBehind: 0,
  sourceLogFile: '',
  readSourceLogPos: 0,
  execSourceLogFile: '',
  execSourceLogPos: 0,
  relayLogFile: '',
  relayLogPos: 0,
  gtidMode: 'Slave_Pos',
  retrievedGtid: '',
  executedGtid: '',
  sqlDelay: 0,
  wildIgnoreTable: '',
  ...over,
});

/** The wait after CHANGE MASTER + START SLAVE, fed the statuses a replica shows in turn. */
describe('judging a replica’s start after a repoint', () => {
  it('both threads "Yes" once is not enough: trusted only after the settle time, reset by any break', () => {
    const w: StartWatch = {};
    expect(judgeStart(status({}), SOURCE, 0, w, 1000)).toEqual({ kind: 'wait' });
    expect(judgeStart(status({}), SOURCE, 600, w, 1000)).toEqual({ kind: 'wait' });
    // The IO thread reconnects in between: the clock starts again.
    expect(judgeStart(status({ ioThread: 'connecting' }), SOURCE, 800, w, 1000)).toEqual({
      kind: 'wait',
    });
    expect(judgeStart(status({}), SOURCE, 1000, w, 1000)).toEqual({ kind: 'wait' });
    expect(judgeStart(status({}), SOURCE, 1900, w, 1000)).toEqual({ kind: 'wait' });
    expect(judgeStart(status({}), SOURCE, 2000, w, 1000)).toEqual({ kind: 'ok' });
  });

  it('"Yes/Yes" then error 1236 from the source (a GTID it does not have): broken, the server’s words', () => {
    const w: StartWatch = {};
    expect(judgeStart(status({}), SOURCE, 0, w)).toEqual({ kind: 'wait' });
    const v = judgeStart(
      status({
        ioThread: 'stopped',
        lastIoError: { errno: 1236, message: 'Got fatal error 1236 from master' },
      }),
      SOURCE,
      200,
      w,
    );
    expect(v).toEqual({
      kind: 'broken',
      errors:
        'IO thread stopped, SQL thread running; Last_IO_Error error 1236: Got fatal error 1236 from master; Last_SQL_Error none',
    });
  });

  it('a SQL thread stopped on an error is broken even while the IO thread retries a connection (its 2003 does not hide it)', () => {
    const v = judgeStart(
      status({
        ioThread: 'connecting',
        lastIoError: { errno: 2003, message: "Can't connect" },
        sqlThread: 'stopped',
        lastSqlError: { errno: 1062, message: "Duplicate entry '1' for key 'PRIMARY'" },
      }),
      SOURCE,
      0,
      {},
    );
    expect(v).toMatchObject({
      kind: 'broken',
      errors: expect.stringContaining(
        "Last_SQL_Error error 1062: Duplicate entry '1' for key 'PRIMARY'",
      ),
    });
  });

  it('a connection error the IO thread retries waits; one it does not (access denied) is broken at once', () => {
    const retrying = status({
      ioThread: 'connecting',
      lastIoError: { errno: 2003, message: "Can't connect" },
    });
    expect(judgeStart(retrying, SOURCE, 0, {})).toEqual({ kind: 'wait' });
    const denied = status({
      ioThread: 'connecting',
      lastIoError: { errno: 1045, message: 'Access denied for user repl' },
    });
    expect(judgeStart(denied, SOURCE, 0, {})).toMatchObject({ kind: 'broken' });
  });

  it('the error of before START, never seen running since: waits for the grace, then broken "again"', () => {
    const dup = { errno: 1062, message: "Duplicate entry '7' for key 'PRIMARY'" };
    const stale = { sql: dup, graceMs: 1000 };
    const failing = status({ sqlThread: 'stopped', lastSqlError: dup });
    const w: StartWatch = {};
    expect(judgeStart(failing, SOURCE, 5000, w, 1000, stale)).toEqual({ kind: 'wait' });
    expect(judgeStart(failing, SOURCE, 5100, w, 1000, stale)).toEqual({ kind: 'wait' });
    expect(judgeStart(failing, SOURCE, 6000, w, 1000, stale)).toMatchObject({
      kind: 'broken',
      again: true,
      errors: expect.stringContaining("Duplicate entry '7'"),
    });
    // The old error gone within the grace (the thread restarted and runs): no verdict from it.
    const w2: StartWatch = {};
    expect(judgeStart(failing, SOURCE, 0, w2, 1000, stale)).toEqual({ kind: 'wait' });
    expect(judgeStart(status({}), SOURCE, 300, w2, 1000, stale)).toEqual({ kind: 'wait' });
    expect(judgeStart(status({}), SOURCE, 1300, w2, 1000, stale)).toEqual({ kind: 'ok' });
    // A new error is broken at once, and not "again".
    const other = status({ sqlThread: 'stopped', lastSqlError: { ...dup, message: 'other' } });
    const v = judgeStart(other, SOURCE, 0, {}, 1000, stale);
    expect(v).toMatchObject({ kind: 'broken' });
    expect(v).not.toHaveProperty('again');
  });

  it('a status of another source (not yet the new one) waits; the timeout names the last errors read', () => {
    const w: StartWatch = {};
    const old = status({ sourceHost: '127.0.23.1' });
    expect(judgeStart(old, SOURCE, 0, w)).toEqual({ kind: 'wait' });
    expect(judgeStart(old, SOURCE, 5000, w)).toEqual({ kind: 'wait' });
    judgeStart(
      status({ ioThread: 'connecting', lastIoError: { errno: 2003, message: "Can't connect" } }),
      SOURCE,
      6000,
      w,
    );
    expect(threadErrors(w.last)).toBe(
      "IO thread connecting, SQL thread running; Last_IO_Error error 2003: Can't connect; Last_SQL_Error none",
    );
    expect(threadErrors(undefined)).toMatch(/no replication connection/);
  });
});
