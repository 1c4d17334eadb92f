import type { Host, ReplicationAccount, ServerFacts } from '../../contract';
import { Redactor } from '../redact';
import { dialectFor, detectServer } from './dialects/detect';
import { formatVersion, type Dialect } from './dialects/dialect';
import { mysqlTarget } from './login-target';
import { account, isSystemSchema, quoteString } from './sql';
import { bool, num, text, type Row } from './sql-row';

export type ReadRows = (sql: string) => Promise<Row[]>;

/** Variables read in one statement; SHOW VARIABLES skips names a server does not have. */
const VARIABLES = [
  'version',
  'version_comment',
  'server_id',
  'server_uuid',
  'hostname',
  'port',
  'datadir',
  'log_bin',
  'binlog_format',
  'log_slave_updates',
  'log_replica_updates',
  'read_only',
  'super_read_only',
  'gtid_mode',
  'gtid_executed',
  'gtid_binlog_pos',
  'gtid_slave_pos',
  'gtid_current_pos',
  'gtid_strict_mode',
  'gtid_domain_id',
  'gtid_binlog_state',
  'log_bin_basename',
];

export async function readVariables(read: ReadRows): Promise<Map<string, string>> {
  const rows = await read(
    `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${VARIABLES.map(quoteString).join(', ')})`,
  );
  return new Map(rows.map((r) => [text(r.Variable_name).toLowerCase(), text(r.Value)]));
}

/** Flavor, version, ids, binlog and GTID settings, read_only, datadir, replication accounts. */
export async function readServerFacts(
  read: ReadRows,
  host: Host,
  now: Date,
  /** light: skip replication accounts and databases (topology probes). */
  options: { light?: boolean } = {},
): Promise<{ facts: ServerFacts; dialect: Dialect }> {
  const v = await readVariables(read);
  const get = (name: string) => v.get(name) ?? '';
  const detected = detectServer(get('version'), get('version_comment'));
  const dialect = dialectFor(detected);
  const warnings: string[] = [];
  const logBin = bool(get('log_bin'));
  let binlog: ServerFacts['binlog'];
  if (logBin) {
    const [row] = await read(dialect.binlogStatusSql).catch((err: unknown) => {
      warnings.push(`binlog status unreadable: ${(err as Error).message}`);
      return [] as Row[];
    });
    if (row) binlog = { file: text(row.File), position: num(row.Position) ?? 0 };
  }
  const mariadb = detected.flavor === 'mariadb';
  const facts: ServerFacts = {
    hostId: host.id,
    host: host.name,
    via: mysqlTarget(host).via,
    ...(host.mysql ? {} : { automaticLogin: true }),
    flavor: detected.flavor,
    version: formatVersion(detected.version),
    versionString: get('version'),
    versionComment: get('version_comment'),
    dialect: dialect.id,
    serverId: num(get('server_id')) ?? 0,
    ...(get('server_uuid') ? { serverUuid: get('server_uuid') } : {}),
    hostname: get('hostname'),
    port: num(get('port')) ?? 3306,
    datadir: get('datadir'),
    logBin,
    binlogFormat: get('binlog_format'),
    logReplicaUpdates: bool(get('log_replica_updates') || get('log_slave_updates')),
    readOnly: bool(get('read_only')),
    ...(v.has('super_read_only') ? { superReadOnly: bool(get('super_read_only')) } : {}),
    gtid: mariadb
      ? {
          mode: 'mariadb',
          executed: get('gtid_binlog_pos'),
          slavePos: get('gtid_slave_pos'),
          currentPos: get('gtid_current_pos'),
          strictMode: bool(get('gtid_strict_mode')),
          domainId: num(get('gtid_domain_id')) ?? 0,
          binlogState: get('gtid_binlog_state'),
        }
      : { mode: get('gtid_mode') || 'OFF', executed: get('gtid_executed').replace(/\s+/g, '') },
    ...(binlog ? { binlog } : {}),
    ...(get('log_bin_basename') ? { logBinBasename: get('log_bin_basename') } : {}),
    replicationAccounts: options.light ? [] : await readReplicationAccounts(read, warnings),
    userDatabases: options.light ? [] : await readUserDatabases(read),
    collectedAt: now.toISOString(),
    warnings,
  };
  if (!facts.logBin) warnings.push('binary log is off: this server cannot be a master');
  if (facts.serverId === 0) warnings.push('server_id is 0: replication needs a unique non-zero id');
  return { facts, dialect };
}

export async function readUserDatabases(read: ReadRows): Promise<string[]> {
  const rows = await read('SHOW DATABASES');
  return rows.map((r) => text(Object.values(r)[0])).filter((name) => !isSystemSchema(name));
}

/**
 * Accounts holding REPLICATION SLAVE, with their grants (password hashes masked). The privilege
 * is compared here, not in SQL: in MariaDB ≥ 10.4 mysql.user is a view whose 'Y'/'N' literals
 * carry the collation of the server's install, and `= 'Y'` from a connection with another
 * collation fails with "Illegal mix of collations" (error 1267).
 */
export async function readReplicationAccounts(
  read: ReadRows,
  warnings: string[],
): Promise<ReplicationAccount[]> {
  const redactor = new Redactor();
  try {
    const rows = await read('SELECT User, Host, Repl_slave_priv AS repl FROM mysql.user');
    const users = rows
      .filter((r) => text(r.repl).toUpperCase() === 'Y')
      .sort((a, b) =>
        `${text(a.User)}@${text(a.Host)}`.localeCompare(`${text(b.User)}@${text(b.Host)}`),
      )
      .slice(0, 50);
    const accounts: ReplicationAccount[] = [];
    for (const u of users) {
      const user = text(u.User);
      const host = text(u.Host);
      const grants = await read(`SHOW GRANTS FOR ${account(user, host)}`).catch(() => [] as Row[]);
      accounts.push({
        user,
        host,
        grants: grants.map((g) => redactor.text(text(Object.values(g)[0]))),
      });
    }
    return accounts;
  } catch (err) {
    warnings.push(`replication accounts unreadable: ${(err as Error).message}`);
    return [];
  }
}
