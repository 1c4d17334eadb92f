import { describe, expect, it } from 'vitest';
import type { ReplicaStatus } from '../../../contract';
import { assessMaster, parsePing, type MasterObservations } from './assess-master';

const link = (io: ReplicaStatus['ioThread'], err?: string): ReplicaStatus =>
  ({
    ioThread: io,
    sqlThread: 'running',
    secondsBehind: io === 'running' ? 0 : null,
    ...(err ? { lastIoError: { errno: 2003, message: err } } : {}),
  }) as ReplicaStatus;

const down = { code: 'MYSQL_UNREACHABLE' as const, message: 'refused', hint: '' };
const sshDown = { code: 'SSH_REFUSED' as const, message: 'connection refused', hint: '' };
const base = (over: Partial<MasterObservations>): MasterObservations => ({
  master: 'db1',
  mysql: { ok: false, error: down },
  replicas: [
    { name: 'db2', reachable: true, replication: link('connecting', "Can't connect") },
    { name: 'db3', reachable: true, replication: link('connecting', "Can't connect") },
  ],
  now: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('master health from several angles', () => {
  it('alive when Opsdeck reaches its MySQL', () => {
    expect(assessMaster(base({ mysql: { ok: true } })).verdict).toBe('alive');
  });

  it('dead when MySQL and SSH fail and every replica lost it', () => {
    const h = assessMaster(base({ ssh: { ok: false, error: sshDown } }));
    expect(h.verdict).toBe('dead');
    expect(h.summary).toMatch(
      /unreachable over MySQL and SSH, and every replica \(db2, db3\) lost it/,
    );
    expect(h.angles.map((a) => [a.angle, a.ok])).toEqual([
      ['Opsdeck → MySQL', false],
      ['Opsdeck → SSH', false],
      ['db2 IO thread', false],
      ['db3 IO thread', false],
    ]);
  });

  it('dead when its host answers SSH but mysqld is not running there (kill -9)', () => {
    const h = assessMaster(
      base({ ssh: { ok: true, mysqld: 'stopped', detail: "Can't connect to local server" } }),
    );
    expect(h.verdict).toBe('dead');
  });

  it('a partition, never dead, while any replica still replicates from it', () => {
    const h = assessMaster(
      base({
        ssh: { ok: false, error: sshDown },
        replicas: [
          { name: 'db2', reachable: true, replication: link('running') },
          { name: 'db3', reachable: true, replication: link('connecting', 'x') },
        ],
      }),
    );
    expect(h.verdict).toBe('partition');
    expect(h.summary).toMatch(/db2 still replicates from it/);
  });

  it('unknown when no replica can confirm, or mysqld answers locally', () => {
    const noReplicas = base({
      ssh: { ok: false, error: sshDown },
      replicas: [{ name: 'db2', reachable: false, error: down }],
    });
    expect(assessMaster(noReplicas).verdict).toBe('unknown');
    expect(
      assessMaster(base({ ssh: { ok: true, mysqld: 'running', detail: 'mysqld is alive' } }))
        .verdict,
    ).toBe('unknown');
    expect(assessMaster(base({})).verdict).toBe('unknown');
  });

  it('alive but refusing Opsdeck when the login is refused', () => {
    const h = assessMaster(
      base({
        mysql: { ok: false, error: { code: 'MYSQL_ACCESS_DENIED', message: 'denied', hint: '' } },
      }),
    );
    expect(h.verdict).toBe('unreachable-by-opsdeck');
  });

  it('reads the admin ping over SSH', () => {
    expect(parsePing('mysqld is alive\nping-exit=0\n')).toEqual({
      mysqld: 'running',
      detail: 'mysqld is alive',
    });
    expect(
      parsePing("mariadb-admin: connect to server at 'localhost' failed\nping-exit=1").mysqld,
    ).toBe('stopped');
    expect(parsePing('sh: mysqladmin: not found\nping-exit=127').mysqld).toBe('unknown');
  });
});
