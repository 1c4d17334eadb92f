import { quoteString } from '../sql';
import { formatVersion, sh, type ChangeSourceOptions, type Dialect, type Version } from './dialect';
import {
  mysqlCommon,
  mysqlDumpLine,
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
    label: `${flavor === 'percona' ? 'Percona Server' : 'MySQL'} ${formatVersion(version)}`,
    replicaStatusSql: 'SHOW SLAVE STATUS',
    replicaHostsSql: 'SHOW SLAVE HOSTS',
    binlogStatusSql: 'SHOW MASTER STATUS',
    startReplicaSql: 'START SLAVE',
    stopReplicaSql: 'STOP SLAVE',
    resetReplicaAllSql: 'RESET SLAVE ALL',
    changeSource(o: ChangeSourceOptions) {
      const parts = [
        `MASTER_HOST=${quoteString(o.host)}`,
        `MASTER_PORT=${o.port}`,
        `MASTER_USER=${quoteString(o.user)}`,
        `MASTER_PASSWORD=${quoteString(o.password)}`,
        `MASTER_CONNECT_RETRY=${o.connectRetrySec ?? 10}`,
      ];
      if (o.gtid) parts.push('MASTER_AUTO_POSITION=1');
      else
        parts.push(
          `MASTER_LOG_FILE=${quoteString(o.logFile ?? '')}`,
          `MASTER_LOG_POS=${o.logPos ?? 4}`,
        );
      return `CHANGE MASTER TO ${parts.join(', ')}`;
    },
    gtidStart: (gtid) => ['RESET MASTER', `SET GLOBAL gtid_purged = ${quoteString(gtid)}`],
    skipEvent: (s) => mysqlSkipEvent(s, 'STOP SLAVE', 'START SLAVE', 'sql_slave_skip_counter'),
    replicationUser: mysqlReplicationUser('mysql_native_password'),
    ...mysqlCommon,
    client: 'mysql',
    dumpCommand: ({ databases, gtid }) =>
      [
        'mysqldump --single-transaction --master-data=2',
        // 5.7's mysqldump has no COMMENTED: with ON the SET @@GLOBAL.GTID_PURGED line runs in the
        // import (the replica's gtid_executed must be empty) and is also read from the stream.
        `--set-gtid-purged=${gtid ? 'ON' : 'OFF'}`,
        '--routines --events --triggers --hex-blob --add-drop-database --databases',
        ...databases.map(sh),
      ].join(' '),
    parseDumpLine: mysqlDumpLine,
    hotBackup: xtrabackup,
  };
}
