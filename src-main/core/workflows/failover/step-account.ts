import { randomBytes } from 'node:crypto';
import type { Host } from '../../../contract';
import { text } from '../../mysql/sql-row';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { endpointOf, serverOf } from './io';
import { ACCOUNT, pinnedOf, timeline, type Pinned } from './outputs';

type Ctx = BaseContext<unknown>;

/** The cluster's replication login, with the password from the vault (masked in every log). */
export async function replicationLogin(ctx: Ctx, deps: FailoverDeps, p: Pinned) {
  // The saved cluster has the reference the first run made (the pinned copy may predate it).
  const ref =
    deps.cluster(p.cluster.name)?.replication.secretRef ?? p.cluster.replication.secretRef;
  const password = ref ? await deps.vault.get(ref) : '<generated>';
  ctx.secret(password);
  return { user: p.cluster.replication.user, password };
}

/**
 * The same replication account (REPLICATION SLAVE only) on every member Opsdeck reaches, created
 * with sql_log_bin = 0 on each, so that whichever member is the master, the others can replicate
 * from it. Its password is generated once per cluster and kept in the vault.
 */
export function accountStep(deps: FailoverDeps): Step<unknown, OutputOf<typeof ACCOUNT>> {
  return {
    ...ACCOUNT,
    title: 'Replication account on every member (REPLICATION SLAVE only, password in the vault)',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      await ensureSecret(ctx, deps, p, t.mark);
      const { user, password } = await replicationLogin(ctx, deps, p);
      const reachable =
        p.kind === 'failover'
          ? [p.candidate, ...p.replicas]
          : [p.master, p.candidate, ...p.replicas];
      const patterns = await hostPatterns(ctx, p, reachable);
      const done: string[] = [];
      for (const name of reachable) {
        const s = await serverOf(ctx, name).catch(() => undefined);
        if (!s) {
          ctx.log(`${name} does not answer: its account is made when it rejoins`, 'warn');
          continue;
        }
        const superRo =
          s.dialect.flavor !== 'mariadb' && (await readOnlyOf(ctx, s.host)).superReadOnly;
        await ctx.mysql.write(
          s.host,
          [
            'SET SESSION sql_log_bin = 0',
            ...(superRo ? ['SET GLOBAL super_read_only = OFF'] : []),
            ...patterns.flatMap((h) => s.dialect.replicationUser(user, h, password)),
            ...(superRo ? ['SET GLOBAL super_read_only = ON'] : []),
            // The connection goes back to the pool: later writes on it must be binlogged.
            'SET SESSION sql_log_bin = 1',
          ],
          { purpose: `create the replication account ${user} on ${name}` },
        );
        ctx.changed(`replication account ${user} on ${name}`);
        done.push(name);
      }
      t.mark(`replication account ${user} on ${done.join(', ')} for ${patterns.join(', ')}`);
      return { user, hosts: patterns, timeline: t.entries };
    },
  };
}

/** The first run of a cluster makes its password and saves the cluster with the vault reference. */
async function ensureSecret(
  ctx: Ctx,
  deps: FailoverDeps,
  p: Pinned,
  mark: (text: string) => void,
): Promise<void> {
  const saved = deps.cluster(p.cluster.name);
  if (saved?.replication.secretRef || p.cluster.replication.secretRef || ctx.dryRun) return;
  const password = randomBytes(24).toString('base64url');
  ctx.secret(password);
  const secretRef = await deps.vault.put(
    password,
    `MySQL replication account of cluster ${p.cluster.name}`,
  );
  deps.saveCluster({
    ...(saved ?? p.cluster),
    replication: { ...p.cluster.replication, secretRef },
  });
  ctx.changed(`cluster ${p.cluster.name} saved with its replication account`);
  mark(
    `cluster ${p.cluster.name} saved with its replication account ${p.cluster.replication.user} (password in the vault)`,
  );
}

/**
 * Where replicas connect from, as the master sees them: the members' own addresses, the client
 * addresses of the master's binlog dump threads, and the host parts of the replication accounts
 * the members have now.
 */
export async function hostPatterns(
  ctx: Ctx,
  p: Pinned,
  reachable: readonly string[],
): Promise<string[]> {
  const out = new Set(reachable.map((n) => endpointOf(ctx.host(n)).address));
  out.add(endpointOf(ctx.host(p.master)).address);
  if (p.kind === 'switchover') {
    const dumps = await ctx.mysql.read(
      ctx.host(p.master),
      "SELECT DISTINCT SUBSTRING_INDEX(HOST, ':', 1) AS h FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
      { quiet: true },
    );
    for (const r of dumps) if (text(r.h)) out.add(text(r.h));
  }
  for (const name of reachable) {
    // Filtered here, not in SQL: comparing mysql.user's columns (a view on MariaDB) with a
    // literal fails on a collation mix with some client character sets.
    const rows = await ctx.mysql
      .read(ctx.host(name), 'SELECT User AS u, Host AS h, Repl_slave_priv AS r FROM mysql.user', {
        quiet: true,
      })
      .catch(() => []);
    for (const r of rows) {
      const host = text(r.h);
      // The account's own existing hosts too: each gets the cluster's password (a stale entry for
      // a more specific host would be matched first and refuse the login).
      if (host && host !== '%' && (text(r.r) === 'Y' || text(r.u) === p.cluster.replication.user))
        out.add(host);
    }
  }
  return [...out].sort();
}

async function readOnlyOf(ctx: Ctx, host: Host) {
  const [row] = await ctx.mysql.read(host, 'SELECT @@read_only AS ro, @@super_read_only AS sro', {
    quiet: true,
  });
  return { readOnly: text(row?.ro) === '1', superReadOnly: text(row?.sro) === '1' };
}
