import { z } from 'zod';
import {
  OpsdeckError,
  RejoinParams as Schema,
  ClusterSettings,
  type FailoverReport,
  type RejoinParams,
} from '../../../contract';
import { formatMariaGtids, parseMariaGtids, type MariaGtid } from '../../mysql/gtid/mariadb-gtid';
import {
  formatGtidSet,
  gtidCount,
  parseGtidSet,
  subtractGtid,
} from '../../mysql/gtid/mysql-gtid-set';
import { readUserDatabases } from '../../mysql/facts';
import { num } from '../../mysql/sql-row';
import {
  outputOf,
  type BaseContext,
  type OutputOf,
  type Step,
  type WorkflowDefinition,
} from '../engine/definition';
import type { FailoverDeps } from './deps';
import { clusterLocks, serverOf, valueOf, type Server } from './io';
import { pointAt } from './step-repoint';
import { killClients } from './step-fence';
import { phaseTimings } from './step-verify';
import { hostPatterns, replicationLogin } from './step-account';
import type { Pinned } from './outputs';

type Ctx = BaseContext<RejoinParams>;

const Check = z.object({
  cluster: ClusterSettings,
  /** The old master's own last position (where it starts replicating). */
  position: z.string(),
  positioning: z.enum(['mariadb-gtid', 'mysql-gtid', 'binlog-file']),
  /** Transactions it has that the new master has not (named), and how many. */
  diverged: z.string(),
  divergedCount: z.number().int(),
  databases: z.array(z.string()),
  startedAt: z.string(),
});
const CHECK = outputOf('divergence-check', Check);
const RESEED = outputOf('reseed', z.object({ runId: z.string(), status: z.string() }));

/** What the rejoin steps share with the switchover's repointing (the roles, as pinned). */
function pinned(ctx: Ctx): Pinned {
  const c = ctx.get(CHECK);
  return {
    kind: 'rejoin',
    cluster: c.cluster,
    master: ctx.params.host,
    candidate: ctx.params.under,
    replicas: [],
    positioning: c.positioning,
    drill: false,
    automatic: false,
    reportId: ctx.runId,
    startedAt: c.startedAt,
    timeline: [],
  };
}

/** What `host` executed that `under` has not: its diverged (would-be errant) transactions. */
async function divergence(ctx: Ctx, host: Server, under: Server) {
  if (host.dialect.flavor === 'mariadb') {
    const state = async (s: Server) =>
      parseMariaGtids(
        (
          await Promise.all(
            ['gtid_binlog_state', 'gtid_slave_pos', 'gtid_current_pos'].map((v) =>
              valueOf(ctx, s.host, `SELECT @@${v} AS v`, 'v'),
            ),
          )
        ).join(','),
      );
    const theirs = new Map<string, number>();
    for (const g of await state(under))
      theirs.set(
        `${g.domain}-${g.server}`,
        Math.max(g.seq, theirs.get(`${g.domain}-${g.server}`) ?? 0),
      );
    // One entry per (domain, server_id): the highest of the three variables that name it.
    const mine = [
      ...new Map(
        (await state(host))
          .sort((a, b) => a.seq - b.seq)
          .map((g) => [`${g.domain}-${g.server}`, g]),
      ).values(),
    ];
    const extra: MariaGtid[] = mine.filter(
      (g) => g.seq > (theirs.get(`${g.domain}-${g.server}`) ?? 0),
    );
    const count = extra.reduce(
      (n, g) => n + g.seq - (theirs.get(`${g.domain}-${g.server}`) ?? 0),
      0,
    );
    return { diverged: formatMariaGtids(extra), count, positioning: 'mariadb-gtid' as const };
  }
  const exec = (s: Server) => valueOf(ctx, s.host, 'SELECT @@gtid_executed AS v', 'v');
  const extra = subtractGtid(parseGtidSet(await exec(host)), parseGtidSet(await exec(under)));
  return {
    diverged: formatGtidSet(extra),
    count: gtidCount(extra),
    positioning: 'mysql-gtid' as const,
  };
}

/**
 * The old master back as a replica of the new one — only after a divergence check: when it has
 * transactions the new master never got (those a failover lost), it says which and offers a reseed
 * (the replication setup, hot backup, chained as a child run) instead.
 */
export function rejoinWorkflow(
  deps: FailoverDeps,
): WorkflowDefinition<RejoinParams, 'mysql-rejoin'> {
  const check: Step<RejoinParams, OutputOf<typeof CHECK>> = {
    ...CHECK,
    title: 'Divergence check: what the old master has that the new one has not (changes nothing)',
    async run(ctx) {
      const host = await serverOf(ctx, ctx.params.host).catch((err: unknown) => {
        throw new OpsdeckError(
          'MYSQL_UNREACHABLE',
          `${ctx.params.host}'s MySQL does not answer: ${(err as Error).message}`,
          `Start it (keep applications away: the writers go to ${ctx.params.under} now), then rejoin.`,
        );
      });
      const under = await serverOf(ctx, ctx.params.under);
      const replicating = await ctx.mysql.read(under.host, under.dialect.replicaStatusSql, {
        quiet: true,
      });
      if (
        replicating.length ||
        (await valueOf(ctx, under.host, 'SELECT @@read_only AS ro', 'ro')) !== '0'
      )
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `${ctx.params.under} is not a writable master.`,
          'Rejoin under the current master of the cluster.',
        );
      const d = await divergence(ctx, host, under);
      const saved = deps.clusterOfHost(ctx.params.under) ?? deps.clusterOfHost(ctx.params.host);
      const cluster =
        saved ??
        ClusterSettings.parse({
          name: ctx.params.under,
          members: [ctx.params.under, ctx.params.host],
        });
      const position = await valueOf(ctx, host.host, host.sql.positionSql, 'pos');
      const databases = await readUserDatabases((sql) =>
        ctx.mysql.read(host.host, sql, { quiet: true }),
      );
      if (d.count)
        ctx.log(
          `${ctx.params.host} has ${d.count} transaction(s) ${ctx.params.under} never got: ${d.diverged}`,
          'warn',
        );
      if (d.count && !ctx.params.reseed)
        throw new OpsdeckError(
          'MYSQL_DIVERGED',
          `${ctx.params.host} diverged: it has ${d.count} transaction(s) ${ctx.params.under} never got (${d.diverged}) — what the failover lost. Replicating would make them errant.`,
          `Save what you need from ${ctx.params.host}, then rejoin with --reseed: its data is replaced by a hot backup of ${ctx.params.under} (its own data dir is kept aside).`,
        );
      return {
        cluster,
        position,
        positioning: d.positioning,
        diverged: d.diverged,
        divergedCount: d.count,
        databases,
        startedAt: new Date().toISOString(),
      };
    },
  };

  const goAhead: Step<RejoinParams> = {
    id: 'go-ahead',
    title: 'Go-ahead: the host name, typed',
    async run(ctx) {
      const c = ctx.get(CHECK);
      const reseed = c.divergedCount > 0;
      await ctx.confirm({
        title: reseed
          ? `Reseed ${ctx.params.host} from ${ctx.params.under}`
          : `Rejoin ${ctx.params.host} under ${ctx.params.under}`,
        message: reseed
          ? `${ctx.params.host}'s data (${c.databases.join(', ') || 'no user databases'}) is replaced by a hot backup of ${ctx.params.under}; its diverged transactions ${c.diverged} stay only in the data dir moved aside.`
          : `${ctx.params.host} becomes read_only and replicates from ${ctx.params.under}, starting after its own last transaction ${c.position}.`,
        confirmLabel: reseed ? 'Reseed' : 'Rejoin',
        typed: ctx.params.host,
      });
    },
  };

  const reseed: Step<RejoinParams, OutputOf<typeof RESEED>> = {
    ...RESEED,
    title: 'Reseed from the new master (replication setup, hot backup, as a child run)',
    check: async (ctx) => ctx.get(CHECK).divergedCount === 0,
    async run(ctx) {
      const c = ctx.get(CHECK);
      const params = {
        master: ctx.params.under,
        replica: ctx.params.host,
        seed: 'hot-backup',
        overwrite: c.databases,
        logReplicaUpdates: true,
      };
      if (ctx.dryRun) {
        ctx.log(`would run mysql-replication-setup ${JSON.stringify(params)}`);
        return { runId: '', status: 'planned' };
      }
      const child = await deps.startChild('mysql-replication-setup', params, ctx.runId, ctx.signal);
      if (child.status !== 'succeeded')
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `The reseed run ${child.runId} ended ${child.status}.`,
          `Open run ${child.runId}, fix what it says and resume it; then resume this one.`,
        );
      ctx.changed(`${ctx.params.host} reseeded from ${ctx.params.under} (run ${child.runId})`);
      return child;
    },
  };

  const point: Step<RejoinParams> = {
    id: 'point',
    title: 'Fence the old master (read_only, clients ended) and point it at the new master',
    check: async (ctx) => ctx.get(CHECK).divergedCount > 0,
    async run(ctx) {
      const c = ctx.get(CHECK);
      const s = await serverOf(ctx, ctx.params.host);
      await ctx.mysql.write(s.host, s.sql.fence, { purpose: `fence ${ctx.params.host}` });
      ctx.changed(`${ctx.params.host} read_only`);
      await killClients(ctx, s.host);
      const p = pinned(ctx);
      await ensureAccount(ctx, deps, p, [ctx.params.under, ctx.params.host]);
      await pointAt(ctx, deps, p, s, [
        s.dialect.resetReplicaAllSql,
        ...s.sql.rejoinStart(c.position),
      ]);
    },
  };

  const catchUp: Step<RejoinParams> = {
    id: 'catch-up',
    title: 'It catches up with the new master',
    async run(ctx) {
      const under = await serverOf(ctx, ctx.params.under);
      const s = await serverOf(ctx, ctx.params.host);
      const pos = await valueOf(ctx, under.host, under.sql.positionSql, 'pos');
      const secs = ctx.params.catchUpTimeoutSec;
      if (ctx.dryRun) return;
      const [row] = await ctx.mysql.read(s.host, s.sql.waitForGtid(pos, secs), {
        timeoutMs: (secs + 10) * 1000,
      });
      if (num(row?.r) !== 0)
        throw new OpsdeckError(
          'TIMEOUT',
          `${ctx.params.host} did not reach ${pos} within ${secs} s.`,
          `It replicates from ${ctx.params.under}; look at its lag, then resume.`,
        );
      ctx.log(`${ctx.params.host} caught up with ${ctx.params.under} (${pos})`);
    },
  };

  const report: Step<RejoinParams> = {
    id: 'report',
    title: 'Report',
    async run(ctx) {
      const c = ctx.get(CHECK);
      const detail = ctx.dryRun ? undefined : deps.run(ctx.runId);
      const r: FailoverReport = {
        id: ctx.runId,
        cluster: c.cluster.name,
        kind: 'rejoin',
        drill: false,
        automatic: false,
        runId: ctx.runId,
        oldMaster: ctx.params.host,
        newMaster: ctx.params.under,
        status: 'succeeded',
        startedAt: c.startedAt,
        finishedAt: new Date().toISOString(),
        phases: phaseTimings(detail, 'report'),
        timeline: [],
        writeUnavailableSeconds: null,
        ranking: [],
      };
      if (!ctx.dryRun) deps.reports.save(r);
    },
  };

  return {
    id: 'mysql-rejoin',
    title: 'MySQL rejoin',
    description:
      'The old master back as a replica of the new one after a divergence check; when it diverged, a reseed from the new master (hot backup) instead.',
    params: Schema,
    subject: (p, lookup) => `${lookup.host(p.host).name} under ${lookup.host(p.under).name}`,
    locks: (p, lookup) => clusterLocks(deps, [p.under, p.host], lookup),
    steps: [check, goAhead, reseed, point, catchUp, report],
  };
}

/** The cluster's replication account on these members (the rejoining host may never have had it). */
async function ensureAccount(ctx: Ctx, deps: FailoverDeps, p: Pinned, names: readonly string[]) {
  const { user, password } = await replicationLogin(ctx, deps, p);
  const patterns = await hostPatterns(ctx, p, names);
  for (const name of names) {
    const s = await serverOf(ctx, name);
    await ctx.mysql.write(s.host, [
      'SET SESSION sql_log_bin = 0',
      ...patterns.flatMap((h) => s.dialect.replicationUser(user, h, password)),
      'SET SESSION sql_log_bin = 1',
    ]);
  }
}
