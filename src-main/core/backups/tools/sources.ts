import type { Coordinates } from '../../../contract';
import type { Dialect } from '../../mysql';
import { shellQuote as q } from '../../common/shell';
import { safeAbsolutePath } from '../../command-args';
import { compressStage, type Compression } from './compression';

/**
 * The shell command on the database host whose stdout is the backup (already compressed), for
 * each kind. The first word after `bash -c` is a comment naming the backup, so `ps` on the host
 * shows which backup a process belongs to (and a test can find exactly that process).
 */
export const marker = (backupId: string) => `: opsdeck-backup ${backupId};`;

/**
 * A stage that counts the bytes before compression and prints the count on stderr every second
 * (GNU dd ≥ 8.24, probed as `dd-progress`): the run's progress is then in the data's own bytes,
 * comparable with the data's size, so it has a rate and a time left. '' when not wanted.
 */
export const countStage = (count: boolean) =>
  count ? ' | dd bs=1M iflag=fullblock status=progress' : '';

/** The last byte count dd printed in `text` (its progress lines and its final summary). */
export function lastCopied(text: string): number | undefined {
  let last: number | undefined;
  for (const m of text.matchAll(/(\d+) bytes \(/g)) last = Number(m[1]);
  return last;
}

export function dumpSource(
  dialect: Dialect,
  o: {
    backupId: string;
    databases: readonly string[];
    binlog: boolean;
    compression: Compression;
    count?: boolean;
  },
): string {
  const dump = dialect.dumpCommand({
    databases: o.databases,
    gtid: o.binlog,
    coordinates: o.binlog,
  });
  // --verbose: its progress lines on stderr tell when the dump holds its snapshot (DUMP_SNAPSHOT_TAKEN).
  return `${marker(o.backupId)} ${dump.replace(/^(\S+)/, '$1 --verbose')}${countStage(o.count ?? false)}${compressStage(o.compression)}`;
}

/**
 * mariadb-dump / mysqldump --verbose say this once the consistent snapshot is open (and the
 * coordinates read): the read lock may go. The output stream itself is compressed, so its
 * comment lines cannot be watched.
 */
export const DUMP_SNAPSHOT_TAKEN =
  /^-- (Setting savepoint|Retrieving table structure|Disconnecting)/m;

/** Escape a database name for mydumper's --regex. */
const reEscape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * mydumper writes a folder: dump into a staging folder beside the data dir with N threads, print
 * its metadata (coordinates) on stderr, stream the folder as a tar, remove the folder.
 */
export function mydumperSource(o: {
  backupId: string;
  staging: string;
  databases: readonly string[];
  threads: number;
  compression: Compression;
  count?: boolean;
}): string {
  const d = q(safeAbsolutePath(o.staging, 'mydumper staging folder'));
  const regex = `^(${o.databases.map(reEscape).join('|')})\\.`;
  return [
    `${marker(o.backupId)} trap "rm -rf ${d}" EXIT;`,
    `mkdir -p ${d} &&`,
    `mydumper -o ${d} -t ${o.threads} --trx-consistency-only -G -E -R -v 3 --regex ${q(regex)} >&2 &&`,
    `{ echo '@@opsdeck-metadata-begin' >&2; cat ${d}/metadata >&2; echo '@@opsdeck-metadata-end' >&2; } &&`,
    `tar -C ${d} -cf - .${countStage(o.count ?? false)}${compressStage(o.compression)}`,
  ].join(' ');
}

export function hotSource(
  dialect: Dialect,
  o: { backupId: string; compression: Compression; count?: boolean },
): string {
  return `${marker(o.backupId)} ${dialect.hotBackup.backup}${countStage(o.count ?? false)}${compressStage(o.compression)}`;
}

/** mydumper's metadata file: `Log:`, `Pos:`, `GTID:` under SHOW MASTER STATUS. */
export function parseMydumperMetadata(text: string): Coordinates {
  const block = /@@opsdeck-metadata-begin([\s\S]*?)@@opsdeck-metadata-end/.exec(text)?.[1] ?? text;
  const master =
    /SHOW MASTER STATUS:([\s\S]*?)(?:\n\s*\n|SHOW SLAVE|Finished)/.exec(block)?.[1] ?? '';
  const file = /Log:\s*(\S+)/.exec(master)?.[1];
  const pos = /Pos:\s*(\d+)/.exec(master)?.[1];
  const gtid = /GTID:\s*(\S*)/.exec(master)?.[1];
  return {
    ...(file ? { file } : {}),
    ...(pos ? { position: Number(pos) } : {}),
    ...(gtid ? { gtid: gtid.replace(/\s+/g, '') } : {}),
  };
}

/** mariabackup / xtrabackup log: `MySQL binlog position: filename 'f', position 'p', GTID of the last change 'g'`. */
export function parseHotBackupLog(text: string): Coordinates {
  const m =
    /binlog position: filename '([^']+)', position '(\d+)'(?:, GTID of the last change '([^']*)')?/.exec(
      text,
    );
  if (!m) return {};
  return {
    file: m[1] as string,
    position: Number(m[2]),
    ...(m[3] ? { gtid: m[3].replace(/\s+/g, '') } : {}),
  };
}

/** mydumper logs this once every thread holds its consistent snapshot (the lock may go). */
export const MYDUMPER_SNAPSHOT_TAKEN = /Transactions started, unlocking tables/;
