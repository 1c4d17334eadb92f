import { quoteString } from '../sql';
import type { ChangeSourceOptions, Dialect } from './dialect';

/** The SLAVE/MASTER statements MariaDB and MySQL before 8.0.22 share. */
export const slaveVocabulary: Pick<
  Dialect,
  | 'replicaHostsSql'
  | 'binlogStatusSql'
  | 'startReplicaSql'
  | 'stopReplicaSql'
  | 'resetReplicaAllSql'
> = {
  replicaHostsSql: 'SHOW SLAVE HOSTS',
  binlogStatusSql: 'SHOW MASTER STATUS',
  startReplicaSql: 'START SLAVE',
  stopReplicaSql: 'STOP SLAVE',
  resetReplicaAllSql: 'RESET SLAVE ALL',
};

/**
 * `CHANGE MASTER TO …`: the connection, then `gtidClauses` when replicating by GTID, else the
 * binlog coordinates followed by `positionClauses` (e.g. MariaDB's MASTER_USE_GTID=no).
 */
export function changeMasterTo(
  o: ChangeSourceOptions,
  gtidClauses: string[],
  positionClauses: string[] = [],
): string {
  const parts = [
    `MASTER_HOST=${quoteString(o.host)}`,
    `MASTER_PORT=${o.port}`,
    `MASTER_USER=${quoteString(o.user)}`,
    `MASTER_PASSWORD=${quoteString(o.password)}`,
    `MASTER_CONNECT_RETRY=${o.connectRetrySec ?? 10}`,
    ...(o.gtid
      ? gtidClauses
      : [
          `MASTER_LOG_FILE=${quoteString(o.logFile ?? '')}`,
          `MASTER_LOG_POS=${o.logPos ?? 4}`,
          ...positionClauses,
        ]),
  ];
  return `CHANGE MASTER TO ${parts.join(', ')}`;
}
