import {
  OpsdeckError,
  type FailoverReport,
  type Host,
  type PhaseTiming,
  type RunDetail,
  type TimelineEntry,
} from '../../../contract';
import { parseHaproxyConfig, splitAddress } from '../../haproxy/config-parse';
import { readProxy } from '../../haproxy/proxy-shell';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql';
import { quoteString } from '../../mysql/sql';
import { num } from '../../mysql/sql-row';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { serverOf, valueOf } from './io';
import {
  ACCOUNT,
  APPLY,
  CATCH_UP,
  FENCE,
  FENCE_OLD,
  PREPARE,
  PROMOTE,
  REPOINT,
  REPOINT_OLD,
  REPORT,
  TRAFFIC,
  VERIFY,
  pinnedOf,
  timeline,
  type Pinned,
} from './outputs';

type Ctx = BaseContext<unknown>;

const MARKER = 'opsdeck.failover_marker';

/**
 * Through HAProxy's writers' frontend (an SSH tunnel from the proxy host, logged in as the new
 * master's admin account): the server a client of the traffic path reaches.
 */
async function trafficPath(ctx: Ctx, p: Pinned): Promise<Host | undefined> {
  const t = p.cluster.traffic;
  if (t.kind !== 'haproxy') return undefined;
  const proxy = ctx.host(t.proxyHost);
  const candidate = ctx.host(p.candidate);
  const { config } = await readProxy(ctx.ssh, proxy);
  const sections = parseHaproxyConfig(config);
  const front =
    sections.find((s) => s.kind === 'frontend' && s.defaultBackend === t.section) ??
    sections.find((s) => s.kind === 'listen' && s.name === t.section);
  const bind = front?.binds[0];
  if (!bind || !candidate.mysql) return undefined;
  const { address, port } = splitAddress(bind);
  const any = !address || address === '*' || address === '0.0.0.0' || address === '::';
  return {
    ...proxy,
    id: `${proxy.id}#${t.section}`,
    mysql: {
      ...candidate.mysql,
      address: any ? '127.0.0.1' : address,
      port: port ?? 3306,
      via: 'ssh-tunnel',
    },
  };
}

/**
 * A write through the traffic path lands on the new master (its @@server_id read back through the
 * same path) and reaches every server now replicating from it.
 */
export function verifyStep(): Step<unknown, OutputOf<typeof VERIFY>> {
  return {
    ...VERIFY,
    title: 'A write through the traffic path lands on the new master and reaches the replicas',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const c = await serverOf(ctx, p.candidate);
      await ctx.mysql.write(c.host, [
        'CREATE DATABASE IF NOT EXISTS opsdeck',
        `CREATE TABLE IF NOT EXISTS ${MARKER} (run_id VARCHAR(64) PRIMARY KEY, server_id INT UNSIGNED NOT NULL, at DATETIME(6) NOT NULL) ENGINE=InnoDB`,
      ]);
      const write = `INSERT INTO ${MARKER} (run_id, server_id, at) VALUES (${quoteString(ctx.runId)}, @@server_id, NOW(6)) ON DUPLICATE KEY UPDATE server_id = VALUES(server_id), at = VALUES(at)`;
      const path = await trafficPath(ctx, p);
      let through: Host = c.host;
      let via = `directly on ${p.candidate}`;
      if (path) {
        try {
          await ctx.mysql.write(path, write, { purpose: 'write through the traffic path' });
          through = path;
          via = `through ${path.name}'s writers' frontend (${path.mysql?.address}:${path.mysql?.port})`;
        } catch (err) {
          if ((err as OpsdeckError).code !== 'MYSQL_ACCESS_DENIED') throw err;
          ctx.log(
            `${p.candidate}'s admin login is refused through HAProxy (${(err as Error).message}); verified by HAProxy's stats and a direct write instead`,
            'warn',
          );
          await ctx.mysql.write(c.host, write);
        }
      } else await ctx.mysql.write(c.host, write);
      const at = new Date().toISOString();
      if (ctx.dryRun) return { via, serverId: null, followers: [], at, timeline: t.entries };
      const sql = `SELECT server_id FROM ${MARKER} WHERE run_id = ${quoteString(ctx.runId)}`;
      const landed = num(await valueOf(ctx, through, sql, 'server_id'));
      const mine = num(await valueOf(ctx, c.host, 'SELECT @@server_id AS id', 'id'));
      if (landed !== mine)
        throw new OpsdeckError(
          'TRAFFIC_PROBE_FAILED',
          `A write ${via} landed on server_id ${landed}, not on ${p.candidate} (server_id ${mine}).`,
          'The traffic layer still sends writes elsewhere: check it at once (haproxy status), then resume.',
        );
      const followers = [
        ...(p.kind === 'switchover' ? [p.master] : []),
        ...(ctx.find(REPOINT)?.moved ?? []),
      ];
      await reachFollowers(ctx, p, followers);
      t.mark(
        `a write ${via} landed on ${p.candidate} (server_id ${mine}) and reached ${followers.join(', ') || 'no replica'}`,
      );
      return { via, serverId: mine, followers, at, timeline: t.entries };
    },
  };
}

async function reachFollowers(ctx: Ctx, p: Pinned, followers: readonly string[]): Promise<void> {
  const c = await serverOf(ctx, p.candidate);
  const pos = await valueOf(ctx, c.host, c.sql.positionSql, 'pos');
  for (const name of followers) {
    const s = await serverOf(ctx, name);
    const [row] = await ctx.mysql.read(
      s.host,
      p.positioning === 'binlog-file'
        ? `SELECT COUNT(*) - 1 AS r FROM ${MARKER} WHERE run_id = ${quoteString(ctx.runId)}`
        : s.sql.waitForGtid(pos, 30),
      { timeoutMs: 40_000, quiet: true },
    );
    if (num(row?.r) === 0) continue;
    const conn = primaryConnection(
      parseReplicaStatusRows(
        await ctx.mysql.read(s.host, s.dialect.replicaStatusSql, { quiet: true }),
      ),
    );
    const err = conn?.lastSqlError ?? conn?.lastIoError;
    throw new OpsdeckError(
      'MYSQL_REPLICATION_BROKEN',
      `${name} did not receive the verification write from ${p.candidate} within 30 s${err ? ` (replication stopped on error ${err.errno}: ${err.message})` : ''}.`,
      `${p.candidate} takes writes. Look at ${name}'s replication (SHOW SLAVE STATUS), then resume.`,
    );
  }
}

/** The report kept in the store: timeline, seconds per phase, the write pause, the loss. */
/** Seconds per phase: every step of the run but the report itself. */
export function phaseTimings(detail: RunDetail | undefined, reportId: string): PhaseTiming[] {
  return (detail?.steps ?? [])
    .filter((s) => s.id !== reportId)
    .map((s) => ({
      phase: s.id,
      title: s.title,
      ...(s.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
      seconds:
        s.startedAt && s.finishedAt
          ? (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000
          : null,
    }));
}

export function reportStep(deps: FailoverDeps): Step<unknown, OutputOf<typeof REPORT>> {
  return {
    ...REPORT,
    title: 'Report: timeline, seconds per phase, what was lost',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const detail = ctx.dryRun ? undefined : deps.run(ctx.runId);
      const phases = phaseTimings(detail, REPORT.id);
      const fenced = ctx.find(FENCE)?.at;
      const moved = ctx.find(TRAFFIC)?.at;
      const report: FailoverReport = {
        id: p.reportId,
        cluster: p.cluster.name,
        kind: p.kind,
        drill: p.drill,
        automatic: p.automatic,
        runId: ctx.runId,
        oldMaster: p.master,
        newMaster: p.candidate,
        status: 'succeeded',
        startedAt: p.startedAt,
        finishedAt: new Date().toISOString(),
        phases,
        timeline: timelineOf(ctx),
        writeUnavailableSeconds:
          p.kind === 'switchover' && fenced && moved
            ? (Date.parse(moved) - Date.parse(fenced)) / 1000
            : null,
        ...(p.plan ? { loss: p.plan.loss } : {}),
        ranking: (p.plan?.candidates ?? []).map((c) => ({
          name: c.name,
          rank: c.rank,
          eligible: c.eligible,
        })),
      };
      if (!ctx.dryRun) {
        deps.reports.save(report);
        deps.closeMysql(ctx.host(p.master).id);
      }
      return report;
    },
  };
}

/** Every step's moments, in time order. */
function timelineOf(ctx: Ctx): TimelineEntry[] {
  const refs = [
    PREPARE,
    ACCOUNT,
    FENCE,
    CATCH_UP,
    FENCE_OLD,
    APPLY,
    PROMOTE,
    TRAFFIC,
    REPOINT_OLD,
    REPOINT,
    VERIFY,
  ];
  const all = [...pinnedOf(ctx).timeline, ...refs.flatMap((r) => ctx.find(r)?.timeline ?? [])];
  return all.sort((a, b) => a.at.localeCompare(b.at));
}
