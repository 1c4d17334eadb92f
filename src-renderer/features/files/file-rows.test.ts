import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../../src-main/contract';
import {
  findByPrefix,
  joinPath,
  localJoin,
  nextSort,
  parentPath,
  visibleEntries,
} from './file-rows';

const e = (name: string, type: FileEntry['type'], size = 0, mtimeMs = 0, targetType?: 'dir') =>
  ({ name, type, size, mtimeMs, ...(targetType ? { targetType } : {}) }) as FileEntry;

const entries = [
  e('b.conf', 'file', 300, 3),
  e('.hidden', 'file', 10, 9),
  e('logs', 'dir', 4096, 1),
  e('a.conf', 'file', 20, 5),
  e('current', 'symlink', 7, 2, 'dir'),
  e('A10.txt', 'file', 5, 4),
  e('a9.txt', 'file', 5, 6),
];

describe('remote paths', () => {
  it('joins and goes up, stopping at /', () => {
    expect(joinPath('/etc', 'mysql')).toBe('/etc/mysql');
    expect(joinPath('/', 'etc')).toBe('/etc');
    expect(parentPath('/etc/mysql')).toBe('/etc');
    expect(parentPath('/etc/mysql/')).toBe('/etc');
    expect(parentPath('/etc')).toBe('/');
    expect(parentPath('/')).toBe('/');
  });

  it('joins local paths with the separator the folder uses', () => {
    expect(localJoin('/home/ana/Downloads', 'my.cnf')).toBe('/home/ana/Downloads/my.cnf');
    expect(localJoin('C:\\Users\\ana\\Downloads', 'my.cnf')).toBe(
      'C:\\Users\\ana\\Downloads\\my.cnf',
    );
  });
});

describe('listing order', () => {
  it('keeps folders (and links to folders) first, names natural, hidden files optional', () => {
    const names = (rows: FileEntry[]) => rows.map((r) => r.name);
    const byName = { column: 'name', dir: 'asc' } as const;
    expect(names(visibleEntries(entries, { sort: byName, showHidden: false }))).toEqual([
      'current',
      'logs',
      'a.conf',
      'a9.txt',
      'A10.txt',
      'b.conf',
    ]);
    expect(
      names(visibleEntries(entries, { sort: { column: 'size', dir: 'desc' }, showHidden: true })),
    ).toEqual(['logs', 'current', 'b.conf', 'a.conf', '.hidden', 'a9.txt', 'A10.txt']);
    expect(
      names(visibleEntries(entries, { sort: { column: 'mtime', dir: 'asc' }, showHidden: false })),
    ).toEqual(['logs', 'current', 'b.conf', 'A10.txt', 'a.conf', 'a9.txt']);
  });

  it('toggles direction on the same column; size and date start descending', () => {
    expect(nextSort({ column: 'name', dir: 'asc' }, 'name')).toEqual({
      column: 'name',
      dir: 'desc',
    });
    expect(nextSort({ column: 'name', dir: 'asc' }, 'size')).toEqual({
      column: 'size',
      dir: 'desc',
    });
    expect(nextSort({ column: 'size', dir: 'desc' }, 'name')).toEqual({
      column: 'name',
      dir: 'asc',
    });
  });

  it('type-ahead finds the next name with a prefix, wrapping around', () => {
    const rows = visibleEntries(entries, {
      sort: { column: 'name', dir: 'asc' },
      showHidden: false,
    });
    expect(findByPrefix(rows, 'a', -1)?.name).toBe('a.conf');
    expect(findByPrefix(rows, 'a', 2)?.name).toBe('a9.txt');
    expect(findByPrefix(rows, 'c', 3)?.name).toBe('current');
    expect(findByPrefix(rows, 'zz', 0)).toBeUndefined();
  });
});
