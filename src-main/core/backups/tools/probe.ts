/** Programs a backup or restore may use; one `command -v` round trip finds them all. */
export const BACKUP_PROGRAMS = [
  'zstd',
  'gzip',
  'tar',
  'mariadb',
  'mysql',
  'mariadb-dump',
  'mysqldump',
  'mydumper',
  'myloader',
  'mariabackup',
  'mbstream',
  'xtrabackup',
  'xbstream',
  'mariadb-binlog',
  'mysqlbinlog',
  'fsfreeze',
  'findmnt',
] as const;

/** `dd-progress`: a dd that counts with status=progress (GNU coreutils ≥ 8.24). */
export const probeCommand = () =>
  `for p in ${BACKUP_PROGRAMS.join(' ')}; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done; ` +
  'dd if=/dev/null of=/dev/null status=progress 2>/dev/null && echo dd-progress; true';

export const parseProbe = (stdout: string) =>
  new Set(
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
