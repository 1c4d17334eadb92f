import { describe, expect, it } from 'vitest';
import { describeMysqlLogin } from './mysql-login';

const host = { name: 'peer1', user: 'root', address: '10.0.0.5', profile: { sudo: false } };

describe('the MySQL login in one line', () => {
  it('no login: root over the socket, said to be automatic', () => {
    expect(describeMysqlLogin(host)).toBe(
      'root over SSH to the server socket, socket authentication (automatic: no MySQL login set)',
    );
    expect(
      describeMysqlLogin({
        ...host,
        user: 'admin',
        profile: { sudo: true, mysqlSocket: '/run/mysqld/mysqld.sock' },
      }),
    ).toBe(
      'root over SSH to /run/mysqld/mysqld.sock, as root through sudo -n from admin, socket authentication (automatic: no MySQL login set)',
    );
  });

  it('a tunnel login says whether its password is stored', () => {
    const mysql = { port: 3306, user: 'opsdeck', via: 'ssh-tunnel' as const };
    expect(describeMysqlLogin({ ...host, mysql })).toBe(
      'opsdeck@10.0.0.5:3306 through an SSH tunnel from peer1, no password stored',
    );
    expect(
      describeMysqlLogin({ ...host, mysql: { ...mysql, via: 'direct', secretRef: 'vault:x' } }),
    ).toBe('opsdeck@10.0.0.5:3306 directly, without TLS, password in the vault');
  });

  it('a direct login says whether it verifies TLS, against which CA and name', () => {
    const mysql = { port: 3306, user: 'opsdeck', via: 'direct' as const, tls: 'verify' as const };
    expect(describeMysqlLogin({ ...host, mysql })).toBe(
      "opsdeck@10.0.0.5:3306 directly with verified TLS (the system's CAs), no password stored",
    );
    expect(
      describeMysqlLogin({
        ...host,
        mysql: { ...mysql, caFile: '/etc/ssl/ca.pem', tlsServerName: 'db.example.com' },
      }),
    ).toBe(
      'opsdeck@10.0.0.5:3306 directly with verified TLS (CA /etc/ssl/ca.pem, name db.example.com), no password stored',
    );
  });
});
