import { z } from 'zod';
import { OpsdeckError, type Host, type PreflightCheck } from '../../../contract';
import { num, text } from '../../mysql/sql-row';
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
import {
  appearsAs,
  processlistClient,
  registrationOwner,
  type DumpThread,
  type Registration,
} from './registration-owner';
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
  registered: Registration[];
  /** The master's binlog dump threads (PROCESSLIST, Command 'Binlog Dump' / 'Binlog Dump GTID'). */
  dumps: DumpThread[];
  /** Every address and name the master may know the replica by (registration-owner.ts). */
  seenAs: string[];
  /** The replica already replicates from this master (its own old registration may be listed). */
  alreadyOurs: boolean;
}

/**
 * Who else uses the replica's server_id: nobody, the master, the replica's own registration
 * (live, or left by its idle dump thread after it stopped: the master replaces it when the replica
 * connects again), or another host — named by the address the master lists it under.
 */
export type IdUse =
  | { kind: 'free' }
  | { kind: 'master' }
  /** `shared`: the match rests only on a loopback or shared address (registration-owner.ts). */
  | { kind: 'own'; by: string; shared?: true }
  | { kind: 'other'; address: string };

export function idUse(ids: ServerIds): IdUse {
  if (ids.replica === ids.master) return { kind: 'master' };
  const reg = ids.registered.find((r) => r.serverId === ids.replica);
  if (!reg) return { kind: 'free' };
  if (ids.alreadyOurs) return { kind: 'own', by: 'its running replication' };
  return registrationOwner(reg, ids.registered, ids.dumps, ids.seenAs);
}

export const idClash = (ids: ServerIds) => {
  const use = idUse(ids).kind;
  return use === 'master' || use === 'other';
};

/** The next id above every id in use (master, replica, registered replicas). */
export const freeServerId = (ids: ServerIds) =>
  Math.max(ids.master, ids.replica, ...ids.registered.map((r) => r.serverId), 1) + 1;

/** The master's binlog dump threads: id and client address. */
export const DUMP_THREADS_SQL =
  "SELECT ID AS id, HOST AS host FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')";

export async function readServerIds(
  io: Io,
  master: Host,
  replica: Host,
  known: {
    alreadyOurs: boolean;
    /** The client address the master sees for the replica (the preflight's probe). */
    seenAddress?: string | undefined;
  },
): Promise<ServerIds> {
  const md = await dialectOfHost(io, master);
  const [mine] = await io.sql(
    replica,
    'SELECT @@server_id AS id, @@hostname AS hostname, @@report_host AS report',
  );
  const rows = await io.sql(master, md.replicaHostsSql).catch(() => []);
  const dumps = await io.sql(master, DUMP_THREADS_SQL).catch(() => []);
  const seenAs = appearsAs(known.seenAddress, [
    replica.mysql?.address ?? '',
    replica.address,
    replica.name,
    text(mine?.hostname),
    text(mine?.report),
  ]);
  return {
    master: num((await io.sql(master, 'SELECT @@server_id AS id'))[0]?.id) ?? 0,
    replica: num(mine?.id) ?? 0,
    registered: rows
      .map((r) => ({
        serverId: num(r.Server_id ?? r.Server_Id) ?? -1,
        host: text(r.Host),
        port: num(r.Port) ?? 0,
      }))
      .filter((r) => r.serverId >= 0),
    dumps: dumps.map((d) => ({ id: num(d.id) ?? 0, client: processlistClient(text(d.host)) })),
    seenAs,
    alreadyOurs: known.alreadyOurs,
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
  const use = idUse(ids);
  if (ids.replica !== 0 && use.kind === 'own' && use.shared)
    return {
      ...base,
      level: 'warning',
      message: `${master.name}=${ids.master}, ${replica.name}=${ids.replica}; ${master.name} lists a registration with server_id ${ids.replica} from ${use.by}, taken as ${replica.name}'s own earlier one only because ${replica.name} may appear as ${use.by} too — but other servers may come from that address as well (loopback or shared: a tunnel, NAT). If another server uses server_id ${ids.replica}, the two will end each other's connection to ${master.name}.`,
      hint: `Set report_host on ${replica.name} to one of its inventory addresses so ${master.name} lists it by name, or give it a unique server_id (--fix-server-id).`,
    };
  if (ids.replica !== 0 && (use.kind === 'free' || use.kind === 'own'))
    return {
      ...base,
      level: 'ok',
      message: `${master.name}=${ids.master}, ${replica.name}=${ids.replica}${use.kind === 'own' && !ids.alreadyOurs ? ` (${master.name} still lists ${replica.name}'s own earlier registration, from ${use.by}: ${master.name} replaces it when ${replica.name} connects with server_id ${ids.replica})` : ''}`,
    };
  const what =
    ids.replica === 0
      ? `${replica.name} has server_id 0`
      : use.kind === 'other'
        ? `${replica.name} has server_id ${ids.replica}, which another replica of ${master.name} already uses (registered from ${use.address}, not ${replica.name}'s address)`
        : `${replica.name} has server_id ${ids.replica}, which ${master.name} has too`;
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
      use.kind === 'other'
        ? `Two replicas with one server_id end each other's connection to ${master.name}. Let Opsdeck give ${replica.name} a unique server_id (--fix-server-id), or set one in its config yourself. If that host is ${replica.name} after all (behind another address), set report_host on ${replica.name} to one of its inventory addresses.`
        : `Let Opsdeck give ${replica.name} a unique server_id (--fix-server-id, or tick it in the wizard), or set one in its config yourself.`,
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
    const derived = ctx.find(PREFLIGHT)?.derived;
    const endpoint = masterEndpoint(master);
    return readServerIds(ctxIo(ctx), master, replica, {
      alreadyOurs: derived?.replicaSource === `${endpoint.address}:${endpoint.port}`,
      seenAddress: derived?.sourceAddress,
    });
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
