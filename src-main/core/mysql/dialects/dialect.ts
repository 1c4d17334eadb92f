import type { DialectId, MysqlFlavor, ReplicaStatus } from '../../../contract';
import { shellQuote } from '../../common/shell';
import { safeAbsolutePath, safeArgument } from '../../command-args';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export const atLeast = (v: Version, major: number, minor = 0, patch = 0) =>
  v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;

export const formatVersion = (v: Version) => `${v.major}.${v.minor}.${v.patch}`;

export interface ChangeSourceOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Position by GTID (MariaDB MASTER_USE_GTID=slave_pos / MySQL auto-position)… */
  gtid: boolean;
  /** …or by binlog coordinates. */
  logFile?: string;
  logPos?: number;
  connectRetrySec?: number;
}

/** Where a replica must start, read from the seed itself (dump header or backup info file). */
export interface SeedCoordinates {
  file?: string;
  position?: number;
  gtid?: string;
}

/** The commands of a hot physical backup tool, run over SSH on master and replica. */
export interface HotBackupTool {
  name: string;
  /** On the master: the backup as an xbstream on stdout. */
  backup: string;
  /** On the replica: unpack the stream read from stdin into `dir`. */
  extract(dir: string): string;
  prepare(dir: string): string;
  copyBack(dir: string, datadir: string): string;
  /** Files in the backup that hold the binlog coordinates / GTID of the backup. */
  infoFiles: readonly string[];
}

/**
 * The SQL vocabulary of one server family (DESIGN rule 7). Code asks the dialect for the
 * statement instead of branching on versions.
 */
export interface Dialect {
  readonly id: DialectId;
  readonly flavor: MysqlFlavor;
  readonly version: Version;
  readonly label: string;
  /** Every replication connection, one row each. */
  readonly replicaStatusSql: string;
  /** On a master: the replicas that registered. */
  readonly replicaHostsSql: string;
  readonly binlogStatusSql: string;
  readonly startReplicaSql: string;
  readonly stopReplicaSql: string;
  readonly resetReplicaAllSql: string;
  changeSource(o: ChangeSourceOptions): string;
  /** Make a freshly seeded replica start after the seed's GTID state. */
  gtidStart(gtid: string): string[];
  /** Skip the one event (transaction) the SQL thread stopped on. */
  skipEvent(status: ReplicaStatus): string[];
  /** Create (or re-password) an account that may only replicate. */
  replicationUser(user: string, host: string, password: string): string[];
  /** Apply replicate-wild-ignore-table at runtime (replica stopped). */
  wildIgnore(patterns: readonly string[]): string;
  /** The events at the SQL thread's position in the relay log. */
  relayEvents(status: ReplicaStatus, limit: number): string;
  /** Shell: the command-line client on the host. */
  readonly client: string;
  /**
   * Shell: a consistent dump with the coordinates in comments (`coordinates: false` when the
   * binary log is off: the dump tool refuses --master-data then).
   */
  dumpCommand(o: { databases: readonly string[]; gtid: boolean; coordinates?: boolean }): string;
  /** Coordinates from one comment / SET line of a dump (undefined if the line holds none). */
  parseDumpLine(line: string): SeedCoordinates | undefined;
  readonly hotBackup: HotBackupTool;
}

/** `file<TAB>pos<TAB>gtid` as written by mariabackup / xtrabackup. */
export function parseBinlogInfo(text: string): SeedCoordinates {
  const [file, pos, ...gtid] = text.trim().split(/\s+/);
  const position = Number(pos);
  const g = gtid.join('').trim();
  return {
    ...(file ? { file } : {}),
    ...(Number.isFinite(position) && pos ? { position } : {}),
    ...(g ? { gtid: g } : {}),
  };
}

/**
 * `--databases -- 'a' 'b'`: the names come from the master, so they end the options (`--`) and
 * any that a tool could still misread (leading `-`, control characters) is refused.
 */
export const databaseWords = (databases: readonly string[]) =>
  ['--databases', '--', ...databases.map((d) => shellQuote(safeArgument(d, 'database name')))].join(
    ' ',
  );

/** A backup/data directory on a command line: absolute and clean, then quoted. */
export const dirWord = (dir: string, what: string) => shellQuote(safeAbsolutePath(dir, what));
