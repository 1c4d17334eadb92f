import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import { mapConnectError, type ConnectErrorContext } from './connect-errors';

const ctx: ConnectErrorContext = {
  name: 'db1',
  address: '10.0.0.7',
  port: 2222,
  user: 'root',
  timeoutMs: 20_000,
};
const nodeError = (code: string, message = `connect ${code} 10.0.0.7:2222`) =>
  Object.assign(new Error(message), { code, level: 'client-socket' });
const sshError = (level: string, message: string) => Object.assign(new Error(message), { level });

describe('mapConnectError', () => {
  it.each([
    ['ENOTFOUND', 'SSH_DNS_FAILED'],
    ['EAI_AGAIN', 'SSH_DNS_FAILED'],
    ['ECONNREFUSED', 'SSH_REFUSED'],
    ['ETIMEDOUT', 'SSH_TIMEOUT'],
    ['EHOSTUNREACH', 'SSH_UNREACHABLE'],
    ['ENETUNREACH', 'SSH_UNREACHABLE'],
    ['ECONNRESET', 'SSH_UNREACHABLE'],
  ])('%s → %s', (code, expected) => {
    const err = mapConnectError(nodeError(code), ctx);
    expect(err).toBeInstanceOf(OpsdeckError);
    expect(err.code).toBe(expected);
    expect(err.message).toContain('db1');
    expect(err.hint.length).toBeGreaterThan(10);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('names the port in the refused hint', () => {
    expect(mapConnectError(nodeError('ECONNREFUSED'), ctx).hint).toMatch(
      /sshd running on port 2222/,
    );
  });

  it('maps the handshake timeout', () => {
    const err = mapConnectError(
      sshError('client-timeout', 'Timed out while waiting for handshake'),
      ctx,
    );
    expect(err.code).toBe('SSH_TIMEOUT');
    expect(err.message).toContain('within 20s');
  });

  it('maps DNS errors raised by ssh2 itself', () => {
    expect(mapConnectError(sshError('client-dns', 'Error while looking up IPv4'), ctx).code).toBe(
      'SSH_DNS_FAILED',
    );
  });

  it('names the methods tried on authentication failure', () => {
    const err = mapConnectError(
      sshError('client-authentication', 'All configured authentication methods failed'),
      {
        ...ctx,
        authTried: ['publickey (key /root/.ssh/id_ed25519)'],
        serverMethods: ['publickey', 'password'],
      },
    );
    expect(err.code).toBe('SSH_AUTH_FAILED');
    expect(err.message).toContain('tried: publickey (key /root/.ssh/id_ed25519)');
    expect(err.message).toContain('The server accepts: publickey, password');
    expect(err.message).toContain('as root on db1');
    expect(err.hint).toMatch(/authorized_keys/);
  });

  it('gives agent and password specific hints', () => {
    const auth = sshError('client-authentication', 'All configured authentication methods failed');
    expect(
      mapConnectError(auth, { ...ctx, authTried: ['publickey (agent /tmp/agent.1)'] }).hint,
    ).toMatch(/ssh-add -l/);
    expect(mapConnectError(auth, { ...ctx, authTried: ['password'] }).hint).toMatch(/password/);
    expect(mapConnectError(sshError('agent', 'Failed to connect to agent'), ctx).code).toBe(
      'SSH_AUTH_FAILED',
    );
  });

  it('passes OpsdeckErrors (host-key decisions) through unchanged', () => {
    const changed = new OpsdeckError('HOST_KEY_CHANGED', 'changed', 'verify');
    expect(mapConnectError(changed, ctx)).toBe(changed);
  });

  it('maps a denied host key without a recorded reason to HOST_KEY_REJECTED', () => {
    expect(
      mapConnectError(sshError('handshake', 'Host denied (verification failed)'), ctx).code,
    ).toBe('HOST_KEY_REJECTED');
  });

  it('maps other handshake problems and unknown errors to SSH_UNREACHABLE with the reason', () => {
    const hs = mapConnectError(sshError('handshake', 'Handshake failed: no matching cipher'), ctx);
    expect(hs.code).toBe('SSH_UNREACHABLE');
    expect(hs.message).toContain('no matching cipher');
    expect(mapConnectError('weird', ctx).message).toContain('weird');
  });

  it('mentions the jump host', () => {
    expect(
      mapConnectError(nodeError('ECONNREFUSED'), { ...ctx, via: 'bastion' }).message,
    ).toContain('through bastion');
  });
});
