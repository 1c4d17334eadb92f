import { formatBytes, type BackupEntry, type Host, type PreflightCheck } from '../../../contract';
import { quoteString } from '../../mysql/sql';
import { num, text } from '../../mysql/sql-row';
import type { Io } from './io';

/** One row of SHOW BINARY LOGS. */
export interface BinaryLog {
  name: string;
  size: number;
}

/**
 * Whether the master's binary logs still hold everything from the backup's coordinates onward:
 * the backup's file is still listed (logs are purged oldest first, so every later one is too) and
 * the position lies inside it. `missing` says what is gone, in words.
 */
export function binlogsCover(
  logs: readonly BinaryLog[],
  at: { file: string; position: number },
): { ok: true } | { ok: false; missing: string } {
  const found = logs.find((l) => l.name === at.file);
  if (!found)
    return {
      ok: false,
      missing: logs.length
        ? `${at.file} is no longer on the master (its oldest binary log is ${logs[0]?.name}): the logs written since the backup were purged`
        : 'the master lists no binary logs',
    };
  if (at.position > found.size)
    return {
      ok: false,
      missing: `${at.file} is ${found.size} bytes, shorter than the backup's position ${at.position}: it is not the log the backup was taken from (was the binary log reset?)`,
    };
  return { ok: true };
}

/** The databases a dump backup holds (from its table counts); undefined when it recorded none. */
export function databasesIn(entry: Pick<BackupEntry, 'tables'>): string[] | undefined {
  if (!entry.tables.length) return undefined;
  return [...new Set(entry.tables.map((t) => t.table.split('.')[0] as string))].sort();
}

/**
 * The checks of a seed from a catalogued backup: the backup is whole (succeeded, not failed
 * verification), a dump or hot backup of this master with binlog coordinates, and the master
 * still has its binary logs from those coordinates onward (SHOW BINARY LOGS; for MySQL GTID
 * replication, @@gtid_purged within the backup's GTID set too). Reads only.
 */
export async function backupSeedChecks(
  io: Io,
  master: Host,
  entry: BackupEntry | undefined,
  o: { backupId: string | undefined; flavor: string; gtid: boolean; masterDatabases: string[] },
): Promise<PreflightCheck[]> {
  const title = 'Backup to seed from';
  const refuse = (message: string, hint: string): PreflightCheck[] => [
    { id: 'backup', title, level: 'error', message, hint },
  ];
  if (!entry)
    return refuse(
      `No backup ${o.backupId ?? '(none named)'} in the catalog.`,
      'Pick a backup from `opsdeck backup list` (or the Backups area).',
    );
  if (entry.hostId !== master.id && entry.hostName !== master.name)
    return refuse(
      `Backup ${entry.id} was taken on ${entry.hostName}, not on ${master.name}: its coordinates mean nothing in ${master.name}'s binary logs.`,
      `Use a backup of ${master.name}, or make the replica replicate from ${entry.hostName}.`,
    );
  if (entry.kind === 'snapshot')
    return refuse(
      `Backup ${entry.id} is an EBS snapshot set; a replica is seeded from a dump or a hot backup.`,
      'Restore the snapshot set onto the new host (opsdeck backup restore), or pick a dump or hot backup.',
    );
  if (entry.status !== 'succeeded')
    return refuse(
      `Backup ${entry.id} is ${entry.status}: it never completed, so it cannot seed a replica.`,
      'Pick a backup whose status is succeeded.',
    );
  if (entry.verify?.status === 'failed')
    return refuse(
      `Backup ${entry.id} failed verification (${entry.verify.message}).`,
      'Pick an earlier backup that verifies, or take a new one.',
    );
  const { file, position, gtid } = entry.coordinates;
  if (!file || position === undefined)
    return refuse(
      `Backup ${entry.id} has no binlog coordinates (the binary log was off when it was taken): a replica cannot continue from it.`,
      `Turn the binary log on at ${master.name}, take a new backup, and seed from that one.`,
    );
  const checks: PreflightCheck[] = [
    {
      id: 'backup',
      title,
      level: 'ok',
      message: `${entry.kind} backup ${entry.id} of ${entry.hostName} (${entry.tool}, ${entry.finishedAt ?? entry.startedAt}) at ${file}:${position}${gtid ? `, GTID ${gtid}` : ''}${entry.verify?.status === 'passed' ? ', verified' : ''}.`,
    },
  ];
  const logs = (await io.sql(master, 'SHOW BINARY LOGS')).map((r) => ({
    name: text(r.Log_name),
    size: num(r.File_size) ?? 0,
  }));
  const cover = binlogsCover(logs, { file, position });
  const purgedHint = `Seed from a newer backup (or take one now), or seed with a fresh dump / hot backup; keep binary logs longer than the backups you seed from (binlog_expire_logs_seconds / expire_logs_days on ${master.name}).`;
  if (!cover.ok) {
    checks.push({
      id: 'backup-binlogs',
      title: 'Binary logs since the backup',
      level: 'error',
      message: `${master.name} cannot replay the changes made since backup ${entry.id}: ${cover.missing}.`,
      hint: purgedHint,
    });
    return checks;
  }
  if (o.gtid && o.flavor !== 'mariadb' && gtid) {
    const [row] = await io.sql(
      master,
      `SELECT GTID_SUBSET(@@GLOBAL.gtid_purged, ${quoteString(gtid)}) AS covered, @@GLOBAL.gtid_purged AS purged`,
    );
    if (num(row?.covered) !== 1) {
      checks.push({
        id: 'backup-binlogs',
        title: 'Binary logs since the backup',
        level: 'error',
        message: `${master.name} has purged transactions the backup lacks (gtid_purged ${text(row?.purged)}, backup ${gtid}).`,
        hint: purgedHint,
      });
      return checks;
    }
  }
  const from = logs.findIndex((l) => l.name === file);
  const bytes = logs.slice(from).reduce((n, l) => n + l.size, 0) - position;
  checks.push({
    id: 'backup-binlogs',
    title: 'Binary logs since the backup',
    level: 'ok',
    message: `${master.name} has ${logs.length - from} binary log(s) from ${file}:${position} on (about ${formatBytes(Math.max(0, bytes))} for the replica to replay).`,
  });
  const inBackup = entry.kind === 'dump' ? databasesIn(entry) : undefined;
  const outside = inBackup ? o.masterDatabases.filter((d) => !inBackup.includes(d)) : [];
  if (outside.length)
    checks.push({
      id: 'backup-databases',
      title: 'Databases in the backup',
      level: 'warning',
      message: `${master.name} has databases the backup does not hold: ${outside.join(', ')}. Unless they were created after the backup, the replica stops on the first change to them.`,
      hint: 'Seed from a backup of every database, or add them to ignoreTables (db.%).',
    });
  return checks;
}
