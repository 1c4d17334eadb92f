import type { FileEntryType } from '../../contract';

/** File-type bits of st_mode (POSIX). */
const S_IFMT = 0o170000;
const TYPES: Record<number, { type: FileEntryType; char: string }> = {
  0o040000: { type: 'dir', char: 'd' },
  0o100000: { type: 'file', char: '-' },
  0o120000: { type: 'symlink', char: 'l' },
  0o020000: { type: 'other', char: 'c' },
  0o060000: { type: 'other', char: 'b' },
  0o010000: { type: 'other', char: 'p' },
  0o140000: { type: 'other', char: 's' },
};

export function entryType(mode: number): FileEntryType {
  return TYPES[mode & S_IFMT]?.type ?? 'other';
}

/** `ls -l` permissions: `drwxr-xr-x`, `-rwsr-xr-x` (setuid), `drwxrwxrwt` (sticky), `-rwS------`. */
export function permissionString(mode: number): string {
  const triplet = (bits: number, special: boolean, on: string, off: string) =>
    (bits & 4 ? 'r' : '-') +
    (bits & 2 ? 'w' : '-') +
    (special ? (bits & 1 ? on : off) : bits & 1 ? 'x' : '-');
  return (
    (TYPES[mode & S_IFMT]?.char ?? '?') +
    triplet((mode >> 6) & 7, (mode & 0o4000) !== 0, 's', 'S') +
    triplet((mode >> 3) & 7, (mode & 0o2000) !== 0, 's', 'S') +
    triplet(mode & 7, (mode & 0o1000) !== 0, 't', 'T')
  );
}
