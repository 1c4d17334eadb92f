import { describe, expect, it } from 'vitest';
import { mapMysqlError, type MysqlSocketTarget, type MysqlTcpTarget } from './errors';

const t: MysqlTcpTarget = {
  name: 'db1',
  address: '10.0.0.1',
  port: 3306,
  user: 'opsdeck',
  via: 'ssh-tunnel',
  hasPassword: true,
};
const socket: MysqlSocketTarget = {
  name: 'peer1',
  via: 'ssh-socket',
  user: 'root',
  hasPassword: false,
  sshUser: 'admin',
  sudo: true,
  automatic: true,
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

describe('MySQL login errors say what is missing', () => {
  it('a login without a stored password says so, not "check the password"', () => {
    const e = mapMysqlError(
      driver(1045, "Access denied for user 'opsdeck'@'127.0.0.1' (using password: NO)"),
      { ...t, hasPassword: false },
    );
    expect(e.code).toBe('MYSQL_PASSWORD_MISSING');
    expect(e.message).toMatch(/refused "opsdeck", and no password is stored for this login/);
    expect(e.hint).toMatch(/opsdeck mysql login db1 --password-env/);
    expect(e.hint).toMatch(/vault unlock/);
  });

  it('a refused password with one stored stays access denied', () => {
    const e = mapMysqlError(driver(1045, 'Access denied (using password: YES)'), t);
    expect(e.code).toBe('MYSQL_ACCESS_DENIED');
  });

  it('socket authentication refused on a host without a login asks for a login', () => {
    const e = mapMysqlError(driver(1698, "Access denied for user 'root'@'localhost'"), socket);
    expect(e.code).toBe('MYSQL_LOGIN_NEEDED');
    expect(e.message).toMatch(/peer1 has no MySQL login, so Opsdeck tried "root" by socket/);
    expect(e.message).toMatch(/as root through sudo from admin/);
    expect(e.hint).toMatch(/opsdeck mysql login peer1 --user U --password-env VAR/);
  });

  it('a socket login that loses its connection names the socket, not a TCP port', () => {
    const e = mapMysqlError(
      Object.assign(new Error('Connection lost'), {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
      { ...socket, socket: '/run/mysqld/mysqld.sock', sudo: false, automatic: false },
    );
    expect(e.code).toBe('MYSQL_UNREACHABLE');
    expect(e.message).toMatch(/socket \/run\/mysqld\/mysqld.sock over SSH/);
    expect(e.message).not.toMatch(/3306/);
  });
});
