import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canBindMount, inBindMount } from '../../../testing/core/bind-mount';
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
      inPlace: false,
      done: { size: 120, mtimeSec: 1714558500, sha256: 'b'.repeat(64) },
    });
    expect(parseWrite('BACKUP /etc/hosts.bak\nINPLACE\n').inPlace).toBe(true);
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

// Root in a private mount namespace (as the lab and CI run): a bind-mounted file (a container's
// /etc/hosts) cannot be renamed over (EBUSY); the write script then writes it in place.
const mountable = canBindMount('remote-file-scripts test');
describe.runIf(mountable)('write script on a bind-mounted file', () => {
  const state = (path: string) => {
    const data = readFileSync(path);
    const st = statSync(path);
    return `${st.size} ${Math.floor(st.mtimeMs / 1000)} ${createHash('sha256').update(data).digest('hex')}`;
  };
  /** Runs the write script in a new mount namespace where `source` is bind-mounted on `f`. */
  const run = (f: string, source: string, content: string, want: string, bak: string) => {
    const call = scriptCall(
      writeScript(Buffer.from(content).toString('base64')),
      [f, want, bak, 'write', ''],
      false,
    );
    return inBindMount(source, f, call.command, call.stdin);
  };

  it('writes in place after the backup, keeps mode, says INPLACE, leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bind-'));
    try {
      const [f, source, bak] = [
        join(dir, 'hosts'),
        join(dir, 'hosts.source'),
        join(dir, 'hosts.bak'),
      ];
      writeFileSync(f, 'under the mount\n');
      writeFileSync(source, '127.0.0.1 localhost\n');
      chmodSync(source, 0o640);
      const r = run(f, source, '127.0.0.1 localhost\n10.0.0.9 db9\n', state(source), bak);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = parseWrite(r.stdout);
      expect(out).toMatchObject({ backupPath: bak, inPlace: true });
      expect(readFileSync(source, 'utf8')).toBe('127.0.0.1 localhost\n10.0.0.9 db9\n');
      expect(statSync(source).mode & 0o7777).toBe(0o640);
      expect(readFileSync(bak, 'utf8')).toBe('127.0.0.1 localhost\n');
      expect(out.done?.sha256).toBe(state(source).split(' ')[2]);
      expect(readFileSync(f, 'utf8')).toBe('under the mount\n');
      expect(readdirSync(dir).sort()).toEqual(['hosts', 'hosts.bak', 'hosts.source']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses (exit 10) and writes nothing when the file changed since it was read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bind-'));
    try {
      const [f, source, bak] = [
        join(dir, 'hosts'),
        join(dir, 'hosts.source'),
        join(dir, 'hosts.bak'),
      ];
      writeFileSync(f, '');
      writeFileSync(source, 'old\n');
      const stale = state(source);
      writeFileSync(source, 'changed by someone else\n');
      const r = run(f, source, 'mine\n', stale, bak);
      expect(r.status).toBe(10);
      expect(readFileSync(source, 'utf8')).toBe('changed by someone else\n');
      expect(readdirSync(dir).sort()).toEqual(['hosts', 'hosts.source']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
