import type { ReplicaStatus } from '../../../contract';
import { account, quoteString } from '../sql';
import {
  dirWord,
  formatVersion,
  type Dialect,
  type HotBackupTool,
  type SeedCoordinates,
  type Version,
} from './dialect';

/** How a MySQL or Percona Server reads in lists and messages: `Percona Server 8.0.36`. */
export const mysqlLabel = (flavor: 'mysql' | 'percona', version: Version): string =>
  `${flavor === 'percona' ? 'Percona Server' : 'MySQL'} ${formatVersion(version)}`;

/** Coordinates from mysqldump's comments (MASTER or SOURCE vocabulary) and GTID_PURGED lines. */
export function mysqlDumpLine(line: string): SeedCoordinates | undefined {
  const pos =
    /CHANGE (?:MASTER|REPLICATION SOURCE) TO (?:MASTER|SOURCE)_LOG_FILE='([^']+)',\s*(?:MASTER|SOURCE)_LOG_POS=(\d+)/i.exec(
      line,
    );
  if (pos) return { file: pos[1] as string, position: Number(pos[2]) };
  const gtid = /SET @@GLOBAL\.GTID_PURGED\s*=\s*(?:\/\*!80000 '\+'\*\/\s*)?'\+?([^']*)'/i.exec(
    line,
  );
  if (gtid) return { gtid: (gtid[1] as string).replace(/\s+/g, '') };
  return undefined;
}

/** The GTID the SQL thread would apply next for the source (uuid:N+1), if it can be told. */
export function nextGtid(status: ReplicaStatus): string | undefined {
  const uuid = status.sourceUuid.toLowerCase();
  if (!uuid) return undefined;
  const entry = status.executedGtid
    .replace(/\s+/g, '')
    .split(',')
    .find((e) => e.toLowerCase().startsWith(`${uuid}:`));
  const ranges = entry ? entry.slice(uuid.length + 1).split(':') : [];
  let last = 0;
  for (const r of ranges) {
    const end = Number(r.split('-').pop());
    if (Number.isFinite(end)) last = Math.max(last, end);
  }
  return `${uuid}:${last + 1}`;
}

/** With auto-position an empty transaction takes the failed one's GTID; else the skip counter. */
export function mysqlSkipEvent(
  status: ReplicaStatus,
  stop: string,
  start: string,
  counter: string,
): string[] {
  const gtid = status.gtidMode === '1' ? nextGtid(status) : undefined;
  if (!gtid) return [stop, `SET GLOBAL ${counter} = 1`, start];
  return [
    stop,
    `SET GTID_NEXT = ${quoteString(gtid)}`,
    'BEGIN',
    'COMMIT',
    "SET GTID_NEXT = 'AUTOMATIC'",
    start,
  ];
}

/** Percona XtraBackup for MySQL and Percona Server. */
export const xtrabackup: HotBackupTool = {
  name: 'xtrabackup',
  backup: 'xtrabackup --backup --stream=xbstream --target-dir=/tmp',
  extract: (dir) => `xbstream -x -C ${dirWord(dir, 'staging folder')}`,
  prepare: (dir) => `xtrabackup --prepare --target-dir=${dirWord(dir, 'staging folder')}`,
  copyBack: (dir, datadir) =>
    `xtrabackup --copy-back --target-dir=${dirWord(dir, 'staging folder')} --datadir=${dirWord(datadir, 'data directory')}`,
  infoFiles: ['xtrabackup_binlog_info'],
};

/** The replication account, for MySQL's authentication plugin of that version. */
export function mysqlReplicationUser(
  plugin: 'mysql_native_password' | 'caching_sha2_password',
): Dialect['replicationUser'] {
  return (user, host, password) => [
    `CREATE USER IF NOT EXISTS ${account(user, host)} IDENTIFIED WITH ${plugin} BY ${quoteString(password)}`,
    `ALTER USER ${account(user, host)} IDENTIFIED WITH ${plugin} BY ${quoteString(password)}`,
    `GRANT REPLICATION SLAVE ON *.* TO ${account(user, host)}`,
  ];
}

/** Statements MySQL 5.7 and 8.x write the same way. */
export const mysqlCommon: Pick<Dialect, 'wildIgnore' | 'relayEvents'> = {
  wildIgnore: (patterns) =>
    `CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = (${patterns.map(quoteString).join(', ')})`,
  relayEvents: (s, limit) =>
    `SHOW RELAYLOG EVENTS IN ${quoteString(s.relayLogFile)} FROM ${s.relayLogPos} LIMIT ${limit}`,
};
