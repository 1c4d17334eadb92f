import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executedPosition, parseReplicaStatus, usesGtid } from './status-parse';
import type { Row } from './sql-row';

const sample = (name: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../testing/samples/mysql/${name}.json`, import.meta.url), 'utf8'),
    ) as Row[]
  )[0] as Row;

describe('replica status parsing, per flavor, on recorded rows', () => {
  it('MariaDB 10.11, SHOW ALL SLAVES STATUS, running with GTID', () => {
    const s = parseReplicaStatus(sample('mariadb-10.11-running'));
    expect(s).toMatchObject({
      channel: '',
      sourceHost: '127.0.10.1',
      sourcePort: 3306,
      sourceUser: 'repl_fx',
      sourceServerId: 1,
      sourceUuid: '',
      ioThread: 'running',
      sqlThread: 'running',
      secondsBehind: 0,
      sourceLogFile: 'mysql-bin.000001',
      gtidMode: 'Slave_Pos',
    });
    expect(s.lastIoError).toBeUndefined();
    expect(s.lastSqlError).toBeUndefined();
    expect(usesGtid(s)).toBe(true);
    expect(executedPosition(s)).toMatch(/^0-1-\d+$/);
  });

  it('MariaDB plain SHOW SLAVE STATUS (no Gtid_Slave_Pos column) falls back to file:position', () => {
    const s = parseReplicaStatus(sample('mariadb-10.11-show-slave-status'));
    expect(s.executedGtid).toBe('');
    expect(executedPosition(s)).toMatch(/^mysql-bin\.000001:\d+$/);
  });

  it('MariaDB SQL thread stopped by a duplicate key', () => {
    const s = parseReplicaStatus(sample('mariadb-10.11-sql-error'));
    expect(s).toMatchObject({ ioThread: 'running', sqlThread: 'stopped', secondsBehind: null });
    expect(s.lastSqlError).toMatchObject({
      errno: 1062,
      message: expect.stringContaining("Duplicate entry '1'"),
    });
    expect(s.relayLogFile).toBe('mysqld-relay-bin.000002');
  });

  it('MariaDB IO thread refused by the master (wrong password)', () => {
    const s = parseReplicaStatus(sample('mariadb-10.11-io-error'));
    expect(s.ioThread).toBe('connecting');
    expect(s.lastIoError).toMatchObject({
      errno: 1045,
      message: expect.stringContaining('Access denied'),
    });
  });

  it('MySQL 8.0 SHOW REPLICA STATUS (SOURCE vocabulary), auto-position', () => {
    const s = parseReplicaStatus(sample('mysql-8.0-running'));
    expect(s).toMatchObject({
      sourceHost: '127.0.0.1',
      sourcePort: 13000,
      sourceUuid: '73f86016-978b-11ee-ade5-8d2a2a562feb',
      ioThread: 'running',
      sqlThread: 'running',
      readSourceLogPos: 927,
      execSourceLogFile: 'master-bin.000001',
      execSourceLogPos: 927,
      gtidMode: '1',
      executedGtid: '73f86016-978b-11ee-ade5-8d2a2a562feb:1-3',
    });
    expect(executedPosition(s)).toBe('73f86016-978b-11ee-ade5-8d2a2a562feb:1-3');
  });

  it('MySQL 8.0 applier error', () => {
    const s = parseReplicaStatus(sample('mysql-8.0-sql-error'));
    expect(s.sqlThread).toBe('stopped');
    expect(s.lastSqlError).toMatchObject({ errno: 1062, at: '240115 10:42:07' });
  });

  it('Percona Server 5.7 SHOW SLAVE STATUS, IO thread reconnecting, file positioning', () => {
    const s = parseReplicaStatus(sample('percona-5.7-io-error'));
    expect(s).toMatchObject({
      sourceHost: '10.64.57.88',
      ioThread: 'connecting',
      sqlThread: 'running',
      secondsBehind: null,
      gtidMode: '0',
      lastIoError: { errno: 2003, at: '240604 22:33:51' },
    });
    expect(usesGtid(s)).toBe(false);
    expect(executedPosition(s)).toBe('mysql-bin.000613:948993872');
  });
});
