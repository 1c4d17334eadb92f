import { toErrorShape } from '../../../contract';
import { serverInfo } from '../../backups/server-info';
import { ec2TargetOf } from '../../backups/snapshot/ec2-target';
import { takeSnapshotSet } from '../../backups/snapshot/snapshot-set';
import type { BackupWorkflowDeps } from './deps';
import { backupId } from './naming';
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
  if (!ctx.dryRun) {
    deps.catalog.create({
      id,
      kind: 'snapshot',
      tool: 'ebs',
      hostId: host.id,
      hostName: host.name,
      startedAt: now.toISOString(),
      compression: 'none',
      destination: where,
      location: `${where}/${ec2.instanceId}/${id}`,
      runId: ctx.runId,
      ...(ctx.params.scheduleId ? { scheduleId: ctx.params.scheduleId } : {}),
    });
    ctx.output.backupId = id;
  }
  try {
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
    if (ctx.dryRun) return;
    ctx.output.freezeMs = r.freezeMs;
    deps.catalog.finish(id, {
      status: 'succeeded',
      finishedAt: deps.now().toISOString(),
      bytes: r.members.reduce((n, m) => n + (m.sizeGiB ?? 0) * 1024 ** 3, 0),
      durationMs: deps.now().getTime() - now.getTime(),
      coordinates: r.coordinates,
      tables: r.tables,
      snapshots: r.members,
      lockMs: r.lockMs,
    });
  } catch (err) {
    if (!ctx.dryRun)
      deps.catalog.finish(id, {
        status: 'failed',
        finishedAt: deps.now().toISOString(),
        bytes: 0,
        durationMs: deps.now().getTime() - now.getTime(),
        error: toErrorShape(err),
      });
    throw err;
  }
}
