import {
  formatBytes,
  type Host,
  type PreflightCheck,
  type ReplicationSetupParams,
  type ServerFacts,
} from '../../../contract';
import { atLeast, type Dialect } from '../../mysql/dialects/dialect';
import { account, quoteString } from '../../mysql/sql';
import { num, text } from '../../mysql/sql-row';
import { shellQuote as shq } from '../../common/shell';
import { needsSudo } from '../../ssh/privilege';
import { replicationUserName, type Io } from './io';

type Read = { facts: ServerFacts; dialect: Dialect };

export function versionCheck(master: Host, replica: Host, m: Read, r: Read): PreflightCheck {
  const title = 'Replica version ≥ master';
  const mariaM = m.facts.flavor === 'mariadb';
  if (mariaM !== (r.facts.flavor === 'mariadb'))
    return {
      id: 'version',
      title,
      level: 'error',
      message: `${m.dialect.label} → ${r.dialect.label}: replication across MySQL and MariaDB is not supported by this workflow.`,
    };
  const mv = m.dialect.version;
  if (!atLeast(r.dialect.version, mv.major, mv.minor, mv.patch))
    return {
      id: 'version',
      title,
      level: 'error',
      message: `${replica.name} runs ${r.facts.version}, older than ${master.name}'s ${m.facts.version}.`,
      hint: `Upgrade ${replica.name} first: a replica must not be older than its master.`,
    };
  return { id: 'version', title, level: 'ok', message: `${m.facts.version} → ${r.facts.version}` };
}

export async function diskCheck(
  io: Io,
  master: Host,
  replica: Host,
  m: Read,
  r: Read,
  params: ReplicationSetupParams,
  databases: string[],
): Promise<PreflightCheck> {
  const title = 'Disk space for the seed';
  const datadir = r.facts.datadir.replace(/\/+$/, '') || '/';
  let need: number;
  let where: string;
  if (params.seed === 'dump') {
    const rows = databases.length
      ? await io.sql(
          master,
          `SELECT COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.TABLES WHERE table_schema IN (${databases.map(quoteString).join(', ')})`,
        )
      : [];
    need = Math.ceil((num(rows[0]?.bytes) ?? 0) * 1.2) + 64 * 1024 * 1024;
    where = datadir;
  } else {
    const du = await io.sh(master, `du -sk -- ${shq(m.facts.datadir)} 2>/dev/null | cut -f1`);
    need = Math.ceil((num(du.stdout.trim()) ?? 0) * 1024 * 2.2);
    where = datadir.replace(/\/[^/]+$/, '') || '/';
  }
  const df = await io.sh(replica, `df -Pk -- ${shq(where)} | tail -n 1`);
  const free = (num(df.stdout.trim().split(/\s+/)[3]) ?? -1) * 1024;
  if (free < 0)
    return {
      id: 'disk',
      title,
      level: 'warning',
      message: `Could not read the free space of ${where} on ${replica.name}.`,
    };
  return free >= need
    ? {
        id: 'disk',
        title,
        level: 'ok',
        message: `${formatBytes(free)} free in ${where} on ${replica.name}; the seed needs about ${formatBytes(need)}.`,
      }
    : {
        id: 'disk',
        title,
        level: 'error',
        message: `${replica.name} has ${formatBytes(free)} free in ${where}; the seed needs about ${formatBytes(need)}.`,
        hint: 'Free space on the replica, or copy fewer databases.',
      };
}

export async function userCheck(
  io: Io,
  master: Host,
  params: ReplicationSetupParams,
  replica: Host,
  address: string | undefined,
): Promise<PreflightCheck> {
  const user = replicationUserName(params, replica);
  const host = address ?? replica.address;
  const title = 'Replication account';
  const rows = await io
    .sql(
      master,
      `SELECT Host FROM mysql.user WHERE User = ${quoteString(user)} AND Host = ${quoteString(host)}`,
    )
    .catch(() => []);
  if (!rows.length)
    return {
      id: 'replication-user',
      title,
      level: 'ok',
      message: `${user}@${host} will be created on ${master.name} with REPLICATION SLAVE only; its password is generated and kept in the vault.`,
    };
  const grants = (await io.sql(master, `SHOW GRANTS FOR ${account(user, host)}`)).map((g) =>
    text(Object.values(g)[0]),
  );
  const extra = grants.filter(
    (g) => !/^GRANT (USAGE|REPLICATION (SLAVE|REPLICA)) ON \*\.\* TO/i.test(g),
  );
  return extra.length
    ? {
        id: 'replication-user',
        title,
        level: 'error',
        message: `${user}@${host} exists on ${master.name} with more than REPLICATION SLAVE: ${extra.join('; ').replace(/IDENTIFIED BY PASSWORD '[^']*'/gi, '')}`,
        hint: 'Pick another replicationUser, or reduce that account’s privileges.',
      }
    : {
        id: 'replication-user',
        title,
        level: 'info',
        message: `${user}@${host} exists with REPLICATION SLAVE only; it gets a new generated password.`,
      };
}

/** A login that is not root must become root without a password (sudo -n) for config edits. */
export async function sudoCheck(io: Io, host: Host): Promise<PreflightCheck | undefined> {
  if (!needsSudo(host)) return undefined;
  const r = await io.sh(host, 'sudo -n true 2>&1');
  if (r.code === 0) return undefined;
  return {
    id: `sudo-${host.name}`,
    title: `Root on ${host.name}`,
    level: 'error',
    message: `${host.user} on ${host.name} cannot become root without a password (sudo -n: ${(r.stdout.trim() || r.stderr.trim() || `exit ${r.code}`).split('\n').pop()}), and the setup edits its MySQL config and restarts it.`,
    hint: `Allow ${host.user} sudo without a password (NOPASSWD), or log in to ${host.name} as root.`,
  };
}

export function profileChecks(
  replica: Host,
  params: ReplicationSetupParams,
  facts: ServerFacts,
): PreflightCheck[] {
  const need: string[] = [];
  const p = replica.profile;
  const wantsConfig =
    facts.logReplicaUpdates !== params.logReplicaUpdates ||
    !facts.logBin ||
    params.ignoreTables.length > 0;
  if (!p.mysqlConfigPath) need.push('mysqlConfigPath (to persist replica settings)');
  if (wantsConfig && !p.mysqlServiceRestart) need.push('mysqlServiceRestart');
  if (params.seed === 'hot-backup' && !(p.mysqlServiceStop && p.mysqlServiceStart))
    need.push('mysqlServiceStop and mysqlServiceStart');
  return need.length
    ? [
        {
          id: 'profile',
          title: 'Replica profile',
          level: 'error',
          message: `${replica.name}'s server profile lacks ${need.join(', ')}, and detection did not find ${need.length > 1 ? 'them' : 'it'}.`,
          hint: `Set ${need.length > 1 ? 'them' : 'it'}: \`opsdeck hosts profile ${replica.name} --set key=value\` (or Hosts → ${replica.name} → Server profile).`,
        },
      ]
    : [
        {
          id: 'profile',
          title: 'Replica profile',
          level: 'ok',
          message: `config ${p.mysqlConfigPath}`,
        },
      ];
}
