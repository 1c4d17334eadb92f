import { OpsdeckError, type Host } from '../../contract';
import { dialectOf, type Dialect } from '../mysql';
import { isSystemSchema } from '../mysql/sql';
import { bool, text } from '../mysql/sql-row';
import { parseProbe, probeCommand } from './tools/probe';
import type { MysqlEffects } from '../workflows/engine/mysql-effects';
import type { SshEffects } from '../workflows/engine/definition';

export interface ServerInfo {
  dialect: Dialect;
  binlog: boolean;
  /** The profile's data dir, else the server's @@datadir. */
  datadir: string;
  /** Directory and base name of the binary logs (for point-in-time replay). */
  binlogBase?: string;
  userDatabases: string[];
  programs: Set<string>;
}

/** What backups and restores need to know about a server, read in a few round trips. */
export async function serverInfo(
  ctx: { mysql: Pick<MysqlEffects, 'read'>; ssh: Pick<SshEffects, 'read'> },
  host: Host,
): Promise<ServerInfo> {
  const [v] = await ctx.mysql.read(
    host,
    'SELECT @@version AS v, @@version_comment AS c, @@log_bin AS b, @@datadir AS d, @@log_bin_basename AS lb',
    { quiet: true },
  );
  const dbs = await ctx.mysql.read(host, 'SHOW DATABASES', { quiet: true });
  const probe = await ctx.ssh.read(host, probeCommand(), { timeoutMs: 30_000 });
  const datadir = (host.profile.mysqlDataDir || text(v?.d)).replace(/\/+$/, '');
  if (!datadir.startsWith('/') || datadir === '')
    throw new OpsdeckError(
      'MYSQL_PREFLIGHT_FAILED',
      `${host.name}'s data directory is unknown.`,
      `Set mysqlDataDir in ${host.name}'s profile.`,
    );
  const lb = text(v?.lb);
  return {
    dialect: dialectOf(text(v?.v), text(v?.c)),
    binlog: bool(v?.b),
    datadir,
    ...(lb ? { binlogBase: lb } : {}),
    userDatabases: dbs.map((r) => text(Object.values(r)[0])).filter((d) => d && !isSystemSchema(d)),
    programs: parseProbe(probe.stdout),
  };
}

/** A program the step needs, or a clear error naming the package. */
export function requireProgram(
  info: Pick<ServerInfo, 'programs'>,
  host: Host, program: string, why: string): void {
  if (info.programs.has(program)) return;
  const pkg: Record<string, string> = {
    mariabackup: 'mariadb-backup',
    mbstream: 'mariadb-backup',
    xtrabackup: 'percona-xtrabackup-80',
    xbstream: 'percona-xtrabackup-80',
    mydumper: 'mydumper',
    myloader: 'mydumper',
    zstd: 'zstd',
    fsfreeze: 'util-linux',
  };
  throw new OpsdeckError(
    'BACKUP_NOT_RESTORABLE',
    `${host.name} has no ${program}, which is needed to ${why}.`,
    `Install it on ${host.name}${pkg[program] ? ` (package ${pkg[program]})` : ''}, then run again.`,
  );
}
