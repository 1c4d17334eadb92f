import type { OpsdeckError } from '../../../contract';
import { type Host, type LockRequest } from '../../../contract';
import { sleep } from '../../common/wait';
import { dialectOf, type Dialect } from '../../mysql';
import { failoverSql, type FailoverSql } from '../../mysql/dialects/failover-sql';
import { text } from '../../mysql/sql-row';
import { hostLocks, type BaseContext, type Lookup } from '../engine/definition';
import type { FailoverDeps } from './deps';
import type { Pinned } from './outputs';

type Ctx = BaseContext<unknown>;

export interface Server {
  host: Host;
  dialect: Dialect;
  sql: FailoverSql;
}

/** A server's dialect, read from it. */
export async function serverOf(ctx: Ctx, name: string): Promise<Server> {
  const host = ctx.host(name);
  const [row] = await ctx.mysql.read(host, 'SELECT @@version AS v, @@version_comment AS c', {
    quiet: true,
    timeoutMs: 10_000,
  });
  const dialect = dialectOf(text(row?.v), text(row?.c));
  return { host, dialect, sql: failoverSql(dialect) };
}

/** One value of one row. */
export async function valueOf(ctx: Ctx, host: Host, sql: string, column: string): Promise<string> {
  const [row] = await ctx.mysql.read(host, sql, { quiet: true });
  return text(row?.[column]);
}

/** Poll `check` until it returns true; throws `error()` after `timeoutMs`. Never waits while planning. */
export async function until(
  ctx: Ctx,
  check: () => Promise<boolean>,
  timeoutMs: number,
  error: () => OpsdeckError,
  everyMs = 100,
): Promise<void> {
  if (ctx.dryRun) {
    await check();
    return;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw error();
    await sleep(everyMs, ctx.signal);
  }
}

/** The MySQL endpoint other servers use to reach `host`. */
export const endpointOf = (host: Host) => ({
  address: host.mysql?.address ?? host.address,
  port: host.mysql?.port ?? 3306,
});

/** Every member host of the pinned roles. */
export const membersOf = (p: Pinned) => [p.master, p.candidate, ...p.replicas];

/** Run the cluster's hooks of one phase; a required hook that fails stops the run. */
export async function runHooks(
  ctx: Ctx,
  p: Pinned,
  phase: Pinned['cluster']['hooks'][number]['phase'],
) {
  for (const hook of p.cluster.hooks.filter((h) => h.phase === phase)) {
    const host = ctx.host(hook.host);
    const r = await ctx.ssh.write(host, hook.command, {
      purpose: `run the ${phase} hook`,
      timeoutMs: 120_000,
      okCodes: hook.required ? [0] : Array.from({ length: 256 }, (_, i) => i),
    });
    if (r.code !== 0)
      ctx.log(`hook ${phase} on ${host.name} exited ${r.code} (not required; going on)`, 'warn');
  }
}

/**
 * A run holds its cluster (by the saved cluster's name, else its master's) and the hosts it
 * touches, from its first step to its end: a second switchover or failover of the same cluster
 * waits (or, from the monitor, is refused).
 */
export function clusterLocks(
  deps: FailoverDeps,
  hosts: readonly string[],
  lookup: Lookup,
): LockRequest[] {
  const first = lookup.host(hosts[0] as string);
  const saved = deps.clusterOfHost(first.name);
  const names = new Set([...hosts, ...(saved?.members ?? [])]);
  const members = [...names].flatMap((n) => {
    try {
      return [lookup.host(n)];
    } catch {
      return [];
    }
  });
  const name = saved?.name ?? first.name;
  return [{ kind: 'cluster', key: name.toLowerCase(), label: name }, ...hostLocks(members)];
}
