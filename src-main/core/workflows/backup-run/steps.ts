import type { BackupEntry, Retention } from '../../../contract';
import { locationOf, parseDestination } from '../../backups/destinations/url';
import { streamBackup } from '../../backups/run/stream-backup';
import { serverInfo } from '../../backups/server-info';
import { verifyBackup } from '../../backups/verify/verify-backup';
import { formatBytes } from '../../ssh/pipe';
import type { Step } from '../engine/definition';
import type { BackupWorkflowDeps } from './deps';
import { backupId, fileName } from './naming';
import { catalogued } from './catalogued';
import { backupPreflight, type BackupPlan, type Ctx } from './preflight';
import { snapshotSetStep } from './snapshot-step';

const planOf = (ctx: Ctx) => ctx.output.plan as BackupPlan | undefined;
export const entryOf = (ctx: Ctx, deps: BackupWorkflowDeps): BackupEntry | undefined => {
  const id = ctx.output.backupId as string | undefined;
  return id ? deps.catalog.find(id) : undefined;
};

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 6 };

export function backupRunSteps(deps: BackupWorkflowDeps): Step<Ctx['params']>[] {
  return [
    {
      id: 'preflight',
      title: 'Check the server, the tools and the destination',
      async run(ctx) {
        ctx.output.plan = await backupPreflight(ctx, deps, ctx.host(ctx.params.host));
      },
    },
    {
      id: 'backup',
      title: 'Take the backup and store it',
      async check(ctx) {
        return entryOf(ctx, deps)?.status === 'succeeded';
      },
      async run(ctx) {
        if (ctx.params.kind === 'snapshot') return snapshotSetStep(ctx, deps);
        const host = ctx.host(ctx.params.host);
        const plan = planOf(ctx) ?? (await backupPreflight(ctx, deps, host));
        const to = ctx.params.to as string;
        const dest = parseDestination(to);
        const now = deps.now();
        const id = backupId(host.name, now, deps.random());
        const name = fileName(host.name, id, ctx.params.kind, plan.tool, plan.compression);
        const location = locationOf(dest, name);
        const store = deps.catalog.store(to);
        const info = await serverInfo(ctx, host);
        const entry = await catalogued(
          ctx,
          deps,
          host,
          now,
          {
            id,
            kind: ctx.params.kind,
            tool: plan.tool,
            compression: plan.compression,
            destination: to,
            location,
          },
          async () => {
            const r = await streamBackup(ctx, {
              backupId: id,
              host,
              kind: ctx.params.kind === 'hot' ? 'hot' : 'dump',
              tool: plan.tool,
              dialect: info.dialect,
              databases: plan.databases,
              tables: plan.tables,
              binlog: plan.binlog,
              compression: plan.compression,
              threads: Math.max(1, ctx.params.parallel),
              lockTimeoutMs: ctx.params.lockTimeoutSec * 1000,
              staging: `${plan.datadir.replace(/\/[^/]+$/, '') || ''}/.opsdeck-backup-${id}`,
              store,
              name,
              location,
            });
            return ctx.dryRun
              ? undefined
              : {
                  bytes: r.bytes,
                  durationMs: r.durationMs,
                  coordinates: r.coordinates,
                  checksum: r.checksum,
                  tables: r.tables,
                  ...(r.lockMs !== undefined ? { lockMs: r.lockMs } : {}),
                };
          },
        );
        if (!entry) return;
        const c = entry.coordinates;
        ctx.log(
          `Backup ${id}: ${formatBytes(entry.bytes)} in ${((entry.durationMs ?? 0) / 1000).toFixed(1)} s (${formatBytes(entry.throughput ?? 0)}/s) → ${location}${c.file ? ` at ${c.file}:${c.position}` : ''}${c.gtid ? `, GTID ${c.gtid}` : ''}; ${entry.tables.length} tables counted.`,
        );
      },
    },
    {
      id: 'verify',
      title: 'Read the stored backup back and verify it',
      async check(ctx) {
        return ctx.params.kind === 'snapshot' || entryOf(ctx, deps)?.verify?.status === 'passed';
      },
      async run(ctx) {
        const host = ctx.host(ctx.params.host);
        const entry = entryOf(ctx, deps);
        if (ctx.dryRun || !entry) {
          ctx.log(
            'Plan: the stored file is read back, its sha256 compared, and it is decompressed and checked on the source host.',
          );
          return;
        }
        const check = await verifyBackup(ctx, deps.catalog, entry, host);
        ctx.log(`Verified: ${check.message}.`);
      },
    },
    {
      id: 'retention',
      title: 'Apply the retention policy to this series',
      async run(ctx) {
        const entry = entryOf(ctx, deps);
        const policy = ctx.params.retention;
        if (!policy) {
          ctx.log('No retention policy given: every backup is kept.');
          return;
        }
        if (ctx.dryRun || !entry) {
          ctx.log(
            `Plan: keep ${policy.daily} daily, ${policy.weekly} weekly, ${policy.monthly} monthly backups of this series; delete the rest.`,
          );
          return;
        }
        if (entry.kind === 'snapshot') {
          ctx.log(
            'Snapshot sets are kept in EC2; retention for them is applied from the Backups area.',
            'warn',
          );
          return;
        }
        const removed = await deps.catalog.applyRetention(entry, policy);
        ctx.log(
          removed.length
            ? `Retention removed ${removed.length} backup(s): ${removed.map((b) => b.id).join(', ')}.`
            : 'Retention: nothing to remove.',
        );
      },
    },
  ];
}
