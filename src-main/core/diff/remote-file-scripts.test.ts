import { describe, expect, it } from 'vitest';
import { statusOfFailure } from './drift';
import { expectedState, parseRead, parseWrite, writeScript } from './remote-file-scripts';
import { scriptCall } from './remote-file';

describe('remote file scripts', () => {
  it('turn an etag into the state the write script expects', () => {
    const sha = 'a'.repeat(64);
    expect(expectedState(`21-1700000000-${sha}`)).toBe(`21 1700000000 ${sha}`);
    expect(expectedState(null)).toBe('absent');
    expect(expectedState('garbage')).toBe('unknown-etag');
  });

  it('parse what the read script prints: content, missing, not a file, too large', () => {
    const data = Buffer.from('[mysqld]\nport = 3306\n');
    expect(
      parseRead(`OK 21 1700000000 640 1 2 /etc/my file.cnf\n${data.toString('base64')}\n`),
    ).toEqual({
      kind: 'ok',
      size: 21,
      mtimeSec: 1700000000,
      mode: 0o640,
      uid: 1,
      gid: 2,
      path: '/etc/my file.cnf',
      data,
    });
    expect(parseRead('MISSING /etc/x\n')).toEqual({ kind: 'missing', path: '/etc/x' });
    expect(parseRead('NOTFILE /etc\n')).toEqual({ kind: 'not-file', path: '/etc' });
    expect(parseRead('TOOLARGE 99999999 /var/log/x\n')).toEqual({
      kind: 'too-large',
      size: 99999999,
      path: '/var/log/x',
    });
    expect(parseRead('sudo: a password is required\n')).toBeUndefined();
  });

  it('parse the write script’s validation output, backup and new version', () => {
    const out = parseWrite(
      `VALIDATE 0 ${Buffer.from('Configuration file is valid').toString('base64')}\n` +
        'BACKUP /etc/haproxy/haproxy.cfg.opsdeck-20240501-101500.bak\n' +
        `DONE 120 1714558500 ${'b'.repeat(64)}\n`,
    );
    expect(out).toEqual({
      validation: { exitCode: 0, output: 'Configuration file is valid' },
      backupPath: '/etc/haproxy/haproxy.cfg.opsdeck-20240501-101500.bak',
      done: { size: 120, mtimeSec: 1714558500, sha256: 'b'.repeat(64) },
    });
    expect(parseWrite('BACKUP \n').backupPath).toBeNull();
  });

  it('send the script on stdin and only the arguments on the command line', () => {
    const call = scriptCall(
      writeScript(Buffer.from('x').toString('base64')),
      ['/etc/a b', 'absent'],
      true,
    );
    expect(call.command).toBe("sudo -n sh -s -- '/etc/a b' 'absent'");
    expect(call.stdin).toMatch(/<<'OPSDECK_CONTENT' .*\neA==\nOPSDECK_CONTENT\n/);
  });
});

describe('drift status of a read failure', () => {
  it.each([
    ['SSH_REFUSED', 'unreachable'],
    ['HOST_KEY_CHANGED', 'unreachable'],
    ['TIMEOUT', 'unreachable'],
    ['PERMISSION_DENIED', 'denied'],
    ['SUDO_PASSWORD_REQUIRED', 'denied'],
    ['FILE_BINARY', 'binary'],
    ['FILE_TOO_LARGE', 'too-large'],
    ['INTERNAL', 'error'],
  ])('%s → %s', (code, status) => expect(statusOfFailure(code)).toBe(status));
});
