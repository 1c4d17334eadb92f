import { describe, expect, it } from 'vitest';
import { fileKindOf, isCommentLine } from './file-kind';
import { lineEndingsOf, splitLines } from './text-shape';

describe('fileKindOf', () => {
  it.each([
    ['/etc/mysql/my.cnf', 'mysql'],
    ['/etc/mysql/mariadb.conf.d/50-server.cnf', 'mysql'],
    ['/etc/my.cnf', 'mysql'],
    ['/etc/haproxy/haproxy.cfg', 'haproxy'],
    ['/etc/nginx/sites-available/default', 'nginx'],
    ['/etc/ssh/sshd_config', 'sshd'],
    ['/etc/ssh/sshd_config.d/50-cloud-init.conf', 'sshd'],
    ['/etc/default/grub', 'shell'],
    ['/root/.bashrc', 'shell'],
    ['/etc/php/8.2/fpm/php.ini', 'ini'],
    ['/etc/netplan/50-cloud-init.yaml', 'yaml'],
    ['C:\\configs\\my.cnf', 'mysql'],
    ['/etc/hosts', 'text'],
    ['/etc/mysql/tests/haproxy.cfg', 'haproxy'],
  ])('%s is %s', (path, kind) => expect(fileKindOf(path)).toBe(kind));
});

describe('isCommentLine', () => {
  it('knows # and ; per kind', () => {
    expect(isCommentLine('  # x', 'haproxy')).toBe(true);
    expect(isCommentLine('; x', 'mysql')).toBe(true);
    expect(isCommentLine('; x', 'ini')).toBe(true);
    expect(isCommentLine('# x', 'ini')).toBe(false);
    expect(isCommentLine('# x', 'text')).toBe(false);
    expect(isCommentLine('', 'shell')).toBe(false);
  });
});

describe('text shape', () => {
  it('detects line endings', () => {
    expect(lineEndingsOf('a\nb\n')).toBe('lf');
    expect(lineEndingsOf('a\r\nb\r\n')).toBe('crlf');
    expect(lineEndingsOf('a\r\nb\n')).toBe('mixed');
    expect(lineEndingsOf('abc')).toBe('none');
  });
  it('splits lines keeping CR and the final newline flag', () => {
    expect(splitLines('a\r\nb')).toEqual({ lines: ['a\r', 'b'], endsWithNewline: false });
    expect(splitLines('a\n')).toEqual({ lines: ['a'], endsWithNewline: true });
    expect(splitLines('')).toEqual({ lines: [], endsWithNewline: false });
  });
});
