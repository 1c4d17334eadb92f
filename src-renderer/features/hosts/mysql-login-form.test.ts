import { describe, expect, it } from 'vitest';
import type { Host, MysqlSettings } from '../../../src-main/contract';
import {
  mysqlLoginChange,
  mysqlLoginFromHost,
  mysqlLoginInput,
  validateMysqlLogin,
  type MysqlLoginValues,
} from './mysql-login-form';
import { testHost } from '../../../testing/core/test-host';

const hostWith = (mysql?: MysqlSettings): Host =>
  testHost('rds1', { address: '10.0.0.9', ...(mysql ? { mysql } : {}) });
const direct = (over: Partial<MysqlLoginValues> = {}): MysqlLoginValues => ({
  ...mysqlLoginFromHost(),
  via: 'direct',
  user: 'opsdeck',
  ...over,
});
const verified: MysqlSettings = {
  port: 3306,
  user: 'opsdeck',
  via: 'direct',
  tls: 'verify',
  caFile: '/etc/ssl/ca.pem',
  tlsServerName: 'db.example.com',
};

describe('the MySQL login form: verified TLS of a direct login', () => {
  it('reads the TLS settings of a login (off when none)', () => {
    expect(mysqlLoginFromHost(hostWith(verified))).toMatchObject({
      via: 'direct',
      tls: true,
      caFile: '/etc/ssl/ca.pem',
      tlsServerName: 'db.example.com',
    });
    expect(mysqlLoginFromHost(hostWith())).toMatchObject({ tls: false, caFile: '' });
  });

  it('a new direct login with TLS ticked sends verify, the CA file and the name', () => {
    expect(
      mysqlLoginInput(direct({ tls: true, caFile: ' /etc/ssl/ca.pem ', tlsServerName: '' })),
    ).toEqual({
      via: 'direct',
      user: 'opsdeck',
      port: 3306,
      tls: 'verify',
      caFile: '/etc/ssl/ca.pem',
    });
    expect(mysqlLoginInput(direct({ caFile: '/etc/ssl/ca.pem' }))).toEqual({
      via: 'direct',
      user: 'opsdeck',
      port: 3306,
    });
  });

  it('TLS fields of another way in are not sent (a tunnel is encrypted by SSH)', () => {
    expect(
      mysqlLoginInput(direct({ via: 'ssh-tunnel', tls: true, caFile: '/etc/ssl/ca.pem' })),
    ).toEqual({ via: 'ssh-tunnel', user: 'opsdeck', port: 3306 });
  });

  it('a relative CA file is an error on its field; an absolute one (Linux or Windows) is not', () => {
    expect(validateMysqlLogin(direct({ tls: true, caFile: 'ca.pem' })).caFile).toMatch(
      /full path of a PEM file/,
    );
    expect(validateMysqlLogin(direct({ tls: true, caFile: '/etc/ssl/ca.pem' }))).toEqual({});
    expect(validateMysqlLogin(direct({ tls: true, caFile: 'C:\\certs\\ca.pem' }))).toEqual({});
    expect(validateMysqlLogin(direct({ tls: false, caFile: 'ca.pem' }))).toEqual({});
  });

  it('an edit: unticking sends off; emptied fields are forgotten; another way in turns TLS off', () => {
    const host = hostWith(verified);
    const v = mysqlLoginFromHost(host);
    expect(mysqlLoginChange(host, { ...v, tls: false })).toEqual({
      mysql: { via: 'direct', user: 'opsdeck', port: 3306, tls: 'off' },
    });
    expect(mysqlLoginChange(host, { ...v, caFile: '', tlsServerName: ' ' })).toEqual({
      mysql: {
        via: 'direct',
        user: 'opsdeck',
        port: 3306,
        tls: 'verify',
        caFile: '',
        tlsServerName: '',
      },
    });
    expect(mysqlLoginChange(host, { ...v, via: 'ssh-tunnel' })).toEqual({
      mysql: { via: 'ssh-tunnel', user: 'opsdeck', port: 3306, tls: 'off' },
    });
    // A login that never had TLS gets no TLS field from another way in.
    const plain = hostWith({ port: 3306, user: 'opsdeck', via: 'ssh-tunnel' });
    expect(mysqlLoginChange(plain, mysqlLoginFromHost(plain))).toEqual({
      mysql: { via: 'ssh-tunnel', user: 'opsdeck', port: 3306 },
    });
  });
});
