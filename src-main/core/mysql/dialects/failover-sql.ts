import { quoteString } from '../sql';
import { atLeast, type Dialect } from './dialect';

/**
 * The statements a switchover / failover needs, per dialect (DESIGN rule 7): fencing writes,
 * reading and waiting for a position, making a server a master, and where a rejoining old master
 * starts replicating.
 */
export interface FailoverSql {
  /** Stop client writes: read_only (+ super_read_only where the server has it). */
  fence: string[];
  unfence: string[];
  /**
   * MariaDB has no super_read_only: accounts with READ ONLY ADMIN (ALL PRIVILEGES includes it)
   * still write under read_only. A global read lock, held by Opsdeck's own session while the master
   * is fenced, stops them too.
   */
  readLock?: { take: string[]; release: string[] };
  /** The server's own executed position: `pos` (GTID state), or file/position from binlog status. */
  positionSql: string;
  /** Returns one row with column `r`: 0 when reached (within `timeoutSec`), else not reached. */
  waitForGtid(pos: string, timeoutSec: number): string;
  /** File/position wait (no GTID); `r` ≥ 0 when reached, -1 on timeout, NULL when not replicating. */
  waitForFilePos(file: string, pos: number, timeoutSec: number): string;
  /** A replica becomes a master: no replication left, writable. */
  promote: string[];
  /** Before CHANGE MASTER on an old master: where it starts (its own last transaction). */
  rejoinStart(ownPosition: string): string[];
}

export function failoverSql(d: Dialect): FailoverSql {
  if (d.id === 'mariadb')
    return {
      fence: ['SET GLOBAL read_only = ON'],
      unfence: ['SET GLOBAL read_only = OFF'],
      readLock: {
        take: ['SET SESSION lock_wait_timeout = 10', 'FLUSH TABLES WITH READ LOCK'],
        release: ['UNLOCK TABLES'],
      },
      positionSql: 'SELECT @@gtid_binlog_pos AS pos',
      waitForGtid: (pos, t) => `SELECT MASTER_GTID_WAIT(${quoteString(pos)}, ${t}) AS r`,
      waitForFilePos: (file, pos, t) =>
        `SELECT MASTER_POS_WAIT(${quoteString(file)}, ${Math.trunc(pos)}, ${t}) AS r`,
      promote: [d.stopReplicaSql, d.resetReplicaAllSql, 'SET GLOBAL read_only = OFF'],
      rejoinStart: (pos) => [`SET GLOBAL gtid_slave_pos = ${quoteString(pos)}`],
    };
  const source = d.id === 'mysql8' && atLeast(d.version, 8, 0, 26);
  return {
    fence: ['SET GLOBAL super_read_only = ON'],
    unfence: ['SET GLOBAL super_read_only = OFF', 'SET GLOBAL read_only = OFF'],
    positionSql: 'SELECT @@gtid_executed AS pos',
    // WAIT_FOR_EXECUTED_GTID_SET returns 0 when executed, 1 on timeout.
    waitForGtid: (pos, t) => `SELECT WAIT_FOR_EXECUTED_GTID_SET(${quoteString(pos)}, ${t}) AS r`,
    waitForFilePos: (file, pos, t) =>
      `SELECT ${source ? 'SOURCE_POS_WAIT' : 'MASTER_POS_WAIT'}(${quoteString(file)}, ${Math.trunc(pos)}, ${t}) AS r`,
    promote: [
      d.stopReplicaSql,
      d.resetReplicaAllSql,
      'SET GLOBAL super_read_only = OFF',
      'SET GLOBAL read_only = OFF',
    ],
    // Auto-position: the old master's own gtid_executed is its position.
    rejoinStart: () => [],
  };
}

/** Client connections to end when fencing: everything but replication, the server's own threads and us. */
export const CLIENTS_SQL =
  "SELECT ID AS id, USER AS user, HOST AS host, COMMAND AS command FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND NOT LIKE 'Binlog Dump%' AND COMMAND NOT IN ('Daemon', 'Killed') AND USER NOT IN ('system user', 'event_scheduler')";

export const killSql = (id: number) => `KILL ${Math.trunc(id)}`;
