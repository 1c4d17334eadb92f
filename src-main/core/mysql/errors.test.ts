import { describe, expect, it } from 'vitest';
import { mapMysqlError, type MysqlTarget } from './errors';

const t: MysqlTarget = {
  name: 'db1',
  address: '10.0.0.1',
  port: 3306,
  user: 'opsdeck',
  via: 'ssh-tunnel',
};
const driver = (errno: number, sqlMessage: string) =>
  Object.assign(new Error(sqlMessage), { errno, sqlMessage });

describe('MySQL error mapping', () => {
  it.each([
    [
      driver(1045, "Access denied for user 'opsdeck'@'10.0.0.9' (using password: YES)"),
      'MYSQL_ACCESS_DENIED',
    ],
    [
      driver(1130, "Host '10.0.0.9' is not allowed to connect to this MariaDB server"),
      'MYSQL_ACCESS_DENIED',
    ],
    [driver(1040, 'Too many connections'), 'MYSQL_TOO_MANY_CONNECTIONS'],
    [
      driver(1226, "User 'x' has exceeded the 'max_user_connections' resource"),
      'MYSQL_TOO_MANY_CONNECTIONS',
    ],
    [
      driver(1129, "Host '10.0.0.9' is blocked because of many connection errors"),
      'MYSQL_HOST_BLOCKED',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:3306'), { code: 'ECONNREFUSED' }),
      'MYSQL_UNREACHABLE',
    ],
    [Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), 'MYSQL_UNREACHABLE'],
    [new Error('(SSH) Channel open failure: Connection refused'), 'MYSQL_UNREACHABLE'],
    [
      Object.assign(new Error('Connection lost: The server closed the connection.'), {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
      'MYSQL_UNREACHABLE',
    ],
    [driver(1146, "Table 'x.y' doesn't exist"), 'MYSQL_QUERY_FAILED'],
  ])('%s → %s', (err, code) => {
    const mapped = mapMysqlError(err, t);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toContain('db1');
    expect(mapped.hint.length).toBeGreaterThan(10);
  });

  it('says when the login went through an SSH tunnel', () => {
    expect(mapMysqlError(driver(1045, 'Access denied'), t).message).toMatch(
      /through an SSH tunnel from db1/,
    );
    expect(
      mapMysqlError(driver(1045, 'Access denied'), { ...t, via: 'direct' }).message,
    ).not.toMatch(/tunnel/);
  });
});
