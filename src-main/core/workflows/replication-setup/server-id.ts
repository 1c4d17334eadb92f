import { z } from 'zod';
import { OpsdeckError, type Host, type PreflightCheck } from '../../../contract';
import { num } from '../../mysql/sql-row';
import { outputOf, type OutputOf, type Step } from '../engine/definition';
import {
  ctxIo,
  dialectOfHost,
  masterEndpoint,
  pair,
  type Ctx,
  type Io,
  type ReplicationDeps,
  variables,
} from './io';
import { PREFLIGHT } from './outputs';
import { changeServerSettings } from './server-config';

/**
 * server_id must be non-zero and unique among a master and its replicas. Stock installs all have
 * server_id 1, so a new replica usually clashes with its master: the fixServerId fix gives the
 * replica the next free id, in its option file (where the setting wins) and at once with
 * SET GLOBAL (server_id is dynamic: no restart needed).
 */

export interface ServerIds {
  master: number;
  replica: number;
  /** Replicas registered with the master (SHOW SLAVE HOSTS / SHOW REPLICAS). */
  registered: number[];
  /** The replica already replicates from this master (its own old registration may be listed). */
  alreadyOurs: boolean;
}

export const idClash = (ids: ServerIds) =>
  ids.replica === ids.master || (ids.registered.includes(ids.replica) && !ids.alreadyOurs);

/** The next id above every id in use (master, replica, registered replicas). */
export const freeServerId = (ids: ServerIds) =>
  Math.max(ids.master, ids.replica, ...ids.registered, 1) + 1;

export async function readServerIds(
  io: Io,
  master: Host,
  replica: Host,
  alreadyOurs: boolean,
): Promise<ServerIds> {
  const md = await dialectOfHost(io, master);
  const id = async (host: Host) =>
    num((await io.sql(host, 'SELECT @@server_id AS id'))[0]?.id) ?? 0;
  const rows = await io.sql(master, md.replicaHostsSql).catch(() => []);
  return {
    master: await id(master),
    replica: await id(replica),
    registered: rows.map((r) => num(r.Server_id ?? r.Server_Id) ?? -1).filter((n) => n >= 0),
    alreadyOurs,
  };
}

/** The preflight's server_id check, with the fix when it is allowed. */
export function serverIdCheck(
  ids: ServerIds,
  master: Host,
  replica: Host,
  fix: { allowed: boolean; configPath?: string | undefined },
): PreflightCheck {
  const base = { id: 'server-id', title: 'Unique server_id' };
  if (ids.master === 0)
    return {
      ...base,
      level: 'error',
      message: `server_id is 0 on ${master.name}.`,
      hint: 'Set a unique non-zero server_id in its config and restart it (enableBinlog sets 1 when it turns the binary log on).',
    };
  if (ids.replica !== 0 && !idClash(ids))
    return {
      ...base,
      level: 'ok',
      message: `${master.name}=${ids.master}, ${replica.name}=${ids.replica}`,
    };
  const what =
    ids.replica === 0
      ? `${replica.name} has server_id 0`
      : `${replica.name} has server_id ${ids.replica}, which ${ids.replica === ids.master ? `${master.name} has too` : `a replica of ${master.name} already uses`}`;
  if (fix.allowed)
    return {
      ...base,
      level: 'warning',
      message: `${what}: it will be set to ${freeServerId(ids)} in ${fix.configPath ?? 'its option file'} (where server_id wins; a backup copy is kept) and at once with SET GLOBAL.`,
      fix: 'fixServerId',
    };
  return {
    ...base,
    level: 'error',
    message: `${what}.`,
    hint:
      ids.replica === ids.master || ids.replica === 0
        ? `Let Opsdeck give ${replica.name} a unique server_id (--fix-server-id, or tick it in the wizard), or set one in its config yourself.`
        : `If another server uses ${ids.replica}, let Opsdeck give ${replica.name} a unique server_id (--fix-server-id). If it is ${replica.name}'s own earlier registration (it replicated from ${master.name} before), ${master.name} keeps listing it until its idle binlog dump thread notices: see SHOW SLAVE HOSTS / SHOW PROCESSLIST on ${master.name}, end that 'Binlog Dump' thread (KILL <id>) or wait for the next write, then run again.`,
    fix: 'fixServerId',
  };
}

/** What the fix did: the replica's server_id before and after, and the option file lines. */
export const FIX_SERVER_ID = outputOf(
  'fix-server-id',
  z.object({ from: z.number(), to: z.number(), configChanges: z.array(z.string()) }),
);

/** Only with fixServerId: a unique server_id for the replica, persisted and applied at once. */
export function fixServerIdStep(
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof FIX_SERVER_ID>> {
  const ids = (ctx: Ctx) => {
    const { master, replica } = pair(ctx);
    const source = ctx.find(PREFLIGHT)?.derived?.replicaSource;
    const endpoint = masterEndpoint(master);
    return readServerIds(
      ctxIo(ctx),
      master,
      replica,
      source === `${endpoint.address}:${endpoint.port}`,
    );
  };
  return {
    ...FIX_SERVER_ID,
    title: 'Unique server_id on the replica',
    requested: (params) => params.fixServerId,
    async check(ctx) {
      const found = await ids(ctx);
      return found.replica !== 0 && !idClash(found);
    },
    async run(ctx) {
      const { replica } = pair(ctx);
      const found = await ids(ctx);
      const next = freeServerId(found);
      const configChanges = await changeServerSettings(
        ctx,
        deps,
        replica,
        { server_id: String(next) },
        false,
      );
      await ctx.mysql.write(replica, `SET GLOBAL server_id = ${next}`, {
        purpose: `apply server_id ${next} on ${replica.name} at once`,
      });
      ctx.changed(`server_id ${found.replica} → ${next}`);
      ctx.log(`${replica.name}: server_id ${found.replica} → ${next}`);
      return { from: found.replica, to: next, configChanges };
    },
    async verify(ctx) {
      if (ctx.dryRun) return;
      const { replica } = pair(ctx);
      const wanted = ctx.get(FIX_SERVER_ID).to;
      const now = (await variables(ctx, replica, ['server_id'])).get('server_id');
      if (now !== String(wanted))
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${replica.name} still runs with server_id ${now ?? '?'}, not ${wanted}.`,
          'Check SET GLOBAL server_id on it, then resume.',
        );
    },
  };
}
