import { quoteString } from '../sql';
import { changeMasterTo, slaveVocabulary } from './change-master';
import { databaseWords, type ChangeSourceOptions, type Dialect, type Version } from './dialect';
import {
  mysqlCommon,
  mysqlDumpLine,
  mysqlLabel,
  mysqlReplicationUser,
  mysqlSkipEvent,
  xtrabackup,
} from './mysql-shared';

/** MySQL / Percona Server before 8.0.22: SHOW SLAVE STATUS, CHANGE MASTER TO, auto-position. */
export function mysql57Dialect(version: Version, flavor: 'mysql' | 'percona' = 'mysql'): Dialect {
  return {
    id: 'mysql57',
    flavor,
    version,
    label: mysqlLabel(flavor, version),
    replicaStatusSql: 'SHOW SLAVE STATUS',
    ...slaveVocabulary,
    changeSource: (o: ChangeSourceOptions) => changeMasterTo(o, ['MASTER_AUTO_POSITION=1']),
    gtidStart: (gtid) => ['RESET MASTER', `SET GLOBAL gtid_purged = ${quoteString(gtid)}`],
    skipEvent: (s) => mysqlSkipEvent(s, 'STOP SLAVE', 'START SLAVE', 'sql_slave_skip_counter'),
    replicationUser: mysqlReplicationUser('mysql_native_password'),
    ...mysqlCommon,
    client: 'mysql',
    dumpCommand: ({ databases, gtid, coordinates = true }) =>
      [
        `mysqldump --single-transaction${coordinates ? ' --master-data=2' : ''}`,
        // 5.7's mysqldump has no COMMENTED: with ON the SET @@GLOBAL.GTID_PURGED line runs in the
        // import (the replica's gtid_executed must be empty) and is also read from the stream.
        `--set-gtid-purged=${gtid ? 'ON' : 'OFF'}`,
        '--routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database',
        databaseWords(databases),
      ].join(' '),
    parseDumpLine: mysqlDumpLine,
    hotBackup: xtrabackup,
  };
}
