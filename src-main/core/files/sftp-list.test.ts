import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../contract';
import { compareEntries, ownerNames } from './sftp-list';

const entry = (name: string, type: FileEntry['type'], targetType?: FileEntry['targetType']) =>
  ({ name, type, ...(targetType ? { targetType } : {}) }) as FileEntry;

describe('ownerNames', () => {
  it('reads owner and group from an OpenSSH longname', () => {
    const line = '-rw-r-----    1 mysql    adm            21 Nov 23 14:00 my.cnf';
    expect(ownerNames(line, 21, 27, 4)).toEqual({ owner: 'mysql', group: 'adm' });
  });

  it('keeps long names whole (OpenSSH pads to 8 but never truncates)', () => {
    const line = 'drwxr-xr-x    2 deployment-bot operations-team     4096 Jan  2  2024 releases';
    expect(ownerNames(line, 4096, 1001, 1002)).toEqual({
      owner: 'deployment-bot',
      group: 'operations-team',
    });
  });

  it('drops bare ids and refuses lines whose size does not match', () => {
    const line = '-rw-r--r--    1 1001     adm             5 Nov 23 14:00 a.txt';
    expect(ownerNames(line, 5, 1001, 4)).toEqual({ group: 'adm' });
    expect(ownerNames(line, 6, 1001, 4)).toEqual({});
    expect(ownerNames('a.txt', 5, 1001, 4)).toEqual({});
  });
});

describe('compareEntries', () => {
  it('puts directories and links to directories first, then sorts names naturally', () => {
    const list = [
      entry('b.txt', 'file'),
      entry('log10', 'dir'),
      entry('A.txt', 'file'),
      entry('current', 'symlink', 'dir'),
      entry('log9', 'dir'),
      entry('dangling', 'symlink', 'missing'),
    ].sort(compareEntries);
    expect(list.map((e) => e.name)).toEqual([
      'current',
      'log9',
      'log10',
      'A.txt',
      'b.txt',
      'dangling',
    ]);
  });
});
