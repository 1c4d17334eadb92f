import { describe, expect, it } from 'vitest';
import { backupName } from './atomic-write';
import { etagOf } from './etag';

describe('etagOf', () => {
  const content = Buffer.from('port = 3306\n');
  const meta = { size: content.length, mtimeMs: 1_700_000_000_000 };

  it('is stable for the same size, mtime and content', () => {
    expect(etagOf(meta, content)).toBe(etagOf({ ...meta }, Buffer.from('port = 3306\n')));
    expect(etagOf(meta, content)).toMatch(/^12-1700000000-[0-9a-f]{64}$/);
  });

  it('changes with mtime, size or content — even a same-size edit within the same second', () => {
    const base = etagOf(meta, content);
    expect(etagOf({ ...meta, mtimeMs: meta.mtimeMs + 1000 }, content)).not.toBe(base);
    expect(etagOf({ ...meta, size: 13 }, content)).not.toBe(base);
    expect(etagOf(meta, Buffer.from('port = 3307\n'))).not.toBe(base);
    // Sub-second mtime noise (SFTP v3 has whole seconds) does not matter.
    expect(etagOf({ ...meta, mtimeMs: meta.mtimeMs + 400 }, content)).toBe(base);
  });
});

describe('backupName', () => {
  it('is <path>.opsdeck-YYYYmmdd-HHMMSS.bak in UTC, numbered when taken', () => {
    const at = new Date('2025-03-04T05:06:07.890Z');
    expect(backupName('/etc/mysql/my.cnf', at)).toBe(
      '/etc/mysql/my.cnf.opsdeck-20250304-050607.bak',
    );
    expect(backupName('/etc/mysql/my.cnf', at, 2)).toBe(
      '/etc/mysql/my.cnf.opsdeck-20250304-050607-2.bak',
    );
  });
});
