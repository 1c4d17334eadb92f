import type { Coordinates } from '../../../contract';
import type { Dialect } from '../../mysql';
import { shellQuote as q } from '../../common/shell';
import { safeAbsolutePath } from '../../command-args';
import { COUNT_MARK } from '../../ssh/remote-process';
import { compressStage, type Compression } from './compression';

/**
 * The shell command on the database host whose stdout is the backup (already compressed), for
 * each kind. The first word after `bash -c` is a comment naming the backup, so `ps` on the host
 * shows which backup a process belongs to (and a test can find exactly that process).
 */
export const marker = (backupId: string) => `: opsdeck-backup ${backupId};`;

/** Print a process's `rchar` as a COUNT_MARK line on stderr (nothing if it is gone). */
const readCount = (pid: string) =>
  `sed -n 's/^rchar: /${COUNT_MARK}/p' /proc/${pid}/io >&2 2>/dev/null`;

/**
 * `source | compressor`, and — when `count` — how many bytes the compressor has read, that is the
 * data's own bytes before compression, on stderr every second and once more at the end (the
 * compressor's `rchar`: the data plus the little it reads itself, e.g. zstd -T0's /proc/cpuinfo;
 * a progress figure, never used to verify):
 * the run's progress then has a total (the data's size), a rate and a time left. The count is the
 * kernel's (`rchar` in /proc/<pid>/io, probed as `proc-io`), so no extra stage copies the stream:
 * a counting `dd` in the pipe cost a copy of every byte and a pipe hop on a host that is busy
 * serving the dump. The compressor runs in a subshell that reaps it and reads its own counter
 * (which then includes the compressor's); the sampler's `sleep` holds none of the channel's pipes,
 * so nothing waits for it once the compressor is done. Uncompressed streams are counted by Opsdeck.
 */
export function compressed(source: string, c: Compression, count: boolean): string {
  if (!count || c === 'none') return `${source}${compressStage(c)}`;
  const sampler = `while kill -0 $z 2>/dev/null && sleep 1 </dev/null >/dev/null 2>&1; do ${readCount('$z')}; done`;
  return (
    `${source} | (${compressStage(c).replace(/^ \| /, ' ')} <&0 & z=$!; ` +
    `( ${sampler} ) </dev/null & s=$!; ` +
    `wait $z; r=$?; ${readCount('$BASHPID')}; kill $s 2>/dev/null; exit $r)`
  );
}

const COUNTS = new RegExp(`${COUNT_MARK}(\\d+)\\n?`, 'g');

/** The highest byte count the compressor reported in `text` (undefined before the first). */
export function lastCopied(text: string): number | undefined {
  let last: number | undefined;
  for (const m of text.matchAll(COUNTS)) last = Math.max(last ?? 0, Number(m[1]));
  return last;
}

/** `text` without the compressor's count lines (the tool's own log). */
export const withoutCounts = (text: string) => text.replace(COUNTS, '');

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
  return `${marker(o.backupId)} ${compressed(dump.replace(/^(\S+)/, '$1 --verbose'), o.compression, o.count ?? false)}`;
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
    compressed(`tar -C ${d} -cf - .`, o.compression, o.count ?? false),
  ].join(' ');
}

export function hotSource(
  dialect: Dialect,
  o: { backupId: string; compression: Compression; count?: boolean },
): string {
  return `${marker(o.backupId)} ${compressed(dialect.hotBackup.backup, o.compression, o.count ?? false)}`;
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
