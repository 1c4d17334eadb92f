import {
  toErrorShape,
  type Host,
  type PreflightCheck,
  type PreflightReport,
  type ReplicationSetupParams,
  type ServerFacts,
} from '../../../contract';
import { readServerFacts } from '../../mysql/facts';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql/status-parse';
import type { Dialect } from '../../mysql/dialects/dialect';
import { num } from '../../mysql/sql-row';
import { masterEndpoint, type Io } from './io';
import { diskCheck, profileChecks, userCheck, versionCheck } from './preflight-checks';
import { probeFromReplica, toolsCheck } from './preflight-probes';
import { showArgument, unsafeArgumentReason } from '../../command-args';
import type { PreflightDerived } from './outputs';

export interface PreflightResult extends PreflightReport {
  derived?: PreflightDerived;
}

type Read = { facts: ServerFacts; dialect: Dialect };

/** Everything checked before anything changes. Reads only: SQL reads and harmless commands. */
export async function runPreflight(
  io: Io,
  master: Host,
  replica: Host,
  params: ReplicationSetupParams,
): Promise<PreflightResult> {
  const checks: PreflightCheck[] = [];
  const add = (c: PreflightCheck) => checks.push(c);
  if (master.id === replica.id) {
    add({
      id: 'hosts',
      title: 'Two servers',
      level: 'error',
      message: 'Master and replica are the same host.',
    });
    return { ok: false, checks };
  }
  const login = async (host: Host, role: string): Promise<Read | undefined> => {
    try {
      const r = await readServerFacts((sql) => io.sql(host, sql), host, new Date());
      add({
        id: `${role}-login`,
        title: `${role} reachable`,
        level: 'ok',
        message: `${host.name}: ${r.dialect.label}, server_id ${r.facts.serverId}`,
      });
      return r;
    } catch (err) {
      const e = toErrorShape(err);
      add({
        id: `${role}-login`,
        title: `${role} reachable`,
        level: 'error',
        message: e.message,
        hint: e.hint,
      });
      return undefined;
    }
  };
  const m = await login(master, 'master');
  const r = await login(replica, 'replica');
  if (!m || !r) return { ok: false, checks };

  const endpoint = masterEndpoint(master);
  const seen = await probeFromReplica(io, replica, r.dialect.client, endpoint);
  add(seen.check);
  checks.push(...(await toolsCheck(io, master, replica, m.dialect, r.dialect, params.seed)));

  // server_id: non-zero and unique among the master and the replicas registered with it.
  const registered = await io.sql(master, m.dialect.replicaHostsSql).catch(() => []);
  const replicaNow = primaryConnection(
    parseReplicaStatusRows(await io.sql(replica, r.dialect.replicaStatusSql)),
  );
  const replicaSource = replicaNow?.sourceHost
    ? `${replicaNow.sourceHost}:${replicaNow.sourcePort}`
    : undefined;
  const alreadyOurs = replicaSource === `${endpoint.address}:${endpoint.port}`;
  const clash = registered.some((row) => num(row.Server_id ?? row.Server_Id) === r.facts.serverId);
  if (r.facts.serverId === 0 || m.facts.serverId === 0)
    add({
      id: 'server-id',
      title: 'Unique server_id',
      level: 'error',
      message: `server_id is 0 on ${r.facts.serverId === 0 ? replica.name : master.name}.`,
      hint: 'Set a unique non-zero server_id in its config and restart it.',
    });
  else if (r.facts.serverId === m.facts.serverId || (clash && !alreadyOurs))
    add({
      id: 'server-id',
      title: 'Unique server_id',
      level: 'error',
      message: `${replica.name} has server_id ${r.facts.serverId}, which ${r.facts.serverId === m.facts.serverId ? `${master.name} has too` : `a replica of ${master.name} already uses`}.`,
      hint:
        r.facts.serverId === m.facts.serverId
          ? `Give ${replica.name} a unique server_id (config file, then restart), and run again.`
          : `If another server uses ${r.facts.serverId}, give ${replica.name} a unique server_id (config file, then restart). If it is ${replica.name}'s own earlier registration (it replicated from ${master.name} before), ${master.name} keeps listing it until its idle binlog dump thread notices: see SHOW SLAVE HOSTS / SHOW PROCESSLIST on ${master.name}, end that 'Binlog Dump' thread (KILL <id>) or wait for the next write, then run again.`,
    });
  else
    add({
      id: 'server-id',
      title: 'Unique server_id',
      level: 'ok',
      message: `${master.name}=${m.facts.serverId}, ${replica.name}=${r.facts.serverId}`,
    });

  if (m.facts.logBin)
    add({
      id: 'binlog',
      title: 'Binary log on the master',
      level: 'ok',
      message: `on (${m.facts.binlog?.file ?? 'no file yet'})`,
    });
  else if (params.enableBinlog)
    add({
      id: 'binlog',
      title: 'Binary log on the master',
      level:
        master.profile.mysqlConfigPath && master.profile.mysqlServiceRestart ? 'warning' : 'error',
      message:
        master.profile.mysqlConfigPath && master.profile.mysqlServiceRestart
          ? `off: will be enabled in ${master.profile.mysqlConfigPath} (a backup copy is kept) and ${master.name}'s MySQL restarted.`
          : `off, and ${master.name}'s profile lacks the config path or restart command to enable it.`,
      hint: `Fill in ${master.name}'s server profile.`,
    });
  else
    add({
      id: 'binlog',
      title: 'Binary log on the master',
      level: 'error',
      message: `The binary log is off on ${master.name}; it cannot be a master.`,
      hint: 'Allow Opsdeck to enable it (enableBinlog: config edit + restart of the master), or enable it yourself.',
      fix: 'enableBinlog',
    });

  const format = m.facts.binlogFormat.toUpperCase();
  add(
    format === 'ROW' || (!m.facts.logBin && params.enableBinlog)
      ? {
          id: 'binlog-format',
          title: 'binlog_format ROW',
          level: 'ok',
          message: format || 'ROW (with the binlog enabled by Opsdeck)',
        }
      : {
          id: 'binlog-format',
          title: 'binlog_format ROW',
          level: 'warning',
          message: `binlog_format is ${format} on ${master.name}; ROW is recommended for replicas.`,
          hint: 'SET GLOBAL binlog_format = ROW and persist it in the config.',
        },
  );

  checks.push(versionCheck(master, replica, m, r));
  const databases = params.databases ?? m.facts.userDatabases;
  const missing = databases.filter((d) => !m.facts.userDatabases.includes(d));
  if (missing.length)
    add({
      id: 'databases',
      title: 'Databases to copy',
      level: 'error',
      message: `Not on ${master.name}: ${missing.join(', ')}.`,
      hint: 'Correct the database list.',
    });
  const unsafe = databases.filter((d) => unsafeArgumentReason(d));
  if (unsafe.length && params.seed === 'dump')
    add({
      id: 'database-names',
      title: 'Database names',
      level: 'error',
      message: `${master.name} has database names Opsdeck will not put on the dump tool's command line: ${unsafe.map((d) => `${showArgument(d)} (${unsafeArgumentReason(d) ?? ''})`).join(', ')}.`,
      hint: 'Such a name can be read as an option of the dump tool. Rename the database, or choose the databases to copy (--databases).',
    });
  checks.push(await diskCheck(io, master, replica, m, r, params, databases));

  const unconfirmed = r.facts.userDatabases.filter((d) => !params.overwrite.includes(d));
  if (unconfirmed.length)
    add({
      id: 'replica-empty',
      title: 'Replica empty',
      level: 'error',
      message: `${replica.name} holds databases: ${unconfirmed.join(', ')}. ${params.seed === 'hot-backup' ? 'The hot backup replaces its whole data directory.' : 'The seed would overwrite or leave them beside the copy.'}`,
      hint: `If they may go, confirm by listing them to overwrite (--overwrite ${unconfirmed.join(',')}).`,
      fix: 'overwrite',
    });
  else
    add({
      id: 'replica-empty',
      title: 'Replica empty',
      level: r.facts.userDatabases.length ? 'warning' : 'ok',
      message: r.facts.userDatabases.length
        ? `Confirmed to overwrite on ${replica.name}: ${r.facts.userDatabases.join(', ')}.`
        : `${replica.name} holds no user databases.`,
    });
  if (replicaSource)
    add({
      id: 'replica-replication',
      title: 'Existing replication',
      level: 'warning',
      message: `${replica.name} replicates from ${replicaSource}; that will be stopped and reset.`,
    });

  checks.push(await userCheck(io, master, params, replica, seen.address));
  checks.push(...profileChecks(replica, params, r.facts));
  const gtid =
    params.useGtid && (m.dialect.flavor === 'mariadb' || m.facts.gtid.mode.toUpperCase() === 'ON');
  add({
    id: 'gtid',
    title: 'Positioning',
    level: 'info',
    message: gtid
      ? 'by GTID, from the seed’s GTID state'
      : 'by binlog file and position from the seed',
  });
  return {
    ok: !checks.some((c) => c.level === 'error'),
    checks,
    derived: {
      masterFlavor: m.facts.flavor,
      masterVersion: m.facts.version,
      replicaVersion: r.facts.version,
      sourceAddress: seen.address ?? replica.address,
      databases,
      replicaDatabases: r.facts.userDatabases,
      replicaDatadir: (r.facts.datadir || replica.profile.mysqlDataDir || '').replace(/\/+$/, ''),
      masterDatadir: (m.facts.datadir || master.profile.mysqlDataDir || '').replace(/\/+$/, ''),
      gtid,
      ...(replicaSource ? { replicaSource } : {}),
    },
  };
}

/** mysql.preflight: the same checks from a door, with the core's pools. */
export async function standalonePreflight(
  core: {
    hosts: { get(ref: string): Host };
    mysql: { reader(host: Host): (sql: string) => Promise<Record<string, unknown>[]> };
    ssh: {
      exec(
        host: Host,
        command: string,
        options?: { timeoutMs?: number },
      ): Promise<{
        code: number | null;
        signal?: string;
        stdout: string;
        stderr: string;
        durationMs: number;
      }>;
    };
  },
  params: ReplicationSetupParams,
): Promise<PreflightReport> {
  const io: Io = {
    sql: (host, sql) => core.mysql.reader(host)(sql),
    sh: (host, command) => core.ssh.exec(host, command, { timeoutMs: 60_000 }),
  };
  const { derived: _d, ...report } = await runPreflight(
    io,
    core.hosts.get(params.master),
    core.hosts.get(params.replica),
    params,
  );
  return report;
}
