import { OpsdeckError } from '../../../contract';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { writtenSinceFence, writtenSinceFenceError } from './fence-moved';
import { endpointOf, runHooks, serverOf, until, type Server } from './io';
import { judgeStart, SETTLE_MS, threadErrors, type StartWatch } from '../../mysql/replica-start';
import { replicationLogin } from './step-account';
import { killClients, type HeldLocks } from './step-fence';
import {
  PROMOTE,
  fencePointOf,
  REPOINT,
  REPOINT_OLD,
  pinnedOf,
  timeline,
  type Pinned,
} from './outputs';

type Ctx = BaseContext<unknown>;

/**
 * CHANGE MASTER to the new master (GTID where the cluster has it), START, then both threads seen
 * running for SETTLE_MS on end (replica-start.ts): a thread stopped on an error, or a timeout,
 * names Last_IO_Error and Last_SQL_Error as the server shows them.
 */
export async function pointAt(
  ctx: Ctx,
  deps: FailoverDeps,
  p: Pinned,
  s: Server,
  before: readonly string[],
): Promise<void> {
  const login = await replicationLogin(ctx, deps, p);
  const { address, port } = endpointOf(ctx.host(p.candidate));
  const coords = ctx.find(PROMOTE);
  const gtid = p.positioning !== 'binlog-file';
  await ctx.mysql.write(
    s.host,
    [
      s.dialect.stopReplicaSql,
      ...before,
      s.dialect.changeSource({
        host: address,
        port,
        ...login,
        gtid,
        connectRetrySec: 1,
        ...(gtid ? {} : { logFile: coords?.file ?? '', logPos: coords?.pos ?? 4 }),
      }),
      s.dialect.startReplicaSql,
    ],
    { purpose: `make ${s.host.name} replicate from ${p.candidate}` },
  );
  ctx.changed(`${s.host.name} replicates from ${p.candidate}`);
  const watch: StartWatch = {};
  await until(
    ctx,
    async () => {
      const c = primaryConnection(
        parseReplicaStatusRows(
          await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
        ),
      );
      // Planning reads nothing real: the first look is all it does.
      const v = judgeStart(c, { address, port }, Date.now(), watch, ctx.dryRun ? 0 : SETTLE_MS);
      if (v.kind === 'broken')
        throw new OpsdeckError(
          'MYSQL_REPLICATION_BROKEN',
          `${s.host.name} cannot replicate from ${p.candidate}: ${v.errors}`,
          `Look at ${s.host.name}; when its data diverged, reseed it (opsdeck mysql rejoin ${s.host.name} --under ${p.candidate} --reseed).`,
        );
      return v.kind === 'ok';
    },
    20_000,
    () =>
      new OpsdeckError(
        'MYSQL_REPLICATION_BROKEN',
        `${s.host.name}'s replication from ${p.candidate} did not start within 20 s (both threads running for ${SETTLE_MS / 1000} s): ${threadErrors(watch.last)}.`,
        `Look at SHOW SLAVE STATUS on ${s.host.name} (the errors above are its own), fix it and resume.`,
      ),
    200,
  );
}

/**
 * Switchover: the old master becomes a replica of the new one. Clients waiting on its read lock are
 * ended first, then the lock is released — it stays read_only — and it replicates from the new
 * master, starting after its own last transaction. If it wrote anything after its fence point
 * (possible once the lock is gone), it is not pointed: MYSQL_DIVERGED names those writes.
 */
export function repointOldMasterStep(
  deps: FailoverDeps,
  locks: HeldLocks,
): Step<unknown, OutputOf<typeof REPOINT_OLD>> {
  return {
    ...REPOINT_OLD,
    title: 'The old master replicates from the new one (read_only)',
    // A resumed run must not set its start position again: it has applied events since.
    async check(ctx) {
      const p = pinnedOf(ctx);
      const s = await serverOf(ctx, p.master);
      return replicatesFrom(ctx, s, p.candidate);
    },
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const s = await serverOf(ctx, p.master);
      await killClients(ctx, s.host);
      if (s.sql.readLock) await locks.get(ctx.runId)?.release(s.sql.readLock.release);
      locks.delete(ctx.runId);
      // Where the old master stopped: the latest fence if a resumed run fenced again.
      const fence = fencePointOf(ctx);
      // Without its read lock (a resumed run, a lost session, or released just now) an admin
      // account may have written to it since: never point it with those writes on it alone.
      const since = fence && (await writtenSinceFence(ctx, s, p, fence));
      if (fence && since) throw writtenSinceFenceError(p, fence, since);
      await pointAt(ctx, deps, p, s, [
        s.dialect.resetReplicaAllSql,
        ...s.sql.fence,
        ...(fence?.position ? s.sql.rejoinStart(fence.position) : []),
      ]);
      t.mark(`${p.master} replicates from ${p.candidate} (read_only)`);
      return { timeline: t.entries };
    },
  };
}

/** The other replicas move under the new master: one child each, four at a time. */
export function repointReplicasStep(deps: FailoverDeps): Step<unknown, OutputOf<typeof REPOINT>> {
  return {
    ...REPOINT,
    title: 'The other replicas replicate from the new master',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const results = await ctx.forEach(
        p.replicas,
        { key: (n) => n, title: (n) => n, limit: 4 },
        async (child, name) => {
          const s = await serverOf(child, name);
          if (
            p.positioning === 'binlog-file' &&
            p.kind === 'failover' &&
            !(await samePlace(child, p, s))
          )
            throw new OpsdeckError(
              'MYSQL_REPLICATION_BROKEN',
              `${name} stopped at another position of the dead master's binary log than ${p.candidate}; without GTID it cannot be repointed`,
              `Reseed ${name} from ${p.candidate} (opsdeck mysql replicate --master ${p.candidate} --replica ${name}).`,
            );
          await pointAt(child, deps, p, s, []);
          return name;
        },
      );
      const moved = [...results.values()];
      if (moved.length)
        t.mark(`${moved.join(', ')} replicate${moved.length === 1 ? 's' : ''} from ${p.candidate}`);
      await runHooks(ctx, p, 'after-repoint');
      return { moved, timeline: t.entries };
    },
  };
}

/** Without GTID: did this replica stop exactly where the candidate did in the dead master's log? */
async function samePlace(ctx: Ctx, p: Pinned, s: Server): Promise<boolean> {
  const mine = primaryConnection(
    parseReplicaStatusRows(
      await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
    ),
  );
  const cand = (p.plan?.candidates ?? []).find((c) => c.name === p.candidate)?.executed;
  return Boolean(mine && cand === `${mine.execSourceLogFile}:${mine.execSourceLogPos}`);
}

/** Is `s` replicating from `candidate`, both threads running? */
async function replicatesFrom(ctx: Ctx, s: Server, candidate: string): Promise<boolean> {
  const c = primaryConnection(
    parseReplicaStatusRows(
      await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
    ),
  );
  const { address, port } = endpointOf(ctx.host(candidate));
  return Boolean(
    c &&
    c.sourceHost === address &&
    c.sourcePort === port &&
    c.ioThread === 'running' &&
    c.sqlThread === 'running',
  );
}
