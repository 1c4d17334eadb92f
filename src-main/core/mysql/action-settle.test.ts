import { describe, expect, it } from 'vitest';
import type { ReplicaStatus } from '../../contract';
import { comparePositions, judgeAction, settleTimeout, skipDone } from './action-settle';
import type { StartWatch } from './replica-start';

const dup7 = { errno: 1062, message: "Duplicate entry '7' for key 'PRIMARY'" };
const dup9 = { errno: 1062, message: "Duplicate entry '9' for key 'PRIMARY'" };

const status = (over: Partial<ReplicaStatus>): ReplicaStatus => ({
  channel: '',
  sourceHost: '127.0.23.2',
  sourcePort: 3306,
  sourceUser: 'repl_db3',
  sourceServerId: 2,
  sourceUuid: '',
  ioThread: 'running',
  sqlThread: 'running',
  ioState: '',
  sqlState: '',
  secondsBehind: 0,
  sourceLogFile: 'mysql-bin.000002',
  readSourceLogPos: 4139,
  execSourceLogFile: 'mysql-bin.000002',
  execSourceLogPos: 3892,
  relayLogFile: 'mysqld-relay-bin.000002',
  relayLogPos: 716,
  gtidMode: 'Slave_Pos',
  retrievedGtid: '0-1-47',
  executedGtid: '0-2-51',
  sqlDelay: 0,
  wildIgnoreTable: '',
  skipCounter: 0,
  ...over,
});

/** db3 stopped on the transaction 0-1-47 (7, 8) at mysql-bin.000002:3892, as in the lab. */
const stopped = status({ sqlThread: 'stopped', lastSqlError: dup7 });

describe('has the skip happened: the SQL thread past the transaction it stopped on', () => {
  it('not while the skip counter is still 1, even with both threads running (what the lab showed right after START SLAVE)', () => {
    // MariaDB with GTID purged the relay log at START; the IO thread reconnects from gtid_slave_pos.
    const justStarted = status({
      skipCounter: 1,
      relayLogFile: 'mysqld-relay-bin.000001',
      relayLogPos: 4,
    });
    expect(skipDone(stopped, justStarted)).toBe(false);
    // The reconnect's own events (fake rotate to pos 4, Gtid_list) move the position back, not past.
    expect(skipDone(stopped, status({ skipCounter: 1, execSourceLogPos: 358 }))).toBe(false);
    expect(skipDone(stopped, status({ skipCounter: 0, execSourceLogPos: 358 }))).toBe(false);
    expect(skipDone(stopped, status({ skipCounter: 0, execSourceLogPos: 3892 }))).toBe(false);
    // Skipped: the counter spent and the position at the failed transaction's end.
    expect(skipDone(stopped, status({ skipCounter: 0, execSourceLogPos: 4139 }))).toBe(true);
  });

  it('positions compare by binlog file number, then offset', () => {
    const at = (file: string, pos: number) =>
      status({ execSourceLogFile: file, execSourceLogPos: pos });
    expect(
      comparePositions(at('mysql-bin.000010', 4), at('mysql-bin.000009', 9000)),
    ).toBeGreaterThan(0);
    expect(comparePositions(at('mysql-bin.000002', 100), at('mysql-bin.000002', 200))).toBeLessThan(
      0,
    );
    expect(comparePositions(at('mysql-bin.000002', 200), at('mysql-bin.000002', 200))).toBe(0);
  });

  it('without coordinates in the status, the executed GTID state moving is the sign', () => {
    const before = status({ execSourceLogFile: '', executedGtid: 'u:1-3' });
    expect(skipDone(before, status({ execSourceLogFile: '', executedGtid: 'u:1-3' }))).toBe(false);
    expect(skipDone(before, status({ execSourceLogFile: '', executedGtid: 'u:1-4' }))).toBe(true);
  });
});

describe('judging each status read after a replication action', () => {
  const judge = (
    action: Parameters<typeof judgeAction>[0],
    before: ReplicaStatus,
    seq: [number, Partial<ReplicaStatus> | undefined][],
    settleMs = 1000,
  ) => {
    const w: StartWatch = {};
    return seq.map(([now, s]) =>
      judgeAction(action, before, s && status(s), now, w, settleMs, 'db3'),
    );
  };

  it('skip: waits through the pending skip, then for the threads to stay running', () => {
    const v = judge('skip-event', stopped, [
      [0, { skipCounter: 1 }],
      [100, { skipCounter: 1, execSourceLogPos: 358 }],
      [200, { skipCounter: 0, execSourceLogPos: 4139 }],
      [900, { skipCounter: 0, execSourceLogPos: 4139 }],
      [1000, { skipCounter: 0, execSourceLogPos: 4139 }],
    ]);
    expect(v.map((x) => x.kind)).toEqual(['wait', 'wait', 'wait', 'wait', 'ok']);
  });

  it('skip: the old error still showing before the SQL thread restarts is no verdict', () => {
    const v = judge(
      'skip-event',
      stopped,
      [
        [0, { sqlThread: 'stopped', lastSqlError: dup7, skipCounter: 1 }],
        [100, { skipCounter: 0, execSourceLogPos: 4139 }],
      ],
      0,
    );
    expect(v.map((x) => x.kind)).toEqual(['wait', 'ok']);
  });

  it('skip, then a new error: the skip is done, the new error is the answer', () => {
    const [v] = judge('skip-event', stopped, [
      [0, { sqlThread: 'stopped', lastSqlError: dup9, execSourceLogPos: 4139 }],
    ]);
    expect(v).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(
        /failed transaction was skipped on db3 \(now at mysql-bin\.000002:4139\), but replication stopped again: .*Duplicate entry '9'/,
      ),
      hint: expect.stringContaining('new error'),
    });
  });

  it('skip that did not take effect: stopped again on the same spot after running', () => {
    const v = judge('skip-event', stopped, [
      [0, { skipCounter: 0 }],
      [100, { sqlThread: 'stopped', lastSqlError: dup7 }],
    ]);
    expect(v[1]).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('The skip did not take effect on db3'),
    });
  });

  it('start: stable running is the answer; an error seen before START is not, a fresh one is', () => {
    const before = status({ sqlThread: 'stopped', lastSqlError: dup7 });
    expect(
      judge('start-replication', before, [
        [0, { sqlThread: 'stopped', lastSqlError: dup7 }],
        [100, {}],
        [1100, {}],
      ]).map((x) => x.kind),
    ).toEqual(['wait', 'wait', 'ok']);
    // It ran, then stopped on the same error again (the data was not fixed): that is the answer.
    expect(
      judge('start-replication', before, [
        [0, {}],
        [100, { sqlThread: 'stopped', lastSqlError: dup7 }],
      ])[1],
    ).toMatchObject({ kind: 'failed', message: expect.stringContaining('started, then stopped') });
  });

  it('stop: both threads stopped; a replica whose status is gone fails', () => {
    const running = status({});
    expect(
      judge('stop-replication', running, [
        [0, { ioThread: 'stopped' }],
        [100, { ioThread: 'stopped', sqlThread: 'stopped' }],
      ]).map((x) => x.kind),
    ).toEqual(['wait', 'ok']);
    expect(judge('stop-replication', running, [[0, undefined]])[0]).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('no longer shows a replication connection'),
    });
  });
});

describe('what a timeout says', () => {
  it('a pending skip: the counter, where the SQL thread is, and that the IO thread must fetch it again', () => {
    const w: StartWatch = {
      last: status({
        skipCounter: 1,
        ioThread: 'connecting',
        lastIoError: { errno: 2003, message: "Can't connect to server on '127.0.23.2'" },
        execSourceLogPos: 358,
      }),
    };
    const t = settleTimeout('skip-event', stopped, w, 15, 1000, 'db3', 'STOP SLAVE; START SLAVE');
    expect(t.message).toBe(
      "STOP SLAVE; START SLAVE ran on db3, but after 15 s the skip has not happened yet: Skip_Counter is still 1 and the SQL thread is at mysql-bin.000002:358 (it stopped at mysql-bin.000002:3892): IO thread connecting, SQL thread running; Last_IO_Error error 2003: Can't connect to server on '127.0.23.2'; Last_SQL_Error none.",
    );
    expect(t.hint).toMatch(/IO thread is connected.*do not skip twice/);
  });

  it('a start that never connects names the master it cannot reach', () => {
    const w: StartWatch = { last: status({ ioThread: 'connecting' }) };
    const t = settleTimeout('start-replication', status({}), w, 15, 1000, 'db3', 'START SLAVE');
    expect(t.message).toMatch(
      /^START SLAVE ran on db3, but replication was not seen running for 1 s on end within 15 s: IO thread connecting/,
    );
    expect(t.hint).toContain('127.0.23.2:3306');
  });

  it('a stop that does not finish says what the threads still show', () => {
    const w: StartWatch = { last: status({ ioThread: 'stopped' }) };
    const t = settleTimeout('stop-replication', status({}), w, 15, 1000, 'db3', 'STOP SLAVE');
    expect(t.message).toBe(
      'STOP SLAVE ran on db3, but after 15 s its threads still show: IO thread stopped, SQL thread running; Last_IO_Error none; Last_SQL_Error none.',
    );
  });
});
