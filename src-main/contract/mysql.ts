import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';
import { Lag, MasterHealth } from './health';

/** MySQL servers: facts, replication status, topology, actions, replication setup. */
export const MysqlFlavor = z.enum(['mysql', 'mariadb', 'percona']);
export type MysqlFlavor = z.infer<typeof MysqlFlavor>;

/** The SQL vocabulary a server speaks (DESIGN rule 7), chosen from the detected version. */
export const DialectId = z.enum(['mysql57', 'mysql8', 'mariadb']);
export type DialectId = z.infer<typeof DialectId>;

const hostRef = z.string().trim().min(1).max(128);

export const ReplicationAccount = z.object({
  user: z.string(),
  host: z.string(),
  /** SHOW GRANTS lines, passwords masked. */
  grants: z.array(z.string()),
});
export type ReplicationAccount = z.infer<typeof ReplicationAccount>;

export const ServerFacts = z.object({
  hostId: z.string(),
  host: z.string(),
  via: z.enum(['ssh-tunnel', 'direct', 'ssh-socket']),
  /** How Opsdeck logged in, e.g. "root over SSH to /run/mysqld/mysqld.sock through sudo -n socat". */
  login: z.string().optional(),
  /** Chosen by Opsdeck: the host has no MySQL login (root by socket authentication). */
  automaticLogin: z.boolean().optional(),
  flavor: MysqlFlavor,
  /** Numeric version, e.g. 10.11.19 */
  version: z.string(),
  /** @@version as the server reports it. */
  versionString: z.string(),
  versionComment: z.string(),
  dialect: DialectId,
  serverId: z.number().int(),
  serverUuid: z.string().optional(),
  hostname: z.string(),
  port: z.number().int(),
  datadir: z.string(),
  logBin: z.boolean(),
  binlogFormat: z.string(),
  logReplicaUpdates: z.boolean(),
  readOnly: z.boolean(),
  superReadOnly: z.boolean().optional(),
  gtid: z.object({
    /** MySQL: @@gtid_mode (OFF … ON); MariaDB: always available, reported as "mariadb". */
    mode: z.string(),
    /** MySQL @@gtid_executed, MariaDB @@gtid_binlog_pos */
    executed: z.string(),
    /** MariaDB only */
    slavePos: z.string().optional(),
    currentPos: z.string().optional(),
    strictMode: z.boolean().optional(),
    domainId: z.number().int().optional(),
    /** MariaDB only: last GTID per (domain, server_id) in the binary log. */
    binlogState: z.string().optional(),
  }),
  /** @@log_bin_basename: where the binary logs are (to read a dead master's over SSH). */
  logBinBasename: z.string().optional(),
  /** SHOW MASTER / BINARY LOG STATUS, when the binary log is on. */
  binlog: z.object({ file: z.string(), position: z.number() }).optional(),
  replicationAccounts: z.array(ReplicationAccount),
  /** Databases that are not the server's own (mysql, sys, *_schema). */
  userDatabases: z.array(z.string()),
  collectedAt: z.string(),
  warnings: z.array(z.string()),
});
export type ServerFacts = z.infer<typeof ServerFacts>;

export const ThreadError = z.object({
  errno: z.number().int(),
  message: z.string(),
  at: z.string().optional(),
});
export type ThreadError = z.infer<typeof ThreadError>;

/** One replication connection of a replica, the same shape for every flavor. */
export const ReplicaStatus = z.object({
  /** '' for the default connection / channel. */
  channel: z.string(),
  sourceHost: z.string(),
  sourcePort: z.number().int(),
  sourceUser: z.string(),
  sourceServerId: z.number().int().nullable(),
  /** MySQL Source_UUID / Master_UUID ('' on MariaDB). */
  sourceUuid: z.string(),
  /** running = connected; connecting = started but not connected; stopped. */
  ioThread: z.enum(['running', 'connecting', 'stopped']),
  sqlThread: z.enum(['running', 'stopped']),
  ioState: z.string(),
  sqlState: z.string(),
  secondsBehind: z.number().nullable(),
  /** Source binlog the IO thread reads, and how far. */
  sourceLogFile: z.string(),
  readSourceLogPos: z.number(),
  /** Source binlog coordinates the SQL thread executed up to. */
  execSourceLogFile: z.string(),
  execSourceLogPos: z.number(),
  relayLogFile: z.string(),
  relayLogPos: z.number(),
  /** MariaDB Using_Gtid (No / Slave_Pos / Current_Pos); MySQL Auto_Position (0/1). */
  gtidMode: z.string(),
  retrievedGtid: z.string(),
  executedGtid: z.string(),
  lastIoError: ThreadError.optional(),
  lastSqlError: ThreadError.optional(),
  sqlDelay: z.number(),
  wildIgnoreTable: z.string(),
  /** Skip_Counter: event groups the SQL thread still has to skip (sql_slave_skip_counter). */
  skipCounter: z.number().int().optional(),
});
export type ReplicaStatus = z.infer<typeof ReplicaStatus>;

export const Health = z.enum(['ok', 'warning', 'critical', 'unknown']);
export type Health = z.infer<typeof Health>;

export const ServerRole = z.enum(['master', 'replica', 'intermediate', 'standalone', 'unknown']);
export type ServerRole = z.infer<typeof ServerRole>;

/** One server in a topology; the tree is given by masterId / replicaIds. */
export const TopologyNode = z.object({
  /** Host id when the server is in the inventory, else `server:<address>:<port>` or `server-id:<n>`. */
  id: z.string(),
  hostId: z.string().optional(),
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  reachable: z.boolean(),
  error: ErrorShapeSchema.optional(),
  role: ServerRole,
  health: Health,
  /** Short reasons for the health colour. */
  notes: z.array(z.string()),
  flavor: MysqlFlavor.optional(),
  version: z.string().optional(),
  serverId: z.number().int().optional(),
  readOnly: z.boolean().optional(),
  /** The replication connection to its master (replicas only). */
  replication: ReplicaStatus.optional(),
  /** What it has executed: GTID state, or binlog file:position. */
  executed: z.string().optional(),
  /** Replication lag: Opsdeck's heartbeat where the cluster has it, else Seconds_Behind_Master. */
  lag: Lag.optional(),
  masterId: z.string().optional(),
  replicaIds: z.array(z.string()),
});
export type TopologyNode = z.infer<typeof TopologyNode>;

export const Topology = z.object({
  rootId: z.string(),
  startId: z.string(),
  nodes: z.array(TopologyNode),
  collectedAt: z.string(),
  warnings: z.array(z.string()),
  /** The root master judged from several angles (MySQL, SSH, its replicas' IO threads). */
  masterHealth: MasterHealth.optional(),
});
export type Topology = z.infer<typeof Topology>;

export const RelayEvent = z.object({
  logName: z.string(),
  pos: z.number(),
  eventType: z.string(),
  serverId: z.number(),
  endLogPos: z.number(),
  info: z.string(),
});
export type RelayEvent = z.infer<typeof RelayEvent>;

export const ReplicaErrorReport = z.object({
  host: z.string(),
  status: ReplicaStatus.nullable(),
  /** The error that stopped the SQL thread, if any. */
  error: ThreadError.optional(),
  /** The relay-log events at the SQL thread's position: the event a skip would skip comes first. */
  events: z.array(RelayEvent),
});
export type ReplicaErrorReport = z.infer<typeof ReplicaErrorReport>;

export const MysqlActionName = z.enum([
  'start-replication',
  'stop-replication',
  'skip-event',
  'set-read-only',
]);
export type MysqlActionName = z.infer<typeof MysqlActionName>;

export const MysqlActionParams = z
  .object({
    host: hostRef,
    action: MysqlActionName,
    /** set-read-only: the new value. */
    readOnly: z.boolean().optional(),
    /** skip-event: the error number the user saw; refused if the replica now stops on another. */
    expectErrno: z.number().int().optional(),
    /** The host's name, typed by the user. */
    confirm: z.string().trim().max(128).optional(),
  })
  .strict();
export type MysqlActionParams = z.infer<typeof MysqlActionParams>;

export const MysqlActionResult = z.object({
  host: z.string(),
  action: MysqlActionName,
  /** The statements that ran (redacted). */
  statements: z.array(z.string()),
  status: ReplicaStatus.nullable(),
  readOnly: z.boolean().optional(),
  /** skip-event: what was skipped. */
  skipped: ThreadError.optional(),
});
export type MysqlActionResult = z.infer<typeof MysqlActionResult>;

/** Parameters of the replication-setup workflow (the wizard renders its JSON schema). */
export const ReplicationSetupParams = z
  .object({
    master: hostRef,
    replica: hostRef,
    /**
     * dump / hot-backup: a fresh copy of the master streamed through Opsdeck; backup: a backup
     * from the catalog (`backupId`, a dump or hot backup taken on the master), rolled forward by
     * replication from its own coordinates (the master must still have those binary logs).
     */
    seed: z.enum(['dump', 'hot-backup', 'backup']).default('dump'),
    /** seed `backup`: the catalog entry to seed from. */
    backupId: z.string().min(1).max(64).optional(),
    /** dump: the databases to copy (default: every non-system database of the master). */
    databases: z.array(z.string().min(1).max(64)).max(1000).optional(),
    /** Replica databases the user agrees to overwrite (hot-backup replaces the whole data dir). */
    overwrite: z.array(z.string().min(1).max(64)).max(1000).default([]),
    /** Turn the binary log on at the master (config edit + restart) when it is off. */
    enableBinlog: z.boolean().default(false),
    /** Give the replica a unique server_id when it clashes (config edit + SET GLOBAL, no restart). */
    fixServerId: z.boolean().default(false),
    /**
     * The master listens only on loopback (Debian's bind-address = 127.0.0.1): make it listen on
     * the address the replica uses too (config edit with a backup + restart).
     */
    fixBindAddress: z.boolean().default(false),
    /** Replicate by GTID (MariaDB MASTER_USE_GTID=slave_pos, MySQL auto-position) when possible. */
    useGtid: z.boolean().default(true),
    /** replicate-wild-ignore-table patterns for the replica, e.g. "db.tmp%". */
    ignoreTables: z
      .array(z.string().regex(/^[^\s,.]+\.[^\s,]+$/, 'Use db.table patterns (% and _ wildcards)'))
      .max(100)
      .default([]),
    /** Binary log on the replica records replicated changes too (log_slave_updates). */
    logReplicaUpdates: z.boolean().default(false),
    /** Replication account name on the master (default repl_<replica name>). */
    replicationUser: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,32}$/)
      .optional(),
    /** Limit the seed transfer (KiB/s), so it does not saturate the master's link. */
    throttleKiBps: z.number().int().min(64).max(10_000_000).optional(),
    /** How long the verify step waits for the replica to catch up (seconds). */
    catchUpTimeoutSec: z.number().int().min(5).max(86_400).default(300),
  })
  .strict()
  .superRefine((p, issues) => {
    if (p.seed === 'backup' && !p.backupId)
      issues.addIssue({
        code: 'custom',
        path: ['backupId'],
        message: 'A seed from a backup names the backup (backupId, from the catalog).',
      });
    if (p.backupId && p.seed !== 'backup')
      issues.addIssue({
        code: 'custom',
        path: ['seed'],
        message: 'backupId is only used by seed "backup".',
      });
  });
export type ReplicationSetupParams = z.infer<typeof ReplicationSetupParams>;
export type ReplicationSetupParamsIn = z.input<typeof ReplicationSetupParams>;

export const PreflightCheck = z.object({
  id: z.string(),
  title: z.string(),
  level: z.enum(['ok', 'info', 'warning', 'error']),
  message: z.string(),
  hint: z.string().optional(),
  /** A setting of the workflow that would resolve it, e.g. enableBinlog or overwrite. */
  fix: z.string().optional(),
});
export type PreflightCheck = z.infer<typeof PreflightCheck>;

export const PreflightReport = z.object({
  ok: z.boolean(),
  checks: z.array(PreflightCheck),
});
export type PreflightReport = z.infer<typeof PreflightReport>;
