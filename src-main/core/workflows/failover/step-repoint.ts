import { OpsdeckError } from '../../../contract';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql';
import type { Step, StepContext } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { endpointOf, runHooks, serverOf, until, type Server } from './io';
import { replicationLogin } from './step-account';
import { fenceOf, killClients, type HeldLocks } from './step-fence';
import { promoteOf } from './step-promote';
import { mark, pinnedOf, type Pinned } from './state';

type Ctx = StepContext<unknown>;

/** CHANGE MASTER to the new master (GTID where the cluster has it), START, both threads running. */
async function pointAt(
  ctx: Ctx,
  deps: FailoverDeps,
  p: Pinned,
  s: Server,
  before: readonly string[],
): Promise<void> {
  const login = await replicationLogin(ctx, deps, p);
  const { address, port } = endpointOf(ctx.host(p.candidate));
  const coords = promoteOf(ctx);
  const gtid = p.positioning !== 'binlog-file';
  if (!gtid && !coords)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      'The promotion left no coordinates.',
      'Resume from the promotion.',
    );
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
  await until(
    ctx,
    async () => {
      const c = primaryConnection(
        parseReplicaStatusRows(
          await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
        ),
      );
      if (
        c?.lastIoError &&
        c.ioThread !== 'running' &&
        /1236|1045|1130/.test(String(c.lastIoError.errno))
      )
        throw new OpsdeckError(
          'MYSQL_REPLICATION_BROKEN',
          `${s.host.name} cannot replicate from ${p.candidate}: error ${c.lastIoError.errno} ${c.lastIoError.message}`,
          `Look at ${s.host.name}; a reseed (opsdeck mysql replicate) may be needed.`,
        );
      return c?.ioThread === 'running' && c.sqlThread === 'running';
    },
    20_000,
    () =>
      new OpsdeckError(
        'MYSQL_REPLICATION_BROKEN',
        `${s.host.name}'s replication from ${p.candidate} did not start within 20 s.`,
        `Look at SHOW SLAVE STATUS on ${s.host.name}, fix it and resume.`,
      ),
    200,
  );
}

/**
 * Switchover: the old master becomes a replica of the new one. Clients waiting on its read lock are
 * ended first, then the lock is released — it stays read_only — and it replicates from the new
 * master starting after its own last transaction.
 */
export function repointOldMasterStep(deps: FailoverDeps, locks: HeldLocks): Step<unknown> {
  return {
    id: 'repoint-old-master',
    title: 'The old master replicates from the new one (read_only)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const s = await serverOf(ctx, p.master);
      await killClients(ctx, s.host);
      if (s.sql.readLock) await locks.get(ctx.runId)?.release(s.sql.readLock.release);
      locks.delete(ctx.runId);
      const fence = fenceOf(ctx);
      await pointAt(ctx, deps, p, s, [
        s.dialect.resetReplicaAllSql,
        ...s.sql.fence,
        ...(fence?.position ? s.sql.rejoinStart(fence.position) : []),
      ]);
      mark(ctx, `${p.master} replicates from ${p.candidate} (read_only)`);
    },
  };
}

/** The other replicas move under the new master, side by side. */
export function repointReplicasStep(deps: FailoverDeps): Step<unknown> {
  return {
    id: 'repoint-replicas',
    title: 'The other replicas replicate from the new master',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const failed: string[] = [];
      const moved: string[] = [];
      await Promise.all(
        p.replicas.map(async (name) => {
          try {
            const s = await serverOf(ctx, name);
            if (
              p.positioning === 'binlog-file' &&
              p.kind === 'failover' &&
              !(await samePlace(ctx, p, s))
            )
              throw new OpsdeckError(
                'MYSQL_REPLICATION_BROKEN',
                `${name} stopped at another position of the dead master's binary log than ${p.candidate}; without GTID it cannot be repointed`,
                `Reseed ${name} from ${p.candidate} (opsdeck mysql replicate --master ${p.candidate} --replica ${name}).`,
              );
            await pointAt(ctx, deps, p, s, []);
            moved.push(name);
          } catch (err) {
            failed.push(`${name}: ${(err as Error).message}`);
          }
        }),
      );
      ctx.output.repointed = { moved, failed };
      if (moved.length)
        mark(
          ctx,
          `${moved.join(', ')} replicate${moved.length === 1 ? 's' : ''} from ${p.candidate}`,
        );
      await runHooks(ctx, p, 'after-repoint');
      if (failed.length)
        throw new OpsdeckError(
          'MYSQL_REPLICATION_BROKEN',
          `Not repointed: ${failed.join(' · ')}.`,
          `${p.candidate} is the master and takes writes${moved.length ? `; ${moved.join(', ')} replicate from it` : ''}. Fix the replica(s) named, then resume.`,
        );
    },
  };
}

/** Without GTID: did this replica stop exactly where the candidate did in the dead master's log? */
async function samePlace(ctx: Ctx, p: Pinned, s: Server): Promise<boolean> {
  const at = async (name: string, srv: Server) =>
    primaryConnection(
      parseReplicaStatusRows(
        await ctx.mysql.read(ctx.host(name), srv.dialect.replicaStatusSql, { quiet: true }),
      ),
    );
  const mine = await at(s.host.name, s);
  const cand = (p.plan?.candidates ?? []).find((c) => c.name === p.candidate)?.executed;
  return Boolean(mine && cand === `${mine.execSourceLogFile}:${mine.execSourceLogPos}`);
}
