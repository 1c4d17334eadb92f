import {
  toErrorShape,
  type BackupEntry,
  type Host,
  type PreflightCheck,
  type PreflightReport,
  type ReplicationSetupParams,
  type ServerFacts,
} from '../../../contract';
import { readServerFacts } from '../../mysql/facts';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql/status-parse';
import type { Dialect } from '../../mysql/dialects/dialect';
import { masterEndpoint, type Io, type ReplicationDeps } from './io';
import { profileDetector } from './profile-detect';
import { diskCheck, profileChecks, sudoCheck, userCheck, versionCheck } from './preflight-checks';
import { probeFromReplica, toolsCheck } from './preflight-probes';
import { showArgument, unsafeArgumentReason } from '../../command-args';
import type { PreflightDerived } from './outputs';
import { readServerIds, serverIdCheck } from './server-id';
import { bindCheck, readBind } from './bind-address';
import { backupSeedChecks, databasesIn } from './preflight-backup';

/** How the seed copies data: a backup from the catalog loads like a dump or a hot backup. */
export const seedShape = (
  params: Pick<ReplicationSetupParams, 'seed'>,
  backup: Pick<BackupEntry, 'kind'> | undefined,
): 'dump' | 'hot-backup' =>
  params.seed === 'backup' ? (backup?.kind === 'hot' ? 'hot-backup' : 'dump') : params.seed;

export interface PreflightResult extends PreflightReport {
  derived?: PreflightDerived;
}

type Read = { facts: ServerFacts; dialect: Dialect };

/** Everything checked before anything changes. Reads only: SQL reads and harmless commands. */
export async function runPreflight(
  io: Io,
  masterHost: Host,
  replicaHost: Host,
  requested: ReplicationSetupParams,
  /** seed `backup`: the catalog entry named by backupId (undefined when there is none). */
  backup?: BackupEntry,
): Promise<PreflightResult> {
  // The checks of the data's shape (tools, disk, profile) see a backup as the kind it is.
  const params = { ...requested, seed: seedShape(requested, backup) };
  const fromBackup = requested.seed === 'backup';
  let master = masterHost;
  let replica = replicaHost;
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

  // Profiles never detected (hosts just imported): detect them now, read-only, and keep them.
  const needs = (host: Host, config: boolean) =>
    !host.profile.mysqlConfigPath || (config && !host.profile.mysqlServiceRestart);
  const detect = async (host: Host, role: string, flavor: string): Promise<Host> => {
    if (!io.detectProfile) return host;
    const fresh = await io.detectProfile(host, flavor);
    add({
      id: `${role}-profile-detected`,
      title: `${role} profile detected`,
      level: 'info',
      message: `${host.name}: config ${fresh.profile.mysqlConfigPath ?? '(none found)'}, restart \`${fresh.profile.mysqlServiceRestart ?? '(none found)'}\`${fresh.profile.sudo ? ', through sudo' : ''}.`,
    });
    return fresh;
  };
  if (needs(replica, true)) replica = await detect(replica, 'replica', r.facts.flavor);
  const endpoint = masterEndpoint(master);
  const seen = await probeFromReplica(io, replica, r.dialect.client, endpoint);
  // Refused: the master may listen only on loopback (Debian's bind-address = 127.0.0.1).
  const bind =
    seen.check.level === 'error'
      ? await readBind(io, master, endpoint.address, m.facts)
      : undefined;
  const bindFix = bind && !bind.covered ? bind : undefined;
  // A master without binary log, or listening only on loopback: its profile says where the
  // offered fix would go.
  if ((!m.facts.logBin || bindFix) && needs(master, true))
    master = await detect(master, 'master', m.facts.flavor);
  const withBinlog = !m.facts.logBin && params.enableBinlog;
  const fixesMaster = withBinlog || (bindFix && params.fixBindAddress);
  for (const host of [replica, ...(fixesMaster ? [master] : [])]) {
    const check = await sudoCheck(io, host);
    if (check) add(check);
  }
  add(
    bindFix
      ? bindCheck(bindFix, { master, replica }, endpoint, {
          allowed: params.fixBindAddress,
          withBinlog,
        })
      : seen.check,
  );
  checks.push(
    ...(await toolsCheck(io, master, replica, m.dialect, r.dialect, params.seed, backup)),
  );

  // server_id: non-zero and unique among the master and the replicas registered with it.
  const replicaNow = primaryConnection(
    parseReplicaStatusRows(await io.sql(replica, r.dialect.replicaStatusSql)),
  );
  const replicaSource = replicaNow?.sourceHost
    ? `${replicaNow.sourceHost}:${replicaNow.sourcePort}`
    : undefined;
  const alreadyOurs = replicaSource === `${endpoint.address}:${endpoint.port}`;
  add(
    serverIdCheck(
      await readServerIds(io, master, replica, { alreadyOurs, seenAddress: seen.address }),
      master,
      replica,
      { allowed: params.fixServerId, configPath: replica.profile.mysqlConfigPath },
    ),
  );

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
      hint: `Detect ${master.name}'s profile (\`opsdeck hosts profile ${master.name} --detect\`) or set mysqlConfigPath and mysqlServiceRestart (\`--set key=value\`).`,
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

  const gtid =
    params.useGtid && (m.dialect.flavor === 'mariadb' || m.facts.gtid.mode.toUpperCase() === 'ON');
  if (fromBackup)
    checks.push(
      ...(await backupSeedChecks(io, master, backup, {
        backupId: requested.backupId,
        flavor: m.dialect.flavor,
        gtid,
        masterDatabases: m.facts.userDatabases,
      })),
    );

  checks.push(versionCheck(master, replica, m, r));
  const databases =
    (fromBackup && backup ? databasesIn(backup) : params.databases) ?? m.facts.userDatabases;
  const missing = fromBackup ? [] : databases.filter((d) => !m.facts.userDatabases.includes(d));
  if (missing.length)
    add({
      id: 'databases',
      title: 'Databases to copy',
      level: 'error',
      message: `Not on ${master.name}: ${missing.join(', ')}.`,
      hint: 'Correct the database list.',
    });
  const unsafe = databases.filter((d) => unsafeArgumentReason(d));
  if (unsafe.length && requested.seed === 'dump')
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
  add({
    id: 'gtid',
    title: 'Positioning',
    level: 'info',
    message: `${gtid ? 'by GTID, from the seed’s GTID state' : 'by binlog file and position from the seed'}${fromBackup ? ' (the backup’s); the replica then replays everything written since' : ''}`,
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
      ...(bindFix && params.fixBindAddress ? { bindAddress: bindFix.fixed } : {}),
      ...(fromBackup && backup ? { backupKind: seedShape(requested, backup) } : {}),
    },
  };
}

/** mysql.preflight: the same checks from a door, with the core's pools. */
export async function standalonePreflight(
  core: {
    hosts: { get(ref: string): Host; saveDetectedProfile: ReplicationDeps['saveDetectedProfile'] };
    /** The catalog, for a seed from a backup. */
    backups?: { find(id: string): BackupEntry | undefined };
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
  const sh: Io['sh'] = (host, command) => core.ssh.exec(host, command, { timeoutMs: 60_000 });
  const io: Io = {
    sql: (host, sql) => core.mysql.reader(host)(sql),
    sh,
    detectProfile: profileDetector(sh, (id, detected) =>
      core.hosts.saveDetectedProfile(id, detected),
    ),
  };
  const { derived: _d, ...report } = await runPreflight(
    io,
    core.hosts.get(params.master),
    core.hosts.get(params.replica),
    params,
    params.backupId ? core.backups?.find(params.backupId) : undefined,
  );
  return report;
}
