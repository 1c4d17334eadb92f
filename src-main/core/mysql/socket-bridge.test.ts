import { describe, expect, it } from 'vitest';
import { bridgeCommand, readBridgeStderr } from './socket-bridge';

describe('socket bridge: the command', () => {
  it('runs the selector under sudo -n only when asked, with the socket and relay as arguments', () => {
    const withSudo = bridgeCommand({
      socket: '/run/mysqld/mysqld.sock',
      bridge: 'perl',
      sudo: true,
    });
    expect(withSudo.startsWith("sudo -n sh -c '")).toBe(true);
    expect(withSudo).toContain(" 'opsdeck-bridge' '/run/mysqld/mysqld.sock' 'perl' ");
    const plain = bridgeCommand({ sudo: false });
    expect(plain.startsWith("sh -c '")).toBe(true);
    expect(plain).toContain(" 'opsdeck-bridge' '' '' ");
  });

  it('quotes a socket path with a quote in it as one word', () => {
    expect(bridgeCommand({ socket: "/tmp/it's.sock", sudo: true })).toContain(
      `'/tmp/it'\\''s.sock'`,
    );
  });
});

describe('socket bridge: what its stderr says', () => {
  it('names the relay and socket it started', () => {
    expect(readBridgeStderr('opsdeck-bridge: socat /run/mysqld/mysqld.sock\n')).toEqual({
      ok: true,
      bridge: 'socat',
      socket: '/run/mysqld/mysqld.sock',
    });
  });

  it.each([
    ['sudo: a password is required\n', 'sudo-password'],
    [
      'sudo: a terminal is required to read the password; either use the -S option\n',
      'sudo-password',
    ],
    ['admin is not in the sudoers file.\n', 'sudo-denied'],
    ["Sorry, user admin is not allowed to execute '/bin/sh -c …' as root on db1.\n", 'sudo-denied'],
    ['bash: line 1: sudo: command not found\n', 'sudo-missing'],
    ['opsdeck-bridge: no-socket /run/mysqld/nope.sock\n', 'no-socket'],
    ['opsdeck-bridge: no-tool socat python3 perl\n', 'no-tool'],
    [
      'opsdeck-bridge: socat /run/mysqld/mysqld.sock\n2024/01/01 00:00:00 socat[1] E connect(5, AF=1 "/run/mysqld/mysqld.sock", 25): Connection refused\n',
      'relay-failed',
    ],
  ])('%s → %s', (stderr, problem) => {
    expect(readBridgeStderr(stderr)).toMatchObject({ ok: false, problem });
  });

  it('says nothing about output it does not recognise', () => {
    expect(readBridgeStderr('')).toBeUndefined();
    expect(readBridgeStderr('sudo: unable to resolve host x\n')).toBeUndefined();
  });
});
