import { PassThrough } from 'node:stream';
import {
  OpsdeckError,
  toErrorShape,
  type Coordinates,
  type Host,
  type SnapshotMember,
  type TableStat,
} from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { shellQuote } from '../../common/shell';
import type { Dialect } from '../../mysql';
import {
  BY_ID_COMMAND,
  LSBLK_COMMAND,
  parseByIdLinks,
  parseLsblk,
} from '../../workflows/prepare-disks/block-devices';
import { needsSudo } from '../../workflows/prepare-disks/remote';
import type { TableInfo } from '../consistency/table-stats';
import { pinConsistentPoint } from '../run/consistent-point';
import type { BackupCtx } from '../types';
import { FROZEN, THAWED, guardedFreeze } from './freeze';
import { FINDMNT, dataFilesystem, type DataFilesystem } from './members';
import { BACKUP_TAG, deleteSetSnapshots, noteCreateSent, snapshotsOfBackup } from './set-snapshots';

export interface SnapshotSetInput {
  backupId: string;
  host: Host;
  account: string;
  region?: string;
  instanceId: string;
  dialect: Dialect;
  binlog: boolean;
  datadir: string;
  tables: readonly TableInfo[];
  lockTimeoutMs: number;
  freezeMaxSec: number;
  /** Told the snapshots as soon as EC2 made them (the thaw already sent), so they can be undone. */
  onSnapshots?: (made: SnapshotMember[]) => void;
}

export interface SnapshotSetResult {
  filesystem: DataFilesystem;
  members: SnapshotMember[];
  coordinates: Coordinates;
  tables: TableStat[];
  lockMs: number;
  freezeMs: number;
}

const asRootBash = (host: Host, script: string) =>
  needsSudo(host) ? `sudo -n bash -c ${shellQuote(script)}` : script;

/** Which filesystem, which disks, which EBS volumes: read-only, also while planning. */
export async function surveyDataVolumes(
  ctx: BackupCtx,
  i: Pick<SnapshotSetInput, 'host' | 'datadir' | 'account' | 'region' | 'instanceId'>,
) {
  const target = { account: i.account, ...(i.region ? { region: i.region } : {}) };
  const [mnt, lsblk, byId] = await Promise.all([
    ctx.ssh.read(i.host, FINDMNT(i.datadir)),
    ctx.ssh.read(i.host, LSBLK_COMMAND),
    ctx.ssh.read(i.host, BY_ID_COMMAND),
  ]);
  const attached = await ctx.aws.read(
    target,
    `volumes attached to ${i.instanceId}`,
    async (scope) =>
      (await workflowEc2()).listVolumes(scope, undefined, [
        { Name: 'attachment.instance-id', Values: [i.instanceId] },
      ]),
  );
  const attachments = attached.flatMap((v) =>
    v.attachments
      .filter((a) => a.instanceId === i.instanceId)
      .map((a) => ({ volumeId: v.volumeId, device: a.device })),
  );
  const fs = dataFilesystem(
    mnt.stdout,
    parseLsblk(lsblk.stdout),
    parseByIdLinks(byId.stdout),
    attachments,
    i.host.name,
  );
  const members = new Set(fs.members.map((m) => m.volumeId));
  return { fs, target, exclude: attachments.map((a) => a.volumeId).filter((v) => !members.has(v)) };
}

/**
 * An EBS snapshot set that MySQL can start from: FLUSH TABLES WITH READ LOCK in one session
 * (given up after the lock timeout, leaving nothing locked), a consistent snapshot and the binlog
 * coordinates in a second, the data dir's filesystem frozen (guarded on the host: it thaws by
 * itself after `freezeMaxSec` or if Opsdeck goes away), CreateSnapshots of every member volume
 * (crash-consistent across them), thaw, unlock. Writes stop only for those seconds; the row counts
 * are then read from the snapshot, and are exactly the set's.
 */
export async function takeSnapshotSet(
  ctx: BackupCtx,
  i: SnapshotSetInput,
): Promise<SnapshotSetResult> {
  const { fs, target, exclude } = await surveyDataVolumes(ctx, i);
  ctx.log(
    `${i.host.name}: ${i.datadir} is on ${fs.mountpoint} (${fs.fstype}, ${fs.layout}) over ${fs.members.map((m) => `${m.volumeId} (${m.device})`).join(', ')}.`,
  );
  const point = await pinConsistentPoint(ctx, i.host, {
    dialect: i.dialect,
    binlog: i.binlog,
    lockTimeoutMs: i.lockTimeoutMs,
    tables: i.tables,
  });
  const control = new PassThrough();
  let out = '';
  let markFrozen: () => void = () => undefined;
  const frozen = new Promise<void>((resolve) => (markFrozen = resolve));
  let freezeStarted = 0;
  const freeze = ctx.ssh.streamIn({
    host: i.host,
    command: asRootBash(i.host, guardedFreeze(fs.mountpoint, i.freezeMaxSec)),
    fromLabel: 'Opsdeck (thaw signal)',
    from: control,
    purpose: `freeze ${fs.mountpoint} for the snapshots`,
    timeoutMs: (i.freezeMaxSec + 30) * 1000,
    onStdout: (t) => {
      out += t;
      if (out.includes(FROZEN)) markFrozen();
    },
  });
  freeze.catch(() => undefined);
  let snapshots: SnapshotMember[] = [];
  try {
    if (!ctx.dryRun) {
      await Promise.race([
        frozen,
        freeze.then(() => {
          throw new OpsdeckError(
            'SSH_COMMAND_FAILED',
            `fsfreeze of ${fs.mountpoint} on ${i.host.name} ended before freezing: ${out.trim()}`,
            'Check fsfreeze works on the host (root, a mounted filesystem).',
          );
        }),
      ]);
      freezeStarted = performance.now();
      ctx.log(`${fs.mountpoint} frozen; starting the snapshots.`);
    }
    // Our snapshot opened while the freeze was starting; its coordinates tag the set.
    const at = await point.coordinates;
    // From here a set may exist even if no answer comes back: the rollback looks for its tag.
    noteCreateSent(ctx, i.backupId);
    const made = await ctx.aws.write(
      target,
      `CreateSnapshots of ${i.instanceId}: ${fs.members.map((m) => m.volumeId).join(', ')}`,
      async (a) =>
        (await workflowEc2()).createSnapshotSet(a, {
          instanceId: i.instanceId,
          exclude,
          description: `opsdeck backup ${i.backupId} of ${i.host.name}:${i.datadir}`,
          tags: {
            [BACKUP_TAG]: i.backupId,
            'opsdeck:host': i.host.name,
            'opsdeck:mount': fs.mountpoint,
            'opsdeck:layout': fs.layout,
            ...(at.file ? { 'opsdeck:binlog': `${at.file}:${at.position}` } : {}),
            ...(at.gtid ? { 'opsdeck:gtid': at.gtid.slice(0, 255) } : {}),
          },
        }),
    );
    snapshots = (made ?? []).map((s) => ({
      volumeId: s.volumeId,
      snapshotId: s.snapshotId,
      device: fs.members.find((m) => m.volumeId === s.volumeId)?.device ?? '',
      sizeGiB: s.sizeGiB,
    }));
    control.end('thaw\n');
    if (snapshots.length) i.onSnapshots?.(snapshots);
    await freeze;
    if (!ctx.dryRun && !out.includes(THAWED))
      throw new OpsdeckError(
        'SSH_COMMAND_FAILED',
        `${fs.mountpoint} on ${i.host.name} did not report being thawed: ${out.trim()}`,
        `Run \`fsfreeze -u ${fs.mountpoint}\` on ${i.host.name} now, then check the snapshots.`,
      );
  } catch (err) {
    control.end();
    await freeze.catch(() => undefined);
    await point.abandon();
    throw err;
  }
  const freezeMs = freezeStarted ? Math.round(performance.now() - freezeStarted) : 0;
  const lockMs = await point.release();
  ctx.log(`Thawed after ${freezeMs} ms; read lock held ${lockMs} ms.`);
  const missing = fs.members.filter((m) => !snapshots.some((s) => s.volumeId === m.volumeId));
  if (!ctx.dryRun && missing.length)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `CreateSnapshots did not snapshot ${missing.map((m) => m.volumeId).join(', ')}: the set is incomplete.`,
      `The run is rolled back: the snapshots it made (tagged ${BACKUP_TAG}=${i.backupId}) are deleted. Check the instance's volumes, then run again.`,
    );
  const tables = ctx.dryRun ? [] : await point.stats();
  if (!ctx.dryRun) await dropStraySnapshots(ctx, target, i.backupId, snapshots);
  return {
    filesystem: fs,
    members: snapshots,
    coordinates: await point.coordinates,
    tables,
    lockMs,
    freezeMs,
  };
}

/**
 * Snapshots tagged with this backup that are not the set just taken: made by a CreateSnapshots
 * whose answer was lost — the SDK's retry of it, or an earlier attempt of the step before a crash
 * (CreateSnapshots takes no client token). They hold another moment than the set's coordinates:
 * deleted, each in the run's changes. The backup is whole either way: when EC2 refuses the
 * lookup or a deletion, the log says so and names the tag to look for in the Snapshots table
 * (a cancel still cancels, and its rollback finds them by the tag).
 */
async function dropStraySnapshots(
  ctx: BackupCtx,
  target: { account: string; region?: string },
  backupId: string,
  set: readonly SnapshotMember[],
): Promise<void> {
  let stray: string[] = [];
  try {
    stray = (await snapshotsOfBackup(ctx, target, backupId))
      .map((s) => s.snapshotId)
      .filter((id) => !set.some((m) => m.snapshotId === id));
    if (stray.length)
      await deleteSetSnapshots(
        ctx,
        target,
        stray,
        `made for backup ${backupId} by a CreateSnapshots whose answer was lost, not part of its set`,
      );
  } catch (err) {
    const e = toErrorShape(err);
    if (e.code === 'CANCELLED') throw err;
    ctx.log(
      `Looking for snapshots tagged ${BACKUP_TAG}=${backupId} outside its set${stray.length ? ` (found ${stray.join(', ')})` : ''} failed: ${e.message} A CreateSnapshots whose answer was lost may have made some: look for that tag in the EC2 Snapshots table and delete those not in the set.`,
      'warn',
    );
  }
}
