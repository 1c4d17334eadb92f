import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import { ChannelOpenError } from '../ssh';
import {
  anyFailed,
  exitError,
  needsRerun,
  statusOfError,
  summarize,
  sudoPasswordError,
} from './summary';

describe('summary', () => {
  it('counts final statuses', () => {
    const s = summarize(['ok', 'ok', 'failed', 'unreachable', 'timeout', 'cancelled', 'pending']);
    expect(s).toEqual({ total: 7, ok: 2, failed: 1, unreachable: 1, timeout: 1, cancelled: 1 });
    expect(anyFailed(s)).toBe(true);
    expect(anyFailed(summarize(['ok', 'ok']))).toBe(false);
  });

  it('re-runs everything that did not end ok', () => {
    expect(needsRerun('ok')).toBe(false);
    for (const s of ['failed', 'unreachable', 'timeout', 'cancelled'] as const)
      expect(needsRerun(s)).toBe(true);
  });

  it('classifies connection problems as unreachable, with the message kept', () => {
    const refused = new OpsdeckError(
      'SSH_REFUSED',
      'db3 refused the SSH connection.',
      'Is sshd running?',
    );
    expect(statusOfError(refused, { timedOut: false, cancelled: false })).toEqual({
      status: 'unreachable',
      error: {
        code: 'SSH_REFUSED',
        message: 'db3 refused the SSH connection.',
        hint: 'Is sshd running?',
      },
    });
    for (const code of [
      'SSH_AUTH_FAILED',
      'HOST_KEY_CHANGED',
      'SSH_DNS_FAILED',
      'SSH_TIMEOUT',
    ] as const)
      expect(
        statusOfError(new OpsdeckError(code, 'm', 'h'), { timedOut: false, cancelled: false })
          .status,
      ).toBe('unreachable');
    const notStarted = new ChannelOpenError('no channel', 'retry', false);
    expect(statusOfError(notStarted, { timedOut: false, cancelled: false }).status).toBe(
      'unreachable',
    );
  });

  it('our own timeout and cancel win over the CANCELLED the exec reports', () => {
    const cancelled = new OpsdeckError('CANCELLED', 'cancelled', 'h');
    expect(statusOfError(cancelled, { timedOut: true, cancelled: false }).status).toBe('timeout');
    expect(statusOfError(cancelled, { timedOut: false, cancelled: true }).status).toBe('cancelled');
    // A channel lost mid-command ran: failed, not unreachable.
    const lost = new OpsdeckError('SSH_CHANNEL_FAILED', 'lost', 'h');
    expect(statusOfError(lost, { timedOut: false, cancelled: false }).status).toBe('failed');
  });

  it('recognises sudo asking for a password', () => {
    expect(
      sudoPasswordError('db1', 'sudo: a terminal is required to read the password; either use'),
    ).toMatchObject({
      code: 'SUDO_PASSWORD_REQUIRED',
      message: expect.stringContaining('db1'),
    });
    expect(sudoPasswordError('db1', '[sudo] password for deploy: ')).toBeDefined();
    expect(sudoPasswordError('db1', 'sudo: a password is required')).toBeDefined();
    expect(sudoPasswordError('db1', 'permission denied')).toBeUndefined();
  });

  it('explains non-zero exits with the last stderr line', () => {
    expect(exitError('db1', 0, undefined, '')).toBeUndefined();
    expect(exitError('db1', 2, undefined, 'warning\nls: cannot access x\n')).toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: 'The command on db1 exited with status 2: ls: cannot access x.',
    });
    expect(exitError('db1', null, 'SIGKILL', '')?.message).toContain('was killed by SIGKILL');
    expect(exitError('db1', 1, undefined, 'sudo: a password is required')?.code).toBe(
      'SUDO_PASSWORD_REQUIRED',
    );
  });
});
