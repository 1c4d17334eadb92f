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

/**
 * `proc-io`: the kernel counts each process's reads (/proc/<pid>/io, Linux task I/O accounting),
 * so the compressor's input can be counted without a stage in the pipe (sources.ts `compressed`).
 */
export const probeCommand = () =>
  `for p in ${BACKUP_PROGRAMS.join(' ')}; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done; ` +
  "grep -q '^rchar:' /proc/self/io 2>/dev/null && echo proc-io; true";

export const parseProbe = (stdout: string) =>
  new Set(
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
