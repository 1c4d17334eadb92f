import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import { forwardOutError, listenError, socksReplyFor } from './forward-errors';
import { SocksReply } from './socks5';

const errno = (code: string) => Object.assign(new Error(code), { code });
const channelFailure = (reason: number, description: string) =>
  Object.assign(new Error(`(SSH) Channel open failure: ${description}`), { reason });

describe('tunnel errors', () => {
  it('says why a local port cannot be listened on, and what to do', () => {
    expect(listenError(errno('EADDRINUSE'), '127.0.0.1', 3306)).toMatchObject({
      code: 'TUNNEL_PORT_IN_USE',
      message: 'Port 3306 on 127.0.0.1 is already in use on this machine.',
      hint: expect.stringContaining("ss -ltnp 'sport = :3306'"),
    });
    expect(listenError(errno('EACCES'), '127.0.0.1', 80)).toMatchObject({
      code: 'TUNNEL_BIND_FAILED',
      message: expect.stringContaining('ports below 1024 need privileges'),
    });
    expect(listenError(errno('EADDRNOTAVAIL'), '10.9.9.9', 8080).message).toContain(
      'not an address of this machine',
    );
  });

  it('maps the channel-open failure reasons of sshd', () => {
    expect(
      forwardOutError(channelFailure(1, 'open failed'), 'db1', '10.0.0.5', 5432),
    ).toMatchObject({
      code: 'TUNNEL_FORWARDING_DISABLED',
      message: expect.stringContaining('10.0.0.5:5432'),
    });
    const refused = forwardOutError(channelFailure(2, 'Connection refused'), 'db1', '::1', 80);
    expect(refused).toMatchObject({
      code: 'TUNNEL_TARGET_UNREACHABLE',
      message: 'db1 could not connect to [::1]:80: Connection refused.',
    });
    expect(forwardOutError(new Error('Not connected'), 'db1', 'x', 1).code).toBe(
      'SSH_CHANNEL_FAILED',
    );
  });

  it('answers SOCKS clients with the matching reply', () => {
    const e = (code: 'TUNNEL_FORWARDING_DISABLED' | 'TUNNEL_TARGET_UNREACHABLE', m: string) =>
      new OpsdeckError(code, m, '');
    expect(socksReplyFor(e('TUNNEL_FORWARDING_DISABLED', ''))).toBe(SocksReply.notAllowed);
    expect(socksReplyFor(e('TUNNEL_TARGET_UNREACHABLE', 'x: Connection refused.'))).toBe(
      SocksReply.connectionRefused,
    );
    expect(socksReplyFor(e('TUNNEL_TARGET_UNREACHABLE', 'x: No route to host.'))).toBe(
      SocksReply.hostUnreachable,
    );
    expect(socksReplyFor(new OpsdeckError('TIMEOUT', '', ''))).toBe(SocksReply.generalFailure);
  });
});
