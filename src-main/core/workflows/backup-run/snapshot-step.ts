import { serverInfo } from '../../backups/server-info';
import { ec2TargetOf } from '../../backups/snapshot/ec2-target';
import { takeSnapshotSet } from '../../backups/snapshot/snapshot-set';
import type { BackupWorkflowDeps } from './deps';
import { backupId } from './naming';
import { catalogued } from './catalogued';
import type { BackupPlan, Ctx } from './preflight';

/** The backup step of a snapshot set: catalogued like a file backup, located in EC2. */
export async function snapshotSetStep(ctx: Ctx, deps: BackupWorkflowDeps): Promise<void> {
  const host = ctx.host(ctx.params.host);
  const plan = ctx.output.plan as BackupPlan;
  const ec2 = ec2TargetOf(host, ctx.params);
  const info = await serverInfo(ctx, host);
  const now = deps.now();
  const id = backupId(host.name, now, deps.random());
  const where = `ec2://${ec2.account}/${ec2.region ?? 'default'}`;
  const entry = await catalogued(
    ctx,
    deps,
    host,
    now,
    {
      id,
      kind: 'snapshot',
      tool: 'ebs',
      compression: 'none',
      destination: where,
      location: `${where}/${ec2.instanceId}/${id}`,
    },
    async () => {
      const r = await takeSnapshotSet(ctx, {
        backupId: id,
        host,
        ...ec2,
        dialect: info.dialect,
        binlog: info.binlog,
        datadir: info.datadir,
        tables: plan.tables,
        lockTimeoutMs: ctx.params.lockTimeoutSec * 1000,
        freezeMaxSec: ctx.params.freezeMaxSec,
      });
      if (ctx.dryRun) return undefined;
      ctx.output.freezeMs = r.freezeMs;
      return {
        bytes: r.members.reduce((n, m) => n + (m.sizeGiB ?? 0) * 1024 ** 3, 0),
        coordinates: r.coordinates,
        tables: r.tables,
        snapshots: r.members,
        lockMs: r.lockMs,
      };
    },
  );
  if (entry)
    ctx.log(
      `Snapshot set ${id}: ${entry.snapshots?.map((s) => s.snapshotId).join(', ')}; read lock ${entry.lockMs} ms.`,
    );
}
