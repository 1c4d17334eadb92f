import { describe, expect, it } from 'vitest';
import { entryType, permissionString } from './file-mode';

describe('file modes', () => {
  it('names the entry type from st_mode', () => {
    expect(entryType(0o040755)).toBe('dir');
    expect(entryType(0o100644)).toBe('file');
    expect(entryType(0o120777)).toBe('symlink');
    expect(entryType(0o020620)).toBe('other'); // character device
    expect(entryType(0o644)).toBe('other'); // no type bits
  });

  it('writes permissions as ls -l does, special bits included', () => {
    expect(permissionString(0o040755)).toBe('drwxr-xr-x');
    expect(permissionString(0o100640)).toBe('-rw-r-----');
    expect(permissionString(0o120777)).toBe('lrwxrwxrwx');
    expect(permissionString(0o104755)).toBe('-rwsr-xr-x');
    expect(permissionString(0o104644)).toBe('-rwSr--r--');
    expect(permissionString(0o102750)).toBe('-rwxr-s---');
    expect(permissionString(0o041777)).toBe('drwxrwxrwt');
    expect(permissionString(0o041776)).toBe('drwxrwxrwT');
    expect(permissionString(0o010600)).toBe('prw-------');
    expect(permissionString(0o000000)).toBe('?---------');
  });
});
