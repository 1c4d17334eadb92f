import { describe, expect, it } from 'vitest';
import type { Host, ReplicaStatus, ServerFacts } from '../../contract';
import { runAction } from './actions';
import { mariadbDialect } from './dialects/mariadb';
import type { ServerProbe } from './server-probe';

const host = { id: 'h1', name: 'db2', address: '10.0.0.2', port: 22 } as Host;
const facts = { serverId: 2, readOnly: true, flavor: 'mariadb' } as unknown as ServerFacts;

const replica = (over: Partial<ReplicaStatus>): ReplicaStatus =>
  ({
    channel: '',
    sourceHost: '10.0.0.1',
    sourcePort: 3306,
    ioThread: 'running',
    sqlThread: 'running',
    ...over,
  }) as ReplicaStatus;

/** A server whose replication status goes through `states`, one per status read (the last stays). */
function server(states: Partial<ReplicaStatus>[]) {
  let reads = 0;
  const written: string[] = [];
  return {
    written,
    reads: () => reads,
    deps: {
      host,
      probe: async (): Promise<ServerProbe> => {
        const s = states[Math.min(reads++, states.length - 1)] as Partial<ReplicaStatus>;
        return {
          host,
          facts,
          dialect: mariadbDialect({ major: 10, minor: 11, patch: 19 }),
          replication: [replica(s)],
        };
      },
      write: async (sqls: readonly string[]) => {
        written.push(...sqls);
        return [];
      },
      audit: () => undefined,
    },
  };
}

describe('replication actions answer with the threads where the action sent them', () => {
  it('stop replication: the answer waits until both threads show stopped', async () => {
    const s = server([
      {}, // before the action
      { ioThread: 'running', sqlThread: 'running' },
      { ioThread: 'stopped', sqlThread: 'running' },
      { ioThread: 'stopped', sqlThread: 'stopped' },
    ]);
    const r = await runAction({ host: 'db2', action: 'stop-replication', confirm: 'db2' }, s.deps);
    expect(s.written).toEqual(['STOP SLAVE']);
    expect(r.status).toMatchObject({ ioThread: 'stopped', sqlThread: 'stopped' });
    expect(s.reads()).toBe(4);
  });

  it('start replication: a connecting IO thread is read again until it runs', async () => {
    const s = server([
      { ioThread: 'stopped', sqlThread: 'stopped' },
      { ioThread: 'connecting', sqlThread: 'running' },
      { ioThread: 'running', sqlThread: 'running' },
    ]);
    const r = await runAction({ host: 'db2', action: 'start-replication', confirm: 'db2' }, s.deps);
    expect(r.status).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
  });

  it('start replication that fails to connect: the error in the status is the answer, at once', async () => {
    const ioError = { errno: 2003, message: "Can't connect to MySQL server" };
    const s = server([
      { ioThread: 'stopped', sqlThread: 'stopped' },
      { ioThread: 'connecting', sqlThread: 'running', lastIoError: ioError },
    ]);
    const r = await runAction({ host: 'db2', action: 'start-replication', confirm: 'db2' }, s.deps);
    expect(r.status?.lastIoError).toEqual(ioError);
    expect(s.reads()).toBe(2);
  });

  it('skip an event: the old error still shown before the SQL thread restarts is not the answer', async () => {
    const dup = { errno: 1062, message: "Duplicate entry '7' for key 'PRIMARY'" };
    const s = server([
      { sqlThread: 'stopped', lastSqlError: dup }, // before the action
      { sqlThread: 'stopped', lastSqlError: dup }, // START SLAVE sent, the thread not up yet
      { sqlThread: 'running' },
    ]);
    const r = await runAction(
      { host: 'db2', action: 'skip-event', expectErrno: 1062, confirm: 'db2' },
      s.deps,
    );
    expect(r.skipped).toEqual(dup);
    expect(r.status).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
    expect(s.reads()).toBe(3);
  });

  it('skip an event that stops on a new error: that error is the answer', async () => {
    const dup7 = { errno: 1062, message: "Duplicate entry '7' for key 'PRIMARY'" };
    const dup9 = { errno: 1062, message: "Duplicate entry '9' for key 'PRIMARY'" };
    const s = server([
      { sqlThread: 'stopped', lastSqlError: dup7 },
      { sqlThread: 'stopped', lastSqlError: dup9 },
    ]);
    const r = await runAction(
      { host: 'db2', action: 'skip-event', expectErrno: 1062, confirm: 'db2' },
      s.deps,
    );
    expect(r.status?.lastSqlError).toEqual(dup9);
    expect(s.reads()).toBe(2);
  });

  it('threads that never settle: the last status read is the answer after the bounded wait', async () => {
    const s = server([
      { ioThread: 'stopped', sqlThread: 'stopped' },
      { ioThread: 'connecting', sqlThread: 'running' },
    ]);
    const started = Date.now();
    const r = await runAction({ host: 'db2', action: 'start-replication', confirm: 'db2' }, s.deps);
    expect(r.status?.ioThread).toBe('connecting');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  it('read_only is answered without waiting for any thread', async () => {
    const s = server([{}, { ioThread: 'connecting' }]);
    const r = await runAction(
      { host: 'db2', action: 'set-read-only', readOnly: false, confirm: 'db2' },
      s.deps,
    );
    expect(s.written).toEqual(['SET GLOBAL read_only = OFF']);
    expect(s.reads()).toBe(2);
    expect(r.status?.ioThread).toBe('connecting');
  });
});
