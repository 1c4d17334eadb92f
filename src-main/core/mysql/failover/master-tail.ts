import type { Host, MasterTail, ServerFacts } from '../../../contract';
import { shellQuote } from '../../common/shell';
import { asRoot } from '../../workflows/prepare-disks/remote';
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
  const scan = mariadb
    ? // "GTID 0-1-123": keep the highest per domain.
      `"$t" --no-defaults $files 2>/dev/null | grep -oE 'GTID [0-9]+-[0-9]+-[0-9]+' | awk '{split($2,a,"-"); if (!(a[1] in m) || a[3]+0 > m[a[1]]+0) {m[a[1]]=a[3]; g[a[1]]=$2}} END {for (d in g) print g[d]}'`
    : // SET @@SESSION.GTID_NEXT= 'uuid:n': lowest and highest per source.
      `"$t" --no-defaults $files 2>/dev/null | grep -oE "GTID_NEXT= '[^']+'" | sed -E "s/GTID_NEXT= '([^']+)'/\\1/" | awk -F: '{n=$NF+0; u=$1; if (!(u in lo) || n < lo[u]) lo[u]=n; if (n > hi[u]) hi[u]=n} END {for (u in lo) print u":"lo[u]"-"hi[u]}'`;
  return asRoot(host, [...files, tool, scan].join('\n'));
}

/** The scan's output, merged with what the last probe knew. */
export function parseMasterTail(
  stdout: string,
  lastKnownExecuted: string | undefined,
  flavor: string | undefined,
  readAt: Date,
): MasterTail | undefined {
  const lines = stdout.trim().split('\n').filter(Boolean);
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
    source: lines.length ? 'binlog-over-ssh' : 'last-probe',
    executed,
    readAt: readAt.toISOString(),
  };
}
