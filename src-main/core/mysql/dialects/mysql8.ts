import { quoteString } from '../sql';
import {
  atLeast,
  databaseWords,
  type ChangeSourceOptions,
  type Dialect,
  type Version,
} from './dialect';
import {
  mysqlCommon,
  mysqlDumpLine,
  mysqlLabel,
  mysqlReplicationUser,
  mysqlSkipEvent,
  xtrabackup,
} from './mysql-shared';

/** MySQL / Percona Server 8.0.22+: REPLICA / SOURCE vocabulary. */
export function mysql8Dialect(version: Version, flavor: 'mysql' | 'percona' = 'mysql'): Dialect {
  const v826 = atLeast(version, 8, 0, 26);
  const v82 = atLeast(version, 8, 2, 0);
  const v84 = atLeast(version, 8, 4, 0);
  return {
    id: 'mysql8',
    flavor,
    version,
    label: mysqlLabel(flavor, version),
    replicaStatusSql: 'SHOW REPLICA STATUS',
    replicaHostsSql: 'SHOW REPLICAS',
    binlogStatusSql: v82 ? 'SHOW BINARY LOG STATUS' : 'SHOW MASTER STATUS',
    startReplicaSql: 'START REPLICA',
    stopReplicaSql: 'STOP REPLICA',
    resetReplicaAllSql: 'RESET REPLICA ALL',
    changeSource(o: ChangeSourceOptions) {
      const parts = [
        `SOURCE_HOST=${quoteString(o.host)}`,
        `SOURCE_PORT=${o.port}`,
        `SOURCE_USER=${quoteString(o.user)}`,
        `SOURCE_PASSWORD=${quoteString(o.password)}`,
        `SOURCE_CONNECT_RETRY=${o.connectRetrySec ?? 10}`,
        // caching_sha2_password over a non-TLS link needs the server's RSA key.
        'GET_SOURCE_PUBLIC_KEY=1',
      ];
      if (o.gtid) parts.push('SOURCE_AUTO_POSITION=1');
      else
        parts.push(
          `SOURCE_LOG_FILE=${quoteString(o.logFile ?? '')}`,
          `SOURCE_LOG_POS=${o.logPos ?? 4}`,
        );
      return `CHANGE REPLICATION SOURCE TO ${parts.join(', ')}`;
    },
    gtidStart: (gtid) => [
      v84 ? 'RESET BINARY LOGS AND GTIDS' : 'RESET MASTER',
      `SET GLOBAL gtid_purged = ${quoteString(gtid)}`,
    ],
    skipEvent: (s) =>
      mysqlSkipEvent(
        s,
        'STOP REPLICA',
        'START REPLICA',
        v826 ? 'sql_replica_skip_counter' : 'sql_slave_skip_counter',
      ),
    replicationUser: mysqlReplicationUser('caching_sha2_password'),
    ...mysqlCommon,
    client: 'mysql',
    dumpCommand: ({ databases, gtid, coordinates = true }) =>
      [
        `mysqldump --single-transaction${coordinates ? (v826 ? ' --source-data=2' : ' --master-data=2') : ''}`,
        `--set-gtid-purged=${gtid ? 'COMMENTED' : 'OFF'}`,
        '--routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database',
        databaseWords(databases),
      ].join(' '),
    parseDumpLine: mysqlDumpLine,
    hotBackup: xtrabackup,
  };
}
