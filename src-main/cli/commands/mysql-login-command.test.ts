import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loginPatch } from './mysql-login-command';

const base = { test: false };

afterEach(() => {
  delete process.env.OPSDECK_TEST_MYSQL_PW;
});

describe('opsdeck mysql login: options → login patch', () => {
  it('only the options given change; a password comes from the named variable', async () => {
    expect(await loginPatch(base)).toEqual({});
    process.env.OPSDECK_TEST_MYSQL_PW = 'Secret-1';
    expect(
      await loginPatch({
        ...base,
        user: 'opsdeck',
        via: 'direct',
        port: 3307,
        address: '10.0.0.5',
        passwordEnv: 'OPSDECK_TEST_MYSQL_PW',
      }),
    ).toEqual({
      user: 'opsdeck',
      via: 'direct',
      port: 3307,
      address: '10.0.0.5',
      password: 'Secret-1',
    });
  });

  it('--tls verify with --ca-file and --tls-server-name: verified TLS, the CA file made absolute', async () => {
    expect(
      await loginPatch({
        ...base,
        via: 'direct',
        tls: 'verify',
        caFile: '/etc/ssl/my-ca.pem',
        tlsServerName: 'db.example.com',
      }),
    ).toEqual({
      via: 'direct',
      tls: 'verify',
      caFile: '/etc/ssl/my-ca.pem',
      tlsServerName: 'db.example.com',
    });
    // Relative to the shell's directory, not the core's.
    expect(await loginPatch({ ...base, tls: 'verify', caFile: 'certs/ca.pem' })).toEqual({
      tls: 'verify',
      caFile: resolve('certs/ca.pem'),
    });
  });

  it('a CA file or a server name without --tls turns verification on; --tls off stays off', async () => {
    expect(await loginPatch({ ...base, caFile: '/etc/ssl/ca.pem' })).toEqual({
      tls: 'verify',
      caFile: '/etc/ssl/ca.pem',
    });
    expect(await loginPatch({ ...base, tlsServerName: 'db1.internal' })).toEqual({
      tls: 'verify',
      tlsServerName: 'db1.internal',
    });
    expect(await loginPatch({ ...base, tls: 'off' })).toEqual({ tls: 'off' });
    expect(await loginPatch({ ...base, tls: 'off', caFile: '/etc/ssl/ca.pem' })).toEqual({
      tls: 'off',
      caFile: '/etc/ssl/ca.pem',
    });
  });

  it("'' forgets the CA file or the server name, without turning TLS on or off", async () => {
    expect(await loginPatch({ ...base, caFile: '', tlsServerName: ' ' })).toEqual({
      caFile: '',
      tlsServerName: '',
    });
  });

  it('a TLS mode that does not exist is refused with the ones that do', async () => {
    await expect(loginPatch({ ...base, tls: 'required' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      message: '--tls required is not a TLS mode.',
      hint: expect.stringContaining('--tls verify'),
    });
    await expect(loginPatch({ ...base, via: 'tcp' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      hint: 'Use one of: ssh-tunnel, direct, ssh-socket.',
    });
  });
});
