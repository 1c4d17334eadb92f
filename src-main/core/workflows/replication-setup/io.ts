import {
  OpsdeckError,
  type Host,
  type ReplicationSetupParams,
  type ServerProfile,
} from '../../../contract';
import { dialectOf, type Dialect } from '../../mysql';
import type { Row } from '../../mysql/sql-row';
import { text } from '../../mysql/sql-row';
import type { BaseContext, ExecResult, StepContext } from '../engine/definition';
import { waitUntil } from '../../common/wait';
import type { BackupCatalog } from '../../backups/catalog';

export type Ctx = StepContext<ReplicationSetupParams>;

/** What the workflow needs besides the step context. */
export interface ReplicationDeps {
  vault: { put(value: string, label: string): Promise<string>; get(ref: string): Promise<string> };
  /** Forget pooled MySQL connections of a host whose server was restarted. */
  closeMysql(hostId: string): void;
  /** Store a profile the preflight detected (for a host whose profile was never detected). */
  saveDetectedProfile(hostId: string, detected: DetectedProfile): Host;
  /** The backup catalog, for a seed from a backup (`seed: 'backup'`). */
  backups?: BackupCatalog;
}

export interface DetectedProfile {
  profile: Partial<ServerProfile>;
  notes: string[];
}

/** Read-only access used by preflight, from a run's context or from a door (mysql.preflight). */
export interface Io {
  sql(host: Host, sql: string): Promise<Row[]>;
  /** A command that changes nothing; non-zero exits are results. */
  sh(host: Host, command: string): Promise<ExecResult>;
  /** Detect the host's server profile over SSH and store it; returns the host as stored. */
  detectProfile?(host: Host, flavor: string): Promise<Host>;
}

export const ctxIo = (ctx: Ctx): Io => ({
  sql: (host, sql) => ctx.mysql.read(host, sql, { quiet: true }),
  sh: (host, command) =>
    ctx.ssh.read(host, command, { okCodes: [0, 1, 2, 127], timeoutMs: 60_000 }),
});

export function pair(ctx: Ctx): { master: Host; replica: Host } {
  return { master: ctx.host(ctx.params.master), replica: ctx.host(ctx.params.replica) };
}

/** Global variables of a server, by lower-cased name (names as given, quoted as strings). */
export async function variables(
  ctx: Ctx,
  host: Host,
  names: string[],
): Promise<Map<string, string>> {
  const rows = await ctx.mysql.read(
    host,
    `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${names.map((n) => `'${n}'`).join(', ')})`,
    { quiet: true },
  );
  return new Map(rows.map((r) => [text(r.Variable_name).toLowerCase(), text(r.Value)]));
}

export async function dialectOfHost(io: Io, host: Host): Promise<Dialect> {
  const [row] = await io.sql(host, 'SELECT @@version AS v, @@version_comment AS c');
  return dialectOf(text(row?.v), text(row?.c));
}

/** The replication account on the master: repl_<replica> unless named. */
export const replicationUserName = (params: ReplicationSetupParams, replica: Host) =>
  params.replicationUser ?? `repl_${replica.name.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 32);

/** Address and port the replica uses to reach the master's MySQL. */
export const masterEndpoint = (master: Host) => ({
  address: master.mysql?.address ?? master.address,
  port: master.mysql?.port ?? 3306,
});

/** Poll until the server answers again (after a restart). */
export async function waitForServer(
  ctx: Pick<BaseContext<unknown>, 'mysql' | 'signal'>,
  host: Host,
  timeoutMs = 120_000,
): Promise<void> {
  await waitUntil(
    async () => {
      await ctx.mysql.read(host, 'SELECT 1', { quiet: true, timeoutMs: 5_000 });
      return true;
    },
    {
      what: `MySQL on ${host.name} to answer`,
      pollMs: 1_000,
      timeoutMs,
      signal: ctx.signal,
      tolerateErrors: true,
      onTimeout: (last) =>
        new OpsdeckError(
          'MYSQL_UNREACHABLE',
          `MySQL on ${host.name} did not come back within ${Math.round(timeoutMs / 1000)} s${last instanceof Error ? `: ${last.message}` : ''}.`,
          `Look at ${host.name}'s MySQL error log, start it by hand if needed, then resume the run.`,
        ),
    },
  );
}

/** Profile field or a clear error naming what to fill in. */
export function profileValue(
  host: Host,
  key:
    | 'mysqlConfigPath'
    | 'mysqlServiceStart'
    | 'mysqlServiceStop'
    | 'mysqlServiceRestart'
    | 'mysqlDataDir',
  why: string,
): string {
  const value = host.profile[key];
  if (value) return value;
  throw new OpsdeckError(
    'MYSQL_PREFLIGHT_FAILED',
    `${host.name}'s server profile has no ${key}, which is needed to ${why}.`,
    `Detect it (\`opsdeck hosts profile ${host.name} --detect\`) or set it (\`opsdeck hosts profile ${host.name} --set ${key}=…\`, or Hosts → ${host.name} → Server profile), then resume.`,
  );
}
