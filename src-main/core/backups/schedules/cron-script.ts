import { OpsdeckError, type CronPlan, type Retention, type Schedule } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import type { Dialect } from '../../mysql';
import { parseDestination } from '../destinations/url';
import { compressionSuffix, decompressCommand, type Compression } from '../tools/compression';
import { dumpSource, hotSource } from '../tools/sources';
import { cronFields } from './next-run';

/** The tag on the crontab line: how Opsdeck finds (and removes) exactly its own line. */
export const cronTag = (scheduleId: string) => `# opsdeck-schedule:${scheduleId}`;

export const scriptPath = (s: Pick<Schedule, 'name'>) =>
  `/usr/local/sbin/opsdeck-backup-${s.name.replace(/[^A-Za-z0-9_-]/g, '_')}.sh`;

/** Same rule as applyRetention: the newest backup of each of the N newest days / ISO weeks / months. */
function retentionScript(dir: string, pattern: string, r: Retention): string {
  return [
    `ls -1 ${dir} | grep -E '^[0-9]{8}T[0-9]{6}Z-.*${pattern}$' | sort -r | awk -v d=${r.daily} -v w=${r.weekly} -v m=${r.monthly} '`,
    `{ day = substr($0, 1, 8); mon = substr($0, 1, 6); c = "date -d " day " +%G%V"; c | getline wk; close(c); keep = (NR == 1)`,
    `  if (!(day in D) && nd < d) { D[day] = 1; nd++; keep = 1 }`,
    `  if (!(wk in W) && nw < w) { W[wk] = 1; nw++; keep = 1 }`,
    `  if (!(mon in M) && nm < m) { M[mon] = 1; nm++; keep = 1 }`,
    `  if (!keep) print }' | while read -r f; do rm -f ${dir}/"$f" ${dir}/"$f".json; done`,
  ].join('\n');
}

/**
 * Rows per table, counted in the dump itself (so they are exactly the backup's, at its
 * consistent point): `USE` names the database, "Dumping data for table" lists a table (empty ones
 * too), each INSERT adds its row tuples — counted as "),(" separators once every quoted string
 * (with its backslash escapes) is taken out, on one line (mysqldump) or a row per line
 * (mariadb-dump 10.11+, "VALUES" then "(…)," lines up to ");"). Strings never span lines. Prints the
 * catalog's tables as JSON: [{"table":"db.t","rows":N}, …]. perl-base is on every Debian/RHEL host.
 */
export const DUMP_ROW_COUNTER = `perl -ne '${String.raw`
  if (/^USE \x60((?:[^\x60]|\x60\x60)+)\x60;/) { ($d = $1) =~ s/\x60\x60/\x60/g }
  elsif (/^-- Dumping data for table \x60((?:[^\x60]|\x60\x60)+)\x60/) { ($t = $1) =~ s/\x60\x60/\x60/g; $c{"$d.$t"} //= 0 }
  elsif (s/^INSERT INTO \x60((?:[^\x60]|\x60\x60)+)\x60 VALUES//) { ($t = $1) =~ s/\x60\x60/\x60/g; $k = "$d.$t"; $c{$k}++; $in = 1 }
  if ($in) { s/\x27(?:[^\x27\\]|\\.)*\x27//g; $c{$k} += () = /\),\s*\(/g; $c{$k}++ if /\),\s*$/; $in = 0 if /\);\s*$/ }
  END { print "[", join(",", map { (my $j = $_) =~ s/(["\\])/\\$1/g; "{\"table\":\"$j\",\"rows\":$c{$_}}" } sort keys %c), "]" }`
  .trim()
  .replace(/\s*\n\s*/g, ' ')}'`;

/**
 * A self-contained backup script for cron on the database host itself, writing into a folder
 * there (the schedule's ssh://<host>/path destination): the same dump / hot-backup command as
 * Opsdeck runs, into a partial file renamed only on success, a sha256, a JSON manifest beside
 * the file (imported into the catalog by `backups.importCron`: size, sha256, coordinates and, for
 * dumps, the rows per table counted in the dump), and the retention policy.
 */
export function cronScript(
  s: Pick<Schedule, 'id' | 'name' | 'hostName' | 'kind' | 'to' | 'retention' | 'when'>,
  o: { dialect: Dialect; databases: readonly string[]; binlog: boolean; compression: Compression },
): CronPlan {
  if (s.kind === 'snapshot')
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'Snapshot sets need the EC2 API: they are scheduled in Opsdeck, not in cron.',
      'Choose runner opsdeck for snapshot sets.',
    );
  const dest = s.to ? parseDestination(s.to) : undefined;
  if (!dest || dest.kind !== 'ssh' || dest.host !== s.hostName)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `A cron schedule on ${s.hostName} writes to a folder on ${s.hostName} itself: its destination must be ssh://${s.hostName}/path.`,
      'Pick a folder on the host (a local disk or an NFS mount), or let Opsdeck run the schedule.',
    );
  const tool =
    s.kind === 'hot'
      ? o.dialect.hotBackup.name
      : o.dialect.flavor === 'mariadb'
        ? 'mariadb-dump'
        : 'mysqldump';
  const ext = `${s.kind === 'hot' ? '.xbstream' : '.sql'}${compressionSuffix(o.compression)}`;
  const dir = `${dest.path}/${s.hostName}`;
  const d = q(dir);
  const source =
    s.kind === 'hot'
      ? hotSource(o.dialect, { backupId: '"$id"', compression: o.compression })
      : dumpSource(o.dialect, {
          backupId: '"$id"',
          databases: o.databases,
          binlog: o.binlog,
          compression: o.compression,
        });
  const coords =
    s.kind === 'hot'
      ? `coords=$(grep -o "binlog position: filename '[^']*', position '[0-9]*'\\(, GTID of the last change '[^']*'\\)\\?" "$log" | tail -n 1 || true)`
      : `coords=$(${decompressCommand(o.compression)} "$file" | head -c 65536 | grep -m 2 -E '^-- (CHANGE MASTER TO MASTER_LOG_FILE|SET GLOBAL gtid_slave_pos)' | tr '\\n' ' ' || true)`;
  const check =
    s.kind === 'hot'
      ? `grep -q 'completed OK!' "$log"`
      : `${decompressCommand(o.compression)} "$file.partial" | tail -c 4096 | grep -q '^-- Dump completed'`;
  // Dumps: the rows of each table as the dump holds them; hot backups have no counts (as in Opsdeck).
  const tables =
    s.kind === 'hot'
      ? 'tables="[]"'
      : `tables="$(${decompressCommand(o.compression)} "$file" | ${DUMP_ROW_COUNTER})"`;
  const script = [
    '#!/bin/bash',
    `# Opsdeck backup schedule "${s.name}" (${s.id}): ${s.kind} of ${s.hostName} into ${dir}.`,
    '# Generated by Opsdeck; change the schedule in Opsdeck and reinstall rather than editing this.',
    'set -euo pipefail',
    'umask 077',
    `mkdir -p ${d}`,
    'id="$(date -u +%Y%m%dT%H%M%SZ)-' + s.hostName + '-cron"',
    `file=${d}/"$id-${tool}${ext}"`,
    'log="$file.log"',
    'started="$(date -u +%FT%TZ)"',
    // A failed run leaves no partial file; its tool's log goes to cron's log, not beside the backups.
    'trap \'rm -f "$file.partial"; if [ -f "$log" ]; then cat "$log" >&2; rm -f "$log"; fi\' EXIT',
    `${source.replace(`: opsdeck-backup "$id";`, ': opsdeck-backup "$id";')} > "$file.partial" 2> "$log"`,
    check,
    'sum="$(sha256sum "$file.partial" | cut -d " " -f 1)"',
    'size="$(stat -c %s "$file.partial")"',
    'mv "$file.partial" "$file"',
    coords,
    tables,
    // The manifest is written last, beside the file, through a partial name: a manifest means a whole backup.
    `printf '{"id":"%s","file":"%s","kind":"${s.kind}","tool":"${tool}","host":"${s.hostName}","schedule":"${s.id}","compression":"${o.compression}","startedAt":"%s","finishedAt":"%s","bytes":%s,"sha256":"%s","coordinates":"%s","tables":%s}\\n' "$id" "$(basename "$file")" "$started" "$(date -u +%FT%TZ)" "$size" "$sum" "$(echo "$coords" | sed 's/["\\\\]/ /g')" "$tables" > "$file.json.partial"`,
    'mv "$file.json.partial" "$file.json"',
    'rm -f "$log"',
    retentionScript(d, `${tool}${ext.replace(/\./g, '\\.')}`, s.retention),
    '',
  ].join('\n');
  const path = scriptPath(s);
  return {
    host: s.hostName,
    script,
    scriptPath: path,
    line: `${cronFields(s.when)} ${path} >> /var/log/opsdeck-backup.log 2>&1 ${cronTag(s.id)}`,
    crontabBackup: `/var/backups/crontab.root.opsdeck-<time>`,
  };
}

/** Root's crontab copied to `backup` (`$kept`), never over an earlier copy made the same second. */
const keepCrontab = (backup: string) => [
  `mkdir -p /var/backups && kept=${q(backup)} && n=1`,
  'while [ -e "$kept" ]; do kept=' + q(backup) + '.$n; n=$((n + 1)); done',
  '(crontab -l 2>/dev/null || true) > "$kept"',
];

/** Commands that install the cron entry (root's crontab; a backup copy is kept first). */
export function installCommands(plan: CronPlan, scheduleId: string, stamp: string): string {
  return [
    ...keepCrontab(plan.crontabBackup.replace('<time>', stamp)),
    `cat > ${q(plan.scriptPath)} <<'OPSDECK_EOF'\n${plan.script}OPSDECK_EOF`,
    `chmod 700 ${q(plan.scriptPath)}`,
    `{ grep -v -F ${q(cronTag(scheduleId))} "$kept" || true; echo ${q(plan.line)}; } | crontab -`,
  ].join('\n');
}

/** Commands that remove the cron entry and its script (a backup copy of the crontab first). */
export function removeCommands(
  plan: Pick<CronPlan, 'scriptPath' | 'crontabBackup'>,
  scheduleId: string,
  stamp: string,
): string {
  return [
    ...keepCrontab(plan.crontabBackup.replace('<time>', stamp)),
    `{ grep -v -F ${q(cronTag(scheduleId))} "$kept" || true; } | crontab -`,
    `rm -f ${q(plan.scriptPath)}`,
  ].join('\n');
}
