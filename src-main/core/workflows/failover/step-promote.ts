import { OpsdeckError } from '../../../contract';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql';
import { parseMariaGtids, positionByDomain } from '../../mysql/gtid/mariadb-gtid';
import { isGtidSubset, parseGtidSet } from '../../mysql/gtid/mysql-gtid-set';
import { num, text } from '../../mysql/sql-row';
import type { BaseContext, OutputOf, Step, StepContext } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { endpointOf, runHooks, serverOf, until, valueOf, type Server } from './io';
import { replicationLogin } from './step-account';
import { fenceIfBack, standingFence, waitForFencePoint, type HeldLocks } from './step-fence';
import { APPLY, PROMOTE, pinnedOf, timeline } from './outputs';

type Ctx = BaseContext<unknown>;

/**
 * The point of no return: the candidate stops replicating, forgets its master and becomes
 * writable. Its binlog coordinates are read first (for replicas that cannot use GTID).
 */
export function promoteStep(
  kind: 'switchover' | 'failover',
  locks?: HeldLocks,
): Step<{ catchUpTimeoutSec: number }, OutputOf<typeof PROMOTE>> {
  return {
    ...PROMOTE,
    title: 'Promote the candidate: replication stopped and reset, writable',
    pointOfNoReturn: true,
    manual:
      'The candidate may already be writable: check it (SHOW SLAVE STATUS, @@read_only). Finish by hand or resume — the steps check before they act. The old master stays read_only, but on MariaDB its read lock died with Opsdeck: accounts with SUPER / READ ONLY ADMIN can write to it until you resume (a resumed switchover fences it again).',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      // The dead master may have come back while the candidate applied its relay log.
      if (kind === 'failover') await fenceIfBack(ctx, p.master);
      // A resumed switchover (paused before the promotion, then Opsdeck restarted) lost its read
      // lock with the process: fence again and let every replica reach the new final point.
      const refenced = kind === 'switchover' && locks ? await fenceAgain(ctx, locks) : undefined;
      const s = await serverOf(ctx, p.candidate);
      const [b] = await ctx.mysql.read(s.host, s.dialect.binlogStatusSql, { quiet: true });
      const position = await valueOf(ctx, s.host, s.sql.positionSql, 'pos');
      const file = text(b?.File);
      const pos = num(b?.Position) ?? 0;
      const replicating = await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true });
      const readOnly = await valueOf(ctx, s.host, 'SELECT @@read_only AS ro', 'ro');
      if (replicating.length === 0 && readOnly === '0' && !ctx.dryRun)
        ctx.log(`${p.candidate} is already a writable master (a resumed run): nothing to do`);
      else {
        await ctx.mysql.write(s.host, s.sql.promote, { purpose: `promote ${p.candidate}` });
        ctx.changed(`${p.candidate} promoted: no master, writable`);
      }
      const at = new Date().toISOString();
      t.mark(`${p.candidate} promoted at ${position || `${file}:${pos}`}: writable, no master`);
      await runHooks(ctx, p, 'after-promote');
      return { position, file, pos, at, timeline: t.entries, ...(refenced ? { refenced } : {}) };
    },
  };
}

/** The switchover's fence, held again if it was lost; the new final point if it was taken again. */
async function fenceAgain(ctx: StepContext<{ catchUpTimeoutSec: number }>, locks: HeldLocks) {
  const p = pinnedOf(ctx);
  const { point, refenced } = await standingFence(ctx, locks, 'promote');
  if (!refenced) return undefined;
  await waitForFencePoint(
    ctx,
    point,
    ctx.params.catchUpTimeoutSec,
    (late) =>
      `Nothing was promoted and ${p.master} is fenced. Look at the replication of ${late} (lag, SQL thread), then resume.`,
  );
  ctx.log(`every replica executed ${p.master}'s new final position: promoting`);
  return point;
}

/**
 * Failover: the candidate applies everything it received from the dead master (every replica's
 * IO thread is stopped first so nothing more arrives, should it come back); when a more advanced
 * replica that cannot be promoted has transactions it lacks, it fetches them from that one by GTID.
 */
export function applyRelayLogStep(
  deps: FailoverDeps,
): Step<{ catchUpTimeoutSec: number }, OutputOf<typeof APPLY>> {
  return {
    ...APPLY,
    title: 'The candidate applies its relay log (and fetches what it lacks from a donor)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const timeoutMs = ctx.params.catchUpTimeoutSec * 1000;
      for (const name of [p.candidate, ...p.replicas]) {
        const s = await serverOf(ctx, name).catch(() => undefined);
        if (s) await ctx.mysql.write(s.host, ioStop(s), { purpose: `stop ${name}'s IO thread` });
      }
      const c = await serverOf(ctx, p.candidate);
      await applyReceived(ctx, c, timeoutMs);
      if (p.catchUpFrom) await fetchFromDonor(ctx, deps, c, p.catchUpFrom, timeoutMs, t.mark);
      const position = await valueOf(ctx, c.host, c.sql.positionSql, 'pos').catch(() => '?');
      t.mark(`${p.candidate} applied its relay log: at ${position}`);
      return { position, timeline: t.entries };
    },
    // Before the promotion: the replicas may fetch from the old master again.
    async undo(ctx) {
      const p = pinnedOf(ctx);
      for (const name of [p.candidate, ...p.replicas]) {
        const s = await serverOf(ctx, name).catch(() => undefined);
        if (s) await ctx.mysql.write(s.host, s.dialect.startReplicaSql).catch(() => undefined);
      }
    },
  };
}

const ioStop = (s: Server) =>
  s.dialect.id === 'mysql8' ? 'STOP REPLICA IO_THREAD' : 'STOP SLAVE IO_THREAD';

/** Wait until the SQL thread executed all that the IO thread received. */
async function applyReceived(ctx: Ctx, s: Server, timeoutMs: number): Promise<void> {
  let last = '';
  await until(
    ctx,
    async () => {
      const conn = primaryConnection(
        parseReplicaStatusRows(
          await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
        ),
      );
      if (!conn) return true;
      if (conn.sqlThread === 'stopped' && conn.lastSqlError)
        throw new OpsdeckError(
          'MYSQL_REPLICATION_BROKEN',
          `${s.host.name}'s SQL thread stopped on error ${conn.lastSqlError.errno} while applying its relay log: ${conn.lastSqlError.message}`,
          `Nothing was promoted. Fix the replication of ${s.host.name} (or fail over to another replica with --to), then resume.`,
        );
      last = `executed ${conn.execSourceLogFile}:${conn.execSourceLogPos} of ${conn.sourceLogFile}:${conn.readSourceLogPos} received`;
      return (
        (conn.execSourceLogFile === conn.sourceLogFile &&
          conn.execSourceLogPos >= conn.readSourceLogPos) ||
        gtidCaughtUp(s, conn.retrievedGtid, conn.executedGtid)
      );
    },
    timeoutMs,
    () =>
      new OpsdeckError(
        'TIMEOUT',
        `${s.host.name} did not apply its relay log within ${Math.round(timeoutMs / 1000)} s (${last}).`,
        'Nothing was promoted. Wait for it (or give a longer catch-up timeout) and resume.',
      ),
    200,
  );
}

/** Everything received (GTID) is executed. */
function gtidCaughtUp(s: Server, retrieved: string, executed: string): boolean {
  if (!retrieved) return false;
  if (s.dialect.flavor !== 'mariadb')
    return isGtidSubset(parseGtidSet(retrieved), parseGtidSet(executed));
  const done = positionByDomain(parseMariaGtids(executed));
  return [...positionByDomain(parseMariaGtids(retrieved)).values()].every(
    (g) => (done.get(g.domain)?.seq ?? -1) >= g.seq,
  );
}

/** By GTID from the donor, until the candidate has what the donor has; then replication stops. */
async function fetchFromDonor(
  ctx: Ctx,
  deps: FailoverDeps,
  c: Server,
  donorName: string,
  timeoutMs: number,
  mark: (text: string) => void,
): Promise<void> {
  const p = pinnedOf(ctx);
  const donor = await serverOf(ctx, donorName);
  await applyReceived(ctx, donor, timeoutMs);
  const target = await valueOf(ctx, donor.host, donor.sql.positionSql, 'pos');
  const login = await replicationLogin(ctx, deps, p);
  const { address, port } = endpointOf(donor.host);
  await ctx.mysql.write(
    c.host,
    [
      c.dialect.stopReplicaSql,
      c.dialect.changeSource({ host: address, port, ...login, gtid: true, connectRetrySec: 1 }),
      c.dialect.startReplicaSql,
    ],
    { purpose: `let ${c.host.name} fetch what it lacks from ${donorName}` },
  );
  const secs = Math.round(timeoutMs / 1000);
  const [row] = ctx.dryRun
    ? [{ r: 0 }]
    : await ctx.mysql.read(c.host, c.sql.waitForGtid(target, secs), {
        timeoutMs: timeoutMs + 10_000,
      });
  if (num(row?.r) !== 0)
    throw new OpsdeckError(
      'TIMEOUT',
      `${c.host.name} did not get ${target} from ${donorName} within ${secs} s.`,
      `Nothing was promoted. Check ${c.host.name}'s replication from ${donorName}, then resume.`,
    );
  await ctx.mysql.write(c.host, [c.dialect.stopReplicaSql], {
    purpose: 'stop the catch-up replication',
  });
  mark(`${c.host.name} fetched what it lacked from ${donorName} (now at ${target})`);
}
