import { z } from 'zod';
import {
  formatSnapshotMember,
  OpsdeckError,
  type BackupRunParams,
  type SnapshotMember,
} from '../../../contract';
import { waitUntil } from '../../common/wait';
import { serverInfo } from '../../backups/server-info';
import {
  allSnapshotsOfBackup,
  BACKUP_TAG,
  deleteSetSnapshots,
} from '../../backups/snapshot/set-snapshots';
import { takeSnapshotSet } from '../../backups/snapshot/snapshot-set';
import type { Step, StepContext } from '../engine/definition';
import type { BackupWorkflowDeps } from './deps';
import { CATALOGUE, PLAN, TAKEN, type Ctx, type Taken } from './outputs';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';

type Deps = BackupWorkflowDeps;

const targetOf = (ctx: Pick<Ctx, 'get'>) => {
  const ec2 = ctx.get(PLAN).ec2;
  if (!ec2)
    throw new OpsdeckError('INTERNAL', 'The snapshot plan has no EC2 side.', 'Report this bug.');
  return ec2;
};

/**
 * The snapshot set: read lock, consistent snapshot and coordinates, fsfreeze (guarded on the
 * host), CreateSnapshots, thaw, unlock. The snapshot ids are saved (and noted in the catalog) as
 * soon as EC2 returns them, so a failure after that still undoes them.
 */
export async function takeSnapshots(ctx: StepContext<BackupRunParams, Taken>, deps: Deps) {
  const host = ctx.host(ctx.params.host);
  const plan = ctx.get(PLAN);
  const ec2 = targetOf(ctx);
  const c = ctx.get(CATALOGUE);
  const info = await serverInfo(ctx, host);
  const started = performance.now();
  const r = await takeSnapshotSet(ctx, {
    backupId: c.backupId,
    host,
    account: ec2.account,
    ...(ec2.region ? { region: ec2.region } : {}),
    instanceId: ec2.instanceId,
    dialect: info.dialect,
    binlog: info.binlog,
    datadir: info.datadir,
    tables: plan.tables,
    lockTimeoutMs: ctx.params.lockTimeoutSec * 1000,
    freezeMaxSec: ctx.params.freezeMaxSec,
    onSnapshots: (snapshots) => {
      ctx.save({ bytes: 0, durationMs: 0, coordinates: {}, tables: [], snapshots });
      deps.catalog.note(c.backupId, { snapshots });
      ctx.changed(`snapshots ${snapshots.map((s) => s.snapshotId).join(', ')} of ${host.name}`);
    },
  });
  const taken: Taken = {
    bytes: r.members.reduce((n, m) => n + (m.sizeGiB ?? 0) * 1024 ** 3, 0),
    durationMs: Math.round(performance.now() - started),
    coordinates: r.coordinates,
    tables: r.tables,
    lockMs: r.lockMs,
    freezeMs: r.freezeMs,
    snapshots: r.members,
  };
  if (!ctx.dryRun) {
    deps.catalog.note(c.backupId, {
      coordinates: r.coordinates,
      tables: r.tables,
      lockMs: r.lockMs,
    });
    ctx.log(
      `Snapshot set ${c.backupId}: ${r.members.map((s) => s.snapshotId).join(', ')}; read lock ${r.lockMs} ms, frozen ${r.freezeMs} ms.`,
    );
  }
  return taken;
}

/**
 * Undo of a snapshot set: its snapshots are deleted (a rolled-back set is no backup) — those the
 * run recorded and those EC2 lists with the backup's tag, which the run may never have heard of
 * (CreateSnapshots' answer lost, a cancel or a crash while it was in flight). Those are first
 * noted in the catalog entry, so a deletion that fails still leaves them named there.
 */
export async function deleteSnapshots(ctx: StepContext<BackupRunParams, Taken>, deps: Deps) {
  const c = ctx.get(CATALOGUE);
  const made = ctx.saved?.snapshots ?? deps.catalog.find(c.backupId)?.snapshots ?? [];
  const ec2 = targetOf(ctx);
  const { ids, unrecorded } = await allSnapshotsOfBackup(
    ctx,
    ec2,
    c.backupId,
    made.map((s) => s.snapshotId),
  );
  if (unrecorded.length) {
    const found: SnapshotMember[] = unrecorded.map((s) => ({
      volumeId: s.volumeId,
      snapshotId: s.snapshotId,
      // The device is known while the volume is still a member of the target; else '' (shown
      // as "unknown device": formatSnapshotMember).
      device: ec2.members.find((m) => m.volumeId === s.volumeId)?.device ?? '',
      sizeGiB: s.volumeSizeGiB,
    }));
    deps.catalog.note(c.backupId, { snapshots: [...made, ...found] });
    ctx.log(
      `Found ${found.map(formatSnapshotMember).join(', ')} by the tag ${BACKUP_TAG}=${c.backupId}: made for this backup but never recorded by the run (CreateSnapshots' answer was lost, or the run stopped while it was in flight). Deleting them with the rest.`,
      'warn',
    );
  }
  await deleteSetSnapshots(ctx, ec2, ids, 'the run was rolled back');
}

const percent = (p: string) => Number.parseInt(p, 10) || 0;

/**
 * Wait until every snapshot of the set is completed, one child per member volume (its own
 * progress, as EC2 reports it): only then is the set a backup, and the catalog says so.
 */
export const complete = (deps: Deps): Step<BackupRunParams> => ({
  id: 'complete',
  title: 'Wait for the snapshots to complete',
  async check(ctx) {
    return ctx.params.kind !== 'snapshot';
  },
  async run(ctx) {
    const ec2 = targetOf(ctx);
    const c = ctx.get(CATALOGUE);
    const taken = ctx.find(TAKEN);
    // While planning the snapshots do not exist: one child per member volume to be snapshotted.
    const members: SnapshotMember[] =
      taken?.snapshots ??
      ec2.members.map((m) => ({ ...m, snapshotId: `(snapshot of ${m.volumeId})` }));
    await ctx.forEach(
      members,
      {
        key: (m) => m.volumeId,
        title: (m) => `${m.snapshotId} (${m.volumeId} ${m.device})`,
        limit: 8,
        output: z.object({ state: z.string() }),
      },
      async (child, m) => {
        if (child.dryRun) {
          await child.aws.read(
            ec2,
            `DescribeSnapshots ${m.snapshotId} until completed`,
            async () => 0,
          );
          return { state: 'planned' };
        }
        const state = await waitUntil(
          async () => {
            const [s] = await child.aws.read(ec2, `state of ${m.snapshotId}`, async (scope) =>
              (await workflowEc2()).listSnapshots(scope, { snapshotIds: [m.snapshotId] }),
            );
            if (!s)
              throw new OpsdeckError(
                'AWS_NOT_FOUND',
                `Snapshot ${m.snapshotId} is gone.`,
                'Take the backup again.',
              );
            child.progress({
              unit: 'percent',
              done: percent(s.progress),
              total: 100,
              label: m.snapshotId,
            });
            if (s.state === 'error')
              throw new OpsdeckError(
                'WORKFLOW_STEP_FAILED',
                `EC2 failed snapshot ${m.snapshotId} of ${m.volumeId}.`,
                'Take the backup again; the set is rolled back.',
              );
            return s.state === 'completed' ? s.state : undefined;
          },
          {
            what: `snapshot ${m.snapshotId} to complete`,
            pollMs: 2_000,
            timeoutMs: 24 * 3600_000,
            signal: child.signal,
          },
        );
        return { state };
      },
    );
    if (ctx.dryRun || !taken) return;
    const entry = deps.catalog.finish(c.backupId, {
      status: 'succeeded',
      finishedAt: deps.now().toISOString(),
      bytes: taken.bytes,
      durationMs: taken.durationMs,
      coordinates: taken.coordinates,
      tables: taken.tables,
      ...(taken.snapshots ? { snapshots: taken.snapshots } : {}),
      ...(taken.lockMs !== undefined ? { lockMs: taken.lockMs } : {}),
    });
    ctx.log(`Snapshot set ${entry.id} completed: ${members.length} snapshot(s).`);
  },
});
