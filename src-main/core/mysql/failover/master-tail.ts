import type { Host, MasterTail, ServerFacts } from '../../../contract';
import { shellQuote } from '../../common/shell';
import { asRootBash } from '../../ssh/privilege';
import { formatMariaGtids, parseMariaGtids, positionByDomain } from '../gtid/mariadb-gtid';
import { formatGtidSet, parseGtidSet, unionGtid } from '../gtid/mysql-gtid-set';

/**
 * What a dead master had, read from its own binary log over SSH (its mysqld is down, its host is
 * not): the last GTID per domain (MariaDB) or the GTIDs of its last binlog files (MySQL). The files
 * are found from @@log_bin_basename of its last probe, else its profile's data dir.
 */
export function masterTailCommand(host: Host, facts: Partial<ServerFacts> | undefined): string {
  const basename =
    facts?.logBinBasename ||
    `${(host.profile.mysqlDataDir ?? facts?.datadir ?? '/var/lib/mysql').replace(/\/$/, '')}/${facts?.flavor === 'mariadb' || host.profile.mysqlFlavor === 'mariadb' ? 'mysql-bin' : 'binlog'}`;
  const mariadb = (facts?.flavor ?? host.profile.mysqlFlavor) === 'mariadb';
  // The last two files of the index (the newest may have just been rotated and hold nothing yet).
  const files = [
    `b=${shellQuote(basename)}; d=$(dirname "$b")`,
    '[ -r "$b.index" ] || { echo "no binlog index $b.index" >&2; exit 3; }',
    'files=$(tail -n 2 "$b.index" | while read -r f; do echo "$d/$(basename "$f")"; done)',
  ];
  const tool = mariadb
    ? 'if command -v mariadb-binlog >/dev/null 2>&1; then t=mariadb-binlog; else t=mysqlbinlog; fi'
    : 't=mysqlbinlog';
  // Each file is read on its own and its reader's status, the file's size and the reader's last
  // words are reported, not piped away: the reader stops at the first file it cannot read to the
  // end, and only a truncated last event of the newest file is what a crash leaves behind
  // (see parseMasterTail). Checksums are verified (off by default), so a corrupt event stops it.
  const filter = mariadb
    ? // "GTID 0-1-123": keep the highest per domain.
      `grep -oE 'GTID [0-9]+-[0-9]+-[0-9]+' | awk '{split($2,a,"-"); if (!(a[1] in m) || a[3]+0 > m[a[1]]+0) {m[a[1]]=a[3]; g[a[1]]=$2}} END {for (d in g) print g[d]}'`
    : // SET @@SESSION.GTID_NEXT= 'uuid:n': lowest and highest per source.
      `grep -oE "GTID_NEXT= '[^']+'" | sed -E "s/GTID_NEXT= '([^']+)'/\\1/" | awk -F: '{n=$NF+0; u=$1; if (!(u in lo) || n < lo[u]) lo[u]=n; if (n > hi[u]) hi[u]=n} END {for (u in lo) print u":"lo[u]"-"hi[u]}'`;
  // The reader's stderr is kept in memory, not in a temp file: a dying host's /tmp may be full or
  // read-only, and that must not cost the read. Its stdout goes through the filter to fd 4 (the
  // script's stdout); its stderr, then its status as `@@rc <n>`, into `w` (the last 300 bytes).
  const scan = [
    'exec 4>&1',
    'n=$(printf "%s\\n" $files | grep -c .); i=0',
    'for f in $files; do',
    '  i=$((i+1))',
    `  w=$( { { "$t" --no-defaults --verify-binlog-checksum "$f" 2>&3 3>&-; echo "@@rc $?" >&3; } | ${filter} >&4 4>&-; } 3>&1 | tail -c 300 )`,
    '  s=${w##*@@rc }; w=${w%@@rc *}',
    `  echo "${READER_MARK}$i $n $s $(stat -c %s "$f" 2>/dev/null || echo -) $(printf '%s' "$w" | tr '\\n' ' ')"`,
    '  [ "$s" = 0 ] || break',
    'done',
  ];
  // bash for the ${w##…} and $(( )) forms everywhere (asRoot's sh is dash on Debian).
  return asRootBash(host, [...files, tool, ...scan].join('\n'));
}

/** Per file read: `<i> <files> <status> <size> <last words>`, one line each. */
const READER_MARK = '@@opsdeck-binlog-reader ';

/** A file's read stopped at an event cut short: what a crash leaves at the end of the newest file. */
const TRUNCATED = /event truncated|'read error'|could not read entry at offset/i;
/** Anything else the reader can stop at: corrupt, unknown or unreadable — a gap of unknown size. */
const OTHER_ERROR =
  /crc|invalid event|sanity check|unknown event|not supported|too big|out of memory|could not open|not found|errcode|permission denied|no such file/i;

interface FileRead {
  index: number;
  files: number;
  status: number;
  size: number | undefined;
  words: string;
}

function fileReads(lines: readonly string[]): FileRead[] {
  return lines.flatMap((l) => {
    const m = /^(\d+) (\d+) (\d+) (\d+|-) ?(.*)$/.exec(l.slice(READER_MARK.length));
    if (!m) return [];
    const [, index = '', files = '', status = '', size = '', words = ''] = m;
    return [
      {
        index: Number(index),
        files: Number(files),
        status: Number(status),
        size: size === '-' ? undefined : Number(size),
        words,
      },
    ];
  });
}

/**
 * Whether the newest file's read stopped at a truncated last event: the reader's message says so,
 * names no other error, and where it gives the event's offset (and length), the event starts
 * inside the file (and runs past its end).
 */
function truncatedAtEnd(read: FileRead): boolean {
  if (!TRUNCATED.test(read.words) || OTHER_ERROR.test(read.words)) return false;
  const offset = /offset:? (\d+)/i.exec(read.words)?.[1];
  const length = /data_len:? (\d+)/i.exec(read.words)?.[1];
  if (offset === undefined || read.size === undefined) return true;
  if (Number(offset) > read.size) return false;
  return length === undefined || Number(offset) + Number(length) > read.size;
}

/**
 * Fail closed: the tail is exact only when every file was read to its end, or all were and the
 * newest stopped at a truncated last event. An error anywhere else (an older file, a corrupt or
 * unknown event, a file it could not open, a missing report) leaves a gap of unknown size.
 */
function readCompletely(reads: readonly FileRead[]): boolean {
  const files = reads[0]?.files ?? 0;
  if (files < 1 || reads.length !== files) return false;
  return reads.every(
    (r, i) =>
      r.index === i + 1 &&
      r.files === files &&
      (r.status === 0 || (i === files - 1 && truncatedAtEnd(r))),
  );
}

/** The scan's output, merged with what the last probe knew. */
export function parseMasterTail(
  stdout: string,
  lastKnownExecuted: string | undefined,
  flavor: string | undefined,
  readAt: Date,
): MasterTail | undefined {
  const all = stdout.trim().split('\n').filter(Boolean);
  const lines = all.filter((l) => !l.startsWith(READER_MARK));
  const reads = fileReads(all.filter((l) => l.startsWith(READER_MARK)));
  // Read to its end, or to a truncated last event: exact. With a gap: at least what was read.
  const exact = lines.length > 0 && readCompletely(reads);
  if (!lines.length && !lastKnownExecuted) return undefined;
  const executed =
    flavor === 'mariadb'
      ? formatMariaGtids([
          ...positionByDomain(
            parseMariaGtids(`${lastKnownExecuted ?? ''},${lines.join(',')}`),
          ).values(),
        ])
      : formatGtidSet(
          unionGtid(parseGtidSet(lastKnownExecuted ?? ''), parseGtidSet(lines.join(','))),
        );
  return {
    source: exact ? 'binlog-over-ssh' : 'last-probe',
    executed,
    readAt: readAt.toISOString(),
  };
}
