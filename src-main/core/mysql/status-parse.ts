import type { ReplicaStatus, ThreadError } from '../../contract';
import { num, text, type Row } from './sql-row';

/**
 * SHOW SLAVE STATUS (MySQL < 8.0.22, MariaDB, incl. SHOW ALL SLAVES STATUS) and SHOW REPLICA
 * STATUS (MySQL 8.0.22+) rows, normalised. Columns are looked up by name (their order differs
 * between versions), in either vocabulary.
 */
export function parseReplicaStatus(row: Row): ReplicaStatus {
  const byName = new Map(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
  const get = (...names: string[]): unknown => {
    for (const n of names) {
      const v = byName.get(n.toLowerCase());
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const pair = (source: string, master: string) => get(source, master);
  const io = text(pair('Replica_IO_Running', 'Slave_IO_Running')).toLowerCase();
  const sql = text(pair('Replica_SQL_Running', 'Slave_SQL_Running')).toLowerCase();
  const gtidMode = text(get('Using_Gtid', 'Auto_Position')) || 'No';
  return {
    channel: text(get('Connection_name', 'Channel_Name')),
    sourceHost: text(pair('Source_Host', 'Master_Host')),
    sourcePort: num(pair('Source_Port', 'Master_Port')) ?? 3306,
    sourceUser: text(pair('Source_User', 'Master_User')),
    sourceServerId: nonZero(num(pair('Source_Server_Id', 'Master_Server_Id'))),
    sourceUuid: text(pair('Source_UUID', 'Master_UUID')),
    ioThread: io === 'yes' ? 'running' : io === 'connecting' ? 'connecting' : 'stopped',
    sqlThread: sql === 'yes' ? 'running' : 'stopped',
    ioState: text(pair('Replica_IO_State', 'Slave_IO_State')),
    sqlState: text(pair('Replica_SQL_Running_State', 'Slave_SQL_Running_State')),
    secondsBehind: num(pair('Seconds_Behind_Source', 'Seconds_Behind_Master')),
    sourceLogFile: text(pair('Source_Log_File', 'Master_Log_File')),
    readSourceLogPos: num(pair('Read_Source_Log_Pos', 'Read_Master_Log_Pos')) ?? 0,
    execSourceLogFile: text(pair('Relay_Source_Log_File', 'Relay_Master_Log_File')),
    execSourceLogPos: num(pair('Exec_Source_Log_Pos', 'Exec_Master_Log_Pos')) ?? 0,
    relayLogFile: text(get('Relay_Log_File')),
    relayLogPos: num(get('Relay_Log_Pos')) ?? 0,
    gtidMode,
    // MariaDB: Gtid_IO_Pos is what was received; Gtid_Slave_Pos (SHOW ALL SLAVES STATUS) what ran.
    retrievedGtid: squash(text(get('Retrieved_Gtid_Set', 'Gtid_IO_Pos'))),
    executedGtid: squash(text(get('Executed_Gtid_Set', 'Gtid_Slave_Pos'))),
    ...threadError(
      'lastIoError',
      get('Last_IO_Errno'),
      get('Last_IO_Error'),
      get('Last_IO_Error_Timestamp'),
    ),
    ...threadError(
      'lastSqlError',
      get('Last_SQL_Errno'),
      get('Last_SQL_Error'),
      get('Last_SQL_Error_Timestamp'),
    ),
    sqlDelay: num(get('SQL_Delay')) ?? 0,
    wildIgnoreTable: text(get('Replicate_Wild_Ignore_Table')),
    ...skipCounter(num(get('Skip_Counter'))),
  };
}

export function parseReplicaStatusRows(rows: readonly Row[]): ReplicaStatus[] {
  return rows.map(parseReplicaStatus);
}

/** The default connection (channel '') or the only one. */
export function primaryConnection(list: readonly ReplicaStatus[]): ReplicaStatus | undefined {
  return list.find((s) => s.channel === '') ?? list[0];
}

/** Does this replica use GTID positioning? */
export const usesGtid = (s: ReplicaStatus) => !/^(no|0|)$/i.test(s.gtidMode);

/** What the replica has executed, for display: GTID state or file:position. */
export function executedPosition(s: ReplicaStatus): string {
  if (usesGtid(s) && s.executedGtid) return s.executedGtid;
  return s.execSourceLogFile ? `${s.execSourceLogFile}:${s.execSourceLogPos}` : '';
}

function threadError<K extends 'lastIoError' | 'lastSqlError'>(
  key: K,
  errno: unknown,
  message: unknown,
  at: unknown,
): Partial<Record<K, ThreadError>> {
  const n = num(errno) ?? 0;
  const m = text(message).trim();
  if (!n && !m) return {};
  const when = text(at).trim();
  return { [key]: { errno: n, message: m, ...(when ? { at: when } : {}) } } as Partial<
    Record<K, ThreadError>
  >;
}

const skipCounter = (n: number | null) => (n === null ? {} : { skipCounter: n });
const nonZero = (n: number | null) => (n === null || n === 0 ? null : n);
const squash = (s: string) => s.replace(/\s+/g, '');
