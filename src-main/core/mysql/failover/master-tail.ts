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
  // The reader's status and its last words are reported, not piped away: a crashed master's
  // truncated last event makes it exit non-zero after useful output, while an unreadable or
  // missing file makes it exit non-zero with a gap (see parseMasterTail).
  const filter = mariadb
    ? // "GTID 0-1-123": keep the highest per domain.
      `grep -oE 'GTID [0-9]+-[0-9]+-[0-9]+' | awk '{split($2,a,"-"); if (!(a[1] in m) || a[3]+0 > m[a[1]]+0) {m[a[1]]=a[3]; g[a[1]]=$2}} END {for (d in g) print g[d]}'`
    : // SET @@SESSION.GTID_NEXT= 'uuid:n': lowest and highest per source.
      `grep -oE "GTID_NEXT= '[^']+'" | sed -E "s/GTID_NEXT= '([^']+)'/\\1/" | awk -F: '{n=$NF+0; u=$1; if (!(u in lo) || n < lo[u]) lo[u]=n; if (n > hi[u]) hi[u]=n} END {for (u in lo) print u":"lo[u]"-"hi[u]}'`;
  const scan = [
    'e=$(mktemp) || exit 3',
    `"$t" --no-defaults $files 2>"$e" | ${filter}`,
    `s=\${PIPESTATUS[0]}`,
    `echo "${READER_MARK}$s $(tail -c 300 "$e" | tr '\\n' ' ')"`,
    'rm -f "$e"',
  ];
  // bash for PIPESTATUS (asRoot's sh is dash on Debian).
  return asRootBash(host, [...files, tool, ...scan].join('\n'));
}

/** The binlog reader's exit status and last words, on the scan's last line. */
const READER_MARK = '@@opsdeck-binlog-reader ';

/**
 * Whether the reader's failure left a gap: it could not open or find a file (what it read is a
 * lower bound), rather than stopping at a truncated last event (what a crashed master leaves; all
 * before it was read).
 */
const LEFT_GAP = /could not open|not found|errcode|permission denied|no such file/i;

/** The scan's output, merged with what the last probe knew. */
export function parseMasterTail(
  stdout: string,
  lastKnownExecuted: string | undefined,
  flavor: string | undefined,
  readAt: Date,
): MasterTail | undefined {
  const all = stdout.trim().split('\n').filter(Boolean);
  const lines = all.filter((l) => !l.startsWith(READER_MARK));
  const reader = all.find((l) => l.startsWith(READER_MARK))?.slice(READER_MARK.length) ?? '0';
  // Read to its end, or to a truncated last event: exact. With a gap: at least what was read.
  const exact = lines.length > 0 && (/^0\b/.test(reader) || !LEFT_GAP.test(reader));
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
