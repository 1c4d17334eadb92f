import { OpsdeckError, type FailoverParams, type Host } from '../../../contract';
import { parseHaproxyConfig } from '../../haproxy/config-parse';
import { readProxy, runtimeChange } from '../../haproxy/proxy-shell';
import { setServerStateCommand, shutdownSessionsCommand } from '../../haproxy/runtime';
import { CLIENTS_SQL, killSql } from '../../mysql/dialects/failover-sql';
import { num, text } from '../../mysql/sql-row';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import { runHooks, serverOf, valueOf, type Server } from './io';
import { CATCH_UP, FENCE, FENCE_OLD, fencePointOf, pinnedOf, timeline } from './outputs';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';

type Ctx = BaseContext<unknown>;

/**
 * The fence this process holds, per run: MariaDB's global read lock, or a marker where
 * super_read_only is the fence. Lost with the process: the catch-up or the promotion of a resumed
 * switchover fences again.
 */
export type HeldLocks = Map<
  string,
  {
    alive(): boolean;
    release(sql: readonly string[]): Promise<void>;
    /** Holds nothing (MySQL): super_read_only on the server is the fence, read to trust it. */
    marker?: boolean;
  }
>;

/**
 * End every client connection except replication, the server's own threads and Opsdeck's own:
 * its held read lock (a fence that killed it would lose the lock it just took) and its pooled
 * connections (killed, one could be handed out again before its end is noticed — over a socket
 * login's SSH relay that takes a while — and the next statement fail with "connection lost").
 */
export async function killClients(ctx: Ctx, host: Host): Promise<number> {
  const listed = await ctx.mysql.read(host, CLIENTS_SQL, { quiet: true });
  // Opsdeck's own ids after the read: the read itself may have opened a pooled connection.
  // Sparing pooled connections lets nothing write past the fence: the read lock (MariaDB) or
  // super_read_only (MySQL) holds them too.
  const own = new Set(ctx.mysql.ownThreadIds(host));
  const rows = listed.filter((r) => !own.has(num(r.id) ?? -1));
  const ids = rows.map((r) => num(r.id)).filter((n): n is number => n !== null);
  for (const id of ids)
    // Gone already (1094 unknown thread id): the connection is ended either way.
    await ctx.mysql.write(host, killSql(id)).catch(() => undefined);
  if (ids.length)
    ctx.log(
      `${host.name}: ended ${ids.length} client connection(s): ${rows.map((r) => `${text(r.user)}@${text(r.host)}`).join(', ')}`,
    );
  return ids.length;
}

/**
 * Switchover, the start of the write pause: read_only (+ super_read_only), every client
 * connection ended, and on MariaDB a global read lock held by Opsdeck (accounts with READ ONLY
 * ADMIN write under read_only). Then the old master's final position is read. Undo (before the
 * point of no return): the lock released, writes allowed again.
 */
export function fenceStep(locks: HeldLocks): Step<unknown, OutputOf<typeof FENCE>> {
  return {
    ...FENCE,
    title: 'Fence writes on the master: read_only, clients ended, read lock (MariaDB)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      await runHooks(ctx, p, 'before-fence');
      const point = await fenceMaster(ctx, locks);
      t.mark(`${p.master} fenced at ${point.position || `${point.file}:${point.pos}`}`);
      await runHooks(ctx, p, 'after-fence');
      return { ...point, timeline: t.entries };
    },
    undo: (ctx) => unfence(ctx, locks),
  };
}

export type FencePoint = Omit<OutputOf<typeof FENCE>, 'timeline'>;

/** read_only (+ super_read_only), clients ended, the read lock taken; the final position read. */
async function fenceMaster(ctx: Ctx, locks: HeldLocks): Promise<FencePoint> {
  const p = pinnedOf(ctx);
  const s = await serverOf(ctx, p.master);
  await ctx.mysql.write(s.host, s.sql.fence, { purpose: `fence writes on ${p.master}` });
  const at = new Date().toISOString();
  ctx.changed(`${p.master} fenced (${s.sql.fence.join('; ')})`);
  await killClients(ctx, s.host);
  if (s.sql.readLock) {
    await locks.get(ctx.runId)?.release(s.sql.readLock.release);
    const held = await ctx.mysql.hold(s.host, s.sql.readLock.take, {
      timeoutMs: 15_000,
      purpose: `hold a global read lock on ${p.master} while it is fenced`,
    });
    locks.set(ctx.runId, held);
    // Sessions that connected between read_only and the lock wait on it now: end them too.
    await killClients(ctx, s.host);
  } else locks.set(ctx.runId, { alive: () => true, release: async () => undefined, marker: true });
  const position = await valueOf(ctx, s.host, s.sql.positionSql, 'pos');
  const [b] = await ctx.mysql.read(s.host, s.dialect.binlogStatusSql, { quiet: true });
  return { position, file: text(b?.File), pos: num(b?.Position) ?? 0, at };
}

/**
 * The fence as the catch-up and the promotion may trust it. In the process that fenced, the read
 * lock is still held and the latest fence point stands. After a crash and resume (or the lock's
 * session lost), the lock went with it and accounts that may write under read_only (SUPER, READ
 * ONLY ADMIN) may have written since: fence again and take the new final position, so nothing
 * written in between is left behind on the old master. A master that is writable again was put
 * back into service by someone after the run stopped: refused, nothing done (fencing it would be
 * a new switchover of a live master, with nobody's go-ahead).
 */
export async function standingFence(
  ctx: Ctx,
  locks: HeldLocks,
  step: 'catch-up' | 'promote',
): Promise<{ point: FencePoint; refenced: boolean }> {
  const point: FencePoint = fencePointOf(ctx) ?? ctx.get(FENCE);
  const held = locks.get(ctx.runId);
  if (ctx.dryRun || (held?.alive() && !held.marker)) return { point, refenced: false };
  const s = await serverOf(ctx, pinnedOf(ctx).master);
  await refuseIfWritable(ctx, s, step);
  // A marker (MySQL) holds nothing: super_read_only, read just now and still on, is the fence.
  // A mysqld restart in between (a gate, a pause) drops it: refused above, never trusted.
  if (held?.alive()) return { point, refenced: false };
  const again = await fenceMaster(ctx, locks);
  ctx.log(
    `${s.host.name}: the fence was not held any more (resumed run or lost session): fenced again; final position ${pointText(point)} → ${pointText(again)}`,
    'warn',
  );
  return { point: again, refenced: true };
}

/**
 * A discarded run: the fence's session this process still holds for it (MariaDB's global read
 * lock, after a failure past the promotion or a rollback that stopped) is ended, which releases
 * the lock, so the old master's SQL thread or a CHANGE MASTER by hand no longer waits on it.
 * read_only stays as the run left it (the discard names it). Nothing held: nothing to do.
 */
export async function releaseHeldFence(locks: HeldLocks, runId: string): Promise<boolean> {
  const held = locks.get(runId);
  locks.delete(runId);
  if (!held) return false;
  // No statement: ending the held connection is what releases FLUSH TABLES WITH READ LOCK.
  await held.release([]);
  return true;
}

const pointText = (p: FencePoint) => p.position || `${p.file}:${p.pos}`;

/** read_only (and super_read_only on MySQL) still on, or FAILOVER_REFUSED without a write. */
async function refuseIfWritable(ctx: Ctx, s: Server, step: 'catch-up' | 'promote') {
  const mysql = s.dialect.flavor !== 'mariadb';
  const [row] = await ctx.mysql.read(
    s.host,
    `SELECT @@read_only AS ro${mysql ? ', @@super_read_only AS sro' : ''}`,
    { quiet: true },
  );
  const off = (v: unknown) => String(v ?? '') === '0' || String(v ?? '').toUpperCase() === 'OFF';
  const writable = off(row?.ro) ? 'read_only' : mysql && off(row?.sro) ? 'super_read_only' : '';
  if (!writable) return;
  throw new OpsdeckError(
    'FAILOVER_REFUSED',
    `${s.host.name} is writable again (${writable} = OFF): someone unfenced it after the run stopped (or its server restarted, which drops super_read_only). This resume did not fence it again and changed nothing.`,
    step === 'catch-up'
      ? `If ${s.host.name} is back in service on purpose, roll this run back (the fence's undo leaves it writable), then start a new switchover when you are ready.`
      : `The promotion cannot be rolled back from here: discard this run (${s.host.name} stays the writable master), then start a new switchover when you are ready.`,
  );
}

/**
 * Every replica executes the fenced master's final transaction (`point`) within `secs`, or
 * TIMEOUT naming each late one and where it is.
 */
export async function waitForFencePoint(
  ctx: Ctx,
  point: FencePoint,
  secs: number,
  hint: (late: string) => string,
): Promise<void> {
  const p = pinnedOf(ctx);
  const results = await Promise.all(
    [p.candidate, ...p.replicas].map(async (name) => {
      const s = await serverOf(ctx, name);
      const sql =
        p.positioning === 'binlog-file'
          ? s.sql.waitForFilePos(point.file, point.pos, secs)
          : s.sql.waitForGtid(point.position, secs);
      if (ctx.dryRun) return { name, ok: true, at: '' };
      const [row] = await ctx.mysql.read(s.host, sql, {
        timeoutMs: (secs + 10) * 1000,
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
  if (late.length)
    throw new OpsdeckError(
      'TIMEOUT',
      `${late.map((r) => `${r.name}${r.at ? ` (at ${r.at})` : ''}`).join(', ')} did not execute ${p.master}'s last transaction (${pointText(point)}) within ${secs} s.`,
      hint(late.map((r) => r.name).join(', ')),
    );
}

/** Before the point of no return: the old master takes writes again. */
export async function unfence(ctx: Ctx, locks: HeldLocks): Promise<void> {
  const p = pinnedOf(ctx);
  const s = await serverOf(ctx, p.master);
  if (s.sql.readLock) await locks.get(ctx.runId)?.release(s.sql.readLock.release);
  locks.delete(ctx.runId);
  await ctx.mysql.write(s.host, s.sql.unfence, { purpose: `undo the fence on ${p.master}` });
  ctx.log(`fence undone: ${p.master} takes writes again`);
}

/**
 * Switchover: every replica executes the old master's final transaction. One that cannot within
 * the timeout fails the step, and the run rolls back (the fence is undone: nothing else changed).
 */
export function catchUpStep(
  locks: HeldLocks,
): Step<{ catchUpTimeoutSec: number }, OutputOf<typeof CATCH_UP>> {
  return {
    ...CATCH_UP,
    title: "Every replica executes the old master's last transaction",
    async run(ctx) {
      const p = pinnedOf(ctx);
      const { point, refenced } = await standingFence(ctx, locks, 'catch-up');
      const t = timeline(ctx);
      await waitForFencePoint(
        ctx,
        point,
        ctx.params.catchUpTimeoutSec,
        (late) =>
          `The switchover rolls back: the fence is undone, ${p.master} takes writes again and nothing else changed. Look at the replication of ${late} (lag, SQL thread), then run it again.`,
      );
      t.mark(`every replica executed ${pointText(point)}`);
      return { timeline: t.entries, ...(refenced ? { refenced: point } : {}) };
    },
  };
}

/**
 * Failover: the old master is fenced by every path that still reaches it — read_only and clients
 * ended if its MySQL answers (it came back), out of HAProxy's pool, its EC2 instance stopped if
 * asked.
 */
export function fenceOldMasterStep(): Step<FailoverParams, OutputOf<typeof FENCE_OLD>> {
  return {
    ...FENCE_OLD,
    title: 'Fence the old master by every path that reaches it (SQL, traffic layer, EC2)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      await runHooks(ctx, p, 'before-fence');
      const paths: string[] = [];
      if (await fenceIfBack(ctx, p.master)) paths.push('read_only and clients ended (it answered)');
      const traffic = p.cluster.traffic;
      if (traffic.kind === 'haproxy') {
        const proxy = ctx.host(traffic.proxyHost);
        const { settings, config } = await readProxy(ctx.ssh, proxy);
        const section = parseHaproxyConfig(config).find((s) => s.name === traffic.section);
        const old = section?.servers.find((s) => s.name === p.master);
        if (old && settings.statsSocket) {
          await runtimeChange(ctx.ssh, proxy, settings, [
            setServerStateCommand(traffic.section, old.name, 'maint'),
            shutdownSessionsCommand(traffic.section, old.name),
          ]);
          ctx.changed(`${p.master} in maintenance in ${proxy.name}'s ${traffic.section}`);
          paths.push(`maintenance in ${proxy.name}'s ${traffic.section}`);
        }
      }
      const master = ctx.host(p.master);
      const instance = tagValue(master, 'ec2');
      if (ctx.params.stopOldInstance && instance) {
        const account = tagValue(master, 'aws');
        if (!account)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `${master.name} has no aws:<account> tag to stop its instance with.`,
            'Tag the host with its Opsdeck AWS account, or run without stopping the instance.',
          );
        await ctx.aws.write(
          { account, region: tagValue(master, 'region') },
          `stop ${instance} (${master.name}, the old master)`,
          async (a) => (await workflowEc2()).stopInstances(a, [instance], true),
        );
        ctx.changed(`EC2 instance ${instance} (${master.name}) stopped`);
        paths.push(`EC2 instance ${instance} stopped`);
      }
      t.mark(
        `${p.master} fenced: ${paths.length ? paths.join('; ') : 'unreachable by every path (it is dead)'}`,
      );
      await runHooks(ctx, p, 'after-fence');
      return { paths, at: new Date().toISOString(), timeline: t.entries };
    },
  };
}

const tagValue = (host: Host, key: string) =>
  host.tags.find((x) => x.startsWith(`${key}:`))?.slice(key.length + 1);

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
  ctx.changed(`${name} answered again: fenced (${s.sql.fence.join('; ')})`);
  ctx.log(
    `${name} answered again: fenced with ${s.sql.fence.join('; ')} and its clients ended`,
    'warn',
  );
  return true;
}

export type { Server };
