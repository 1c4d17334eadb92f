import { OpsdeckError, type Host, type ReplicaStatus } from '../../../contract';
import type { Dialect } from '../../mysql';
import { quoteIdent, quoteString } from '../../mysql/sql';
import { parseReplicaStatusRows, primaryConnection } from '../../mysql/status-parse';
import { sleep } from '../../common/wait';
import type { OutputOf, Step } from '../engine/definition';
import { ctxIo, dialectOfHost, masterEndpoint, pair, type Ctx, type ReplicationDeps } from './io';
import { SEED, VERIFY } from './outputs';
import { preflightOf } from './steps-preflight';
import { replicationAccount, replicationPassword } from './steps-user';

async function replicaStatus(ctx: Ctx, host: Host, d: Dialect): Promise<ReplicaStatus | undefined> {
  return primaryConnection(
    parseReplicaStatusRows(await ctx.mysql.read(host, d.replicaStatusSql, { quiet: true })),
  );
}

/** Stop and forget old replication; drop the databases the user agreed to overwrite (dump seed). */
export const prepareReplicaStep: Step<Ctx['params']> = {
  id: 'prepare-replica',
  title: 'Prepare the replica (reset old replication, drop confirmed databases)',
  async run(ctx) {
    const { replica } = pair(ctx);
    const d = await dialectOfHost(ctxIo(ctx), replica);
    if (await replicaStatus(ctx, replica, d)) {
      await ctx.mysql.write(replica, [d.stopReplicaSql, d.resetReplicaAllSql]);
      ctx.changed('its previous replication settings were reset');
    }
    // A dump (fresh or from a backup) leaves other databases beside its copy: drop the confirmed ones.
    const drop =
      ctx.params.seed === 'dump' || preflightOf(ctx).backupKind === 'dump'
        ? ctx.params.overwrite.filter((db) => preflightOf(ctx).replicaDatabases.includes(db))
        : [];
    if (drop.length) {
      await ctx.mysql.write(replica, [
        'SET SESSION sql_log_bin = 0',
        ...drop.map((db) => `DROP DATABASE IF EXISTS ${quoteIdent(db)}`),
        'SET SESSION sql_log_bin = 1',
      ]);
      ctx.changed(`databases dropped as confirmed: ${drop.join(', ')}`);
    }
  },
};

/** CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO with the seed's coordinates or GTID. */
export function pointReplicaStep(deps: ReplicationDeps): Step<Ctx['params']> {
  return {
    id: 'point-replica',
    title: 'Point the replica at the master',
    async run(ctx) {
      const { master, replica } = pair(ctx);
      const d = await dialectOfHost(ctxIo(ctx), replica);
      const seed = ctx.get(SEED);
      const gtid = preflightOf(ctx).gtid && seed.gtid !== undefined;
      if (!gtid && (!seed.file || seed.position === undefined))
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          'The seed gave no binlog coordinates.',
          'Resume to seed again.',
        );
      const { user } = replicationAccount(ctx);
      const endpoint = masterEndpoint(master);
      const password = await replicationPassword(ctx, deps);
      await ctx.mysql.write(replica, [
        d.stopReplicaSql,
        d.resetReplicaAllSql,
        d.wildIgnore(ctx.params.ignoreTables),
        ...(gtid ? d.gtidStart(seed.gtid as string) : []),
        d.changeSource({
          host: endpoint.address,
          port: endpoint.port,
          user,
          password,
          gtid,
          ...(seed.file ? { logFile: seed.file } : {}),
          ...(seed.position !== undefined ? { logPos: seed.position } : {}),
        }),
      ]);
      ctx.changed(`it replicates from ${master.name} (not started)`);
      ctx.log(
        `${replica.name} → ${endpoint.address}:${endpoint.port} as ${user}, ${gtid ? `GTID ${seed.gtid || '(empty)'}` : `${seed.file}:${seed.position}`}`,
      );
    },
    async undo(ctx) {
      const { replica } = pair(ctx);
      const d = await dialectOfHost(ctxIo(ctx), replica);
      await ctx.mysql.write(replica, [d.stopReplicaSql, d.resetReplicaAllSql]);
    },
  };
}

function broken(replica: Host, s: ReplicaStatus | undefined, hint?: string): OpsdeckError {
  const err = s?.lastSqlError ?? s?.lastIoError;
  return new OpsdeckError(
    'MYSQL_REPLICATION_BROKEN',
    `Replication on ${replica.name} is not running (IO ${s?.ioThread ?? 'none'}, SQL ${s?.sqlThread ?? 'none'})${err ? `: error ${err.errno}: ${err.message}` : ''}.`,
    hint ??
      (err?.errno === 1045
        ? 'The master refused the replication account: check its host part matches the address the master sees.'
        : `Look at the error above on ${replica.name}, fix it, then resume.`),
  );
}

export const startReplicationStep: Step<Ctx['params']> = {
  id: 'start-replication',
  title: 'Start replication (read_only on)',
  async run(ctx) {
    const { replica } = pair(ctx);
    const d = await dialectOfHost(ctxIo(ctx), replica);
    await ctx.mysql.write(replica, [d.startReplicaSql, 'SET GLOBAL read_only = ON']);
    ctx.changed('replication started, read_only=ON');
  },
  async verify(ctx) {
    if (ctx.dryRun) return;
    const { replica } = pair(ctx);
    const d = await dialectOfHost(ctxIo(ctx), replica);
    const until = Date.now() + 60_000;
    let s: ReplicaStatus | undefined;
    while (Date.now() < until) {
      s = await replicaStatus(ctx, replica, d);
      if (s?.ioThread === 'running' && s.sqlThread === 'running') {
        ctx.log(`${replica.name}: IO and SQL threads running`);
        return;
      }
      if (s?.sqlThread === 'stopped' && s.lastSqlError) throw broken(replica, s);
      await sleep(1000, ctx.signal);
    }
    throw broken(replica, s);
  },
};

const markerIgnored = (patterns: readonly string[]) =>
  patterns.some((p) =>
    new RegExp(
      `^${p
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')}$`,
      'i',
    ).test('opsdeck.replication_marker'),
  );

/** Lag falls to 0, and a marker row written on the master arrives on the replica. */
export function verifyStep(): Step<Ctx['params'], OutputOf<typeof VERIFY>> {
  return {
    ...VERIFY,
    title: 'Verify: lag falls to 0 and a marker row arrives',
    async run(ctx) {
      const { master, replica } = pair(ctx);
      const marker = [
        'CREATE DATABASE IF NOT EXISTS opsdeck',
        'CREATE TABLE IF NOT EXISTS opsdeck.replication_marker (id VARCHAR(64) PRIMARY KEY, replica VARCHAR(64) NOT NULL, created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))',
        `INSERT INTO opsdeck.replication_marker (id, replica) VALUES (${quoteString(ctx.runId)}, ${quoteString(replica.name)}) ON DUPLICATE KEY UPDATE created_at = CURRENT_TIMESTAMP(6)`,
      ];
      if (ctx.dryRun) {
        await ctx.mysql.write(master, marker);
        return undefined;
      }
      const d = await dialectOfHost(ctxIo(ctx), replica);
      const until = Date.now() + ctx.params.catchUpTimeoutSec * 1000;
      let last: number | null | undefined;
      let logged = 0;
      for (;;) {
        const s = await replicaStatus(ctx, replica, d);
        if (!s || s.ioThread === 'stopped' || s.sqlThread === 'stopped') throw broken(replica, s);
        if (s.secondsBehind === 0) break;
        if (Date.now() - logged > 5000) {
          ctx.log(`${replica.name}: ${s.secondsBehind ?? '?'} s behind`);
          logged = Date.now();
        }
        last = s.secondsBehind;
        if (Date.now() > until)
          throw new OpsdeckError(
            'MYSQL_REPLICATION_BROKEN',
            `${replica.name} did not catch up within ${ctx.params.catchUpTimeoutSec} s (still ${last ?? '?'} s behind).`,
            'It may only be slow: watch the topology; raise catchUpTimeoutSec and resume.',
          );
        await sleep(1000, ctx.signal);
      }
      ctx.log(`${replica.name}: lag 0 s`);
      if (markerIgnored(ctx.params.ignoreTables)) {
        ctx.log('The filters ignore opsdeck.replication_marker: marker check skipped.', 'warn');
        return undefined;
      }
      await ctx.mysql.write(master, marker, { purpose: 'write the marker row' });
      const found = `SELECT id FROM opsdeck.replication_marker WHERE id = ${quoteString(ctx.runId)}`;
      while (Date.now() < until + 30_000) {
        const rows = await ctx.mysql.read(replica, found, { quiet: true }).catch(() => []);
        if (rows.length) {
          ctx.log(`${replica.name}: marker ${ctx.runId} arrived`);
          return { at: new Date().toISOString(), marker: ctx.runId };
        }
        const s = await replicaStatus(ctx, replica, d);
        if (!s || s.sqlThread === 'stopped') throw broken(replica, s);
        await sleep(500, ctx.signal);
      }
      throw new OpsdeckError(
        'MYSQL_REPLICATION_BROKEN',
        `The marker row written on ${master.name} did not arrive on ${replica.name}.`,
        "Check the replica's filters and status, then resume.",
      );
    },
  };
}
