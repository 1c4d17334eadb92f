import { OpsdeckError, type FailoverParams, type Host } from '../../../contract';
import { stopInstances } from '../../aws/actions/instances';
import { readProxy, runtimeChange } from '../../haproxy/proxy-shell';
import { setServerStateCommand, shutdownSessionsCommand } from '../../haproxy/runtime';
import { parseHaproxyConfig } from '../../haproxy/config-parse';
import { CLIENTS_SQL, killSql } from '../../mysql/dialects/failover-sql';
import { num, text } from '../../mysql/sql-row';
import type { Step, StepContext } from '../engine/definition';
import { runHooks, serverOf, valueOf, type Server } from './io';
import { mark, pinnedOf, stamp } from './state';

type Ctx = StepContext<unknown>;

/** A held global read lock, per run (lost with the process: a resume takes it again). */
export type HeldLocks = Map<
  string,
  { alive(): boolean; release(sql: readonly string[]): Promise<void> }
>;

/** End every client connection except replication, the server's own threads and Opsdeck's own. */
export async function killClients(ctx: Ctx, host: Host): Promise<number> {
  const rows = await ctx.mysql.read(host, CLIENTS_SQL, { quiet: true });
  const ids = rows.map((r) => num(r.id)).filter((n): n is number => n !== null);
  for (const id of ids)
    // Gone already (1094 unknown thread id), or it was the pooled connection that ran the KILL
    // itself (one of Opsdeck's idle ones): the connection is ended either way.
    await ctx.mysql.write(host, killSql(id)).catch(() => undefined);
  if (ids.length)
    ctx.log(
      `${host.name}: ended ${ids.length} client connection(s): ${rows.map((r) => `${text(r.user)}@${text(r.host)}`).join(', ')}`,
    );
  return ids.length;
}

/** Where the fenced master stopped: GTID state and binlog coordinates. */
export interface FencePoint {
  position: string;
  file: string;
  pos: number;
  at: string;
}

export const fenceOf = (ctx: Ctx) => ctx.output.fence as FencePoint | undefined;

/**
 * Switchover, step 1 of the write pause: read_only (+ super_read_only), every client connection
 * ended, and on MariaDB a global read lock held by Opsdeck (accounts with READ ONLY ADMIN write
 * under read_only). Then the old master's final position is read.
 */
export function fenceStep(locks: HeldLocks): Step<unknown> {
  return {
    id: 'fence',
    title: 'Fence writes on the master: read_only, clients ended, read lock (MariaDB)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      await runHooks(ctx, p, 'before-fence');
      const s = await serverOf(ctx, p.master);
      await fence(ctx, s, locks);
      const point = await finalPosition(ctx, s);
      ctx.output.fence = point;
      mark(ctx, `${p.master} fenced at ${point.position || `${point.file}:${point.pos}`}`);
      await runHooks(ctx, p, 'after-fence');
    },
    // Until the promotion nothing else changed: writes resume on the old master.
    undo: (ctx) => unfence(ctx, locks),
  };
}

async function fence(ctx: Ctx, s: Server, locks: HeldLocks): Promise<void> {
  await ctx.mysql.write(s.host, s.sql.fence, { purpose: `fence writes on ${s.host.name}` });
  stamp(ctx, 'fenced');
  await killClients(ctx, s.host);
  if (s.sql.readLock) {
    await locks.get(ctx.runId)?.release(s.sql.readLock.release);
    locks.delete(ctx.runId);
    const held = await ctx.mysql.hold(s.host, s.sql.readLock.take, {
      timeoutMs: 15_000,
      purpose: `hold a global read lock on ${s.host.name} while it is fenced`,
    });
    locks.set(ctx.runId, held);
    // Sessions that connected between read_only and the lock now wait on it: end them too.
    await killClients(ctx, s.host);
  }
}

async function finalPosition(ctx: Ctx, s: Server): Promise<FencePoint> {
  const position = await valueOf(ctx, s.host, s.sql.positionSql, 'pos');
  const [b] = await ctx.mysql.read(s.host, s.dialect.binlogStatusSql, { quiet: true });
  return {
    position,
    file: text(b?.File),
    pos: num(b?.Position) ?? 0,
    at: new Date().toISOString(),
  };
}

/** Compensation before the point of no return: the old master takes writes again. */
export async function unfence(ctx: Ctx, locks: HeldLocks): Promise<void> {
  const p = pinnedOf(ctx);
  const s = await serverOf(ctx, p.master);
  if (s.sql.readLock) await locks.get(ctx.runId)?.release(s.sql.readLock.release);
  locks.delete(ctx.runId);
  await ctx.mysql.write(s.host, s.sql.unfence, { purpose: `undo the fence on ${p.master}` });
  mark(ctx, `fence undone: ${p.master} takes writes again; nothing else was changed`);
}

/**
 * Switchover: every replica executes the old master's final transaction. If one cannot within the
 * timeout, the fence is undone (before the point of no return) and the run fails saying so.
 */
export function catchUpStep(locks: HeldLocks): Step<{ catchUpTimeoutSec: number }> {
  return {
    id: 'catch-up',
    title: "Every replica executes the old master's last transaction",
    async run(ctx) {
      const p = pinnedOf(ctx);
      const point = fenceOf(ctx);
      if (!point)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          'The fence was not recorded.',
          'Resume the run from the fence.',
        );
      const t = ctx.params.catchUpTimeoutSec;
      const names = [p.candidate, ...p.replicas];
      const results = await Promise.all(
        names.map(async (name) => {
          const s = await serverOf(ctx, name);
          const sql =
            p.positioning === 'binlog-file'
              ? s.sql.waitForFilePos(point.file, point.pos, t)
              : s.sql.waitForGtid(point.position, t);
          if (ctx.dryRun) return { name, ok: true, at: '' };
          const [row] = await ctx.mysql.read(s.host, sql, {
            timeoutMs: (t + 10) * 1000,
            quiet: true,
          });
          const r = num(row?.r);
          const ok = p.positioning === 'binlog-file' ? r !== null && r >= 0 : r === 0;
          const at = ok
            ? ''
            : await valueOf(ctx, s.host, 'SELECT @@gtid_slave_pos AS p', 'p').catch(() => '?');
          return { name, ok, at };
        }),
      );
      const late = results.filter((r) => !r.ok);
      if (late.length) {
        await unfence(ctx as Ctx, locks);
        throw new OpsdeckError(
          'TIMEOUT',
          `${late.map((r) => `${r.name}${r.at ? ` (at ${r.at})` : ''}`).join(', ')} did not execute ${p.master}'s last transaction (${point.position || `${point.file}:${point.pos}`}) within ${t} s.`,
          `The fence was undone: ${p.master} takes writes again and nothing else changed. Look at the replication of ${late.map((r) => r.name).join(', ')} (lag, SQL thread), then run the switchover again.`,
        );
      }
      mark(ctx, `every replica executed ${point.position || `${point.file}:${point.pos}`}`);
    },
  };
}

/**
 * Failover: the old master is fenced by every path that still reaches it — read_only and clients
 * ended if its MySQL answers (it came back), out of HAProxy's pool, its EC2 instance stopped if asked.
 */
export function fenceOldMasterStep(): Step<FailoverParams> {
  return {
    id: 'fence-old-master',
    title: 'Fence the old master by every path that reaches it (SQL, traffic layer, EC2)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      await runHooks(ctx, p, 'before-fence');
      const paths: string[] = [];
      if (await fenceIfBack(ctx as Ctx, p.master))
        paths.push('read_only and clients ended (it answered)');
      const t = p.cluster.traffic;
      if (t.kind === 'haproxy') {
        const proxy = ctx.host(t.proxyHost);
        const { settings, config } = await readProxy(ctx.ssh, proxy);
        const section = parseHaproxyConfig(config).find((s) => s.name === t.section);
        const old = section?.servers.find((s) => s.name === p.master);
        if (old && settings.statsSocket) {
          await runtimeChange(ctx.ssh, proxy, settings, [
            setServerStateCommand(t.section, old.name, 'maint'),
            shutdownSessionsCommand(t.section, old.name),
          ]);
          paths.push(`maintenance in ${proxy.name}'s ${t.section}`);
        }
      }
      const master = ctx.host(p.master);
      const instance = master.tags.find((x) => x.startsWith('ec2:'))?.slice(4);
      if (ctx.params.stopOldInstance && instance) {
        const account = master.tags.find((x) => x.startsWith('aws:'))?.slice(4);
        const region = master.tags.find((x) => x.startsWith('region:'))?.slice(7);
        if (!account)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `${master.name} has no aws:<account> tag to stop its instance with.`,
            'Tag the host with its Opsdeck AWS account, or run without stopping the instance.',
          );
        await ctx.aws.write(
          { account, region },
          `stop ${instance} (${master.name}, the old master)`,
          (a) => stopInstances(a, [instance], true),
        );
        paths.push(`EC2 instance ${instance} stopped`);
      }
      mark(
        ctx,
        `${p.master} fenced: ${paths.length ? paths.join('; ') : 'unreachable by every path (it is dead)'}`,
      );
      stamp(ctx, 'fenced');
      await runHooks(ctx, p, 'after-fence');
    },
  };
}

/** If a dead old master answers again, fence it with SQL at once. Returns whether it answered. */
export async function fenceIfBack(ctx: Ctx, name: string): Promise<boolean> {
  const host = ctx.host(name);
  const back = await ctx.mysql
    .read(host, 'SELECT 1 AS up', { quiet: true, timeoutMs: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (!back) return false;
  const s = await serverOf(ctx, name);
  await ctx.mysql.write(host, s.sql.fence, { purpose: `fence ${name}, which came back` });
  await killClients(ctx, host);
  mark(ctx, `${name} answered again: fenced with ${s.sql.fence.join('; ')} and its clients ended`);
  return true;
}
