import { OpsdeckError, type BackupEntry, type Host, type SnapshotMember } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import type { AwsTarget } from '../../aws/workflow-effects';
import { shellQuote as q } from '../../common/shell';
import { waitUntil } from '../../common/wait';
import {
  BY_ID_COMMAND,
  LSBLK_COMMAND,
  parseByIdLinks,
  parseLsblk,
} from '../../workflows/prepare-disks/block-devices';
import { findEbsDevice } from '../../workflows/prepare-disks/ebs-devices';
import { rootWrite } from '../../workflows/prepare-disks/remote';
import { serviceCommands } from '../../mysql/physical-restore';
import { waitForServer } from '../../workflows/replication-setup/io';
import type { BackupCtx } from '../types';
import { ec2TargetOf } from './ec2-target';

/** The tags that tie a restored volume to its run (and scratch run): see member-volumes.ts. */
export { RESTORE_RUN_TAG, SCRATCH_RUN_TAG } from './member-volumes';

/** Device names offered to restored volumes: /dev/sdp … /dev/sdz (clear of usual data disks). */
export function freeDevices(used: readonly string[], n: number): string[] {
  const taken = new Set(used.map((d) => d.replace(/^\/dev\/(xvd|sd)/, '')));
  const out: string[] = [];
  for (const l of 'pqrstuvwxyz') if (!taken.has(l) && out.length < n) out.push(`/dev/sd${l}`);
  if (out.length < n)
    throw new OpsdeckError(
      'CONFLICT',
      'No free device names /dev/sdp–sdz on the instance.',
      'Detach unused volumes first.',
    );
  return out;
}

/** Host commands that bring the restored volumes' filesystem up at the data dir. */
export function mountCommands(o: {
  layout: string;
  devices: readonly string[];
  mountpoint: string;
  backupId: string;
  fstype: string;
}): string[] {
  const md = `/dev/md/opsdeck-${o.backupId.slice(-8)}`;
  const source = o.layout === 'raid0' ? md : (o.devices[0] ?? '');
  const assemble =
    o.layout === 'raid0'
      ? [`mdadm --assemble --run ${q(md)} ${o.devices.map(q).join(' ')}`]
      : o.layout === 'lvm'
        ? ['vgscan --mknodes && vgchange -ay']
        : [];
  // XFS refuses a second filesystem with the same UUID: the restored copy mounts with nouuid.
  const opts = o.fstype === 'xfs' ? ' -o nouuid' : '';
  return [
    ...assemble,
    `mkdir -p ${q(o.mountpoint)} && mount${opts} ${q(source)} ${q(o.mountpoint)}`,
  ];
}

/** Where a snapshot set is restored: the account/region it lives in, the instance and its zone. */
export interface SetTarget {
  aws: AwsTarget;
  instanceId: string;
  zone: string;
  /** A free device name for each member, in member order. */
  devices: string[];
}

/** Read-only: the target instance, its zone and free device names (also while planning). */
export async function setTarget(
  ctx: BackupCtx,
  i: { entry: BackupEntry; onto: Host; instanceId?: string | undefined; zone?: string | undefined },
): Promise<SetTarget> {
  const members = i.entry.snapshots ?? [];
  if (!members.length)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `Backup ${i.entry.id} lists no snapshots.`,
      'Pick a complete snapshot set.',
    );
  const [, , account = '', region = ''] = i.entry.destination.split('/');
  const aws = { account, ...(region && region !== 'default' ? { region } : {}) };
  const instanceId = i.instanceId ?? ec2TargetOf(i.onto, {}).instanceId;
  const [instance] = await ctx.aws.read(aws, `describe ${instanceId}`, async (s) =>
    (await workflowEc2()).listInstances(s, [instanceId]),
  );
  const zone = i.zone ?? instance?.availabilityZone;
  if (!instance || !zone)
    throw new OpsdeckError(
      'AWS_NOT_FOUND',
      `Instance ${instanceId} was not found in ${account}.`,
      'Check the target host’s ec2: tag, or give --instance.',
    );
  const attached = await ctx.aws.read(aws, `volumes attached to ${instanceId}`, async (s) =>
    (await workflowEc2()).listVolumes(s, undefined, [
      { Name: 'attachment.instance-id', Values: [instanceId] },
    ]),
  );
  const devices = freeDevices(
    attached.flatMap((v) => v.attachments.map((a) => a.device)),
    members.length,
  );
  return { aws, instanceId, zone, devices };
}

import {
  createMemberVolume,
  discardExtra,
  giveUp,
  GONE,
  madeBefore,
  RESTORE_RUN_TAG,
  volumeNow,
  WAIT,
} from './member-volumes';
export { memberClientToken } from './member-volumes';

/**
 * One member of the set on the target: a volume from its snapshot in the target's zone (tagged
 * with the run, created with the member's client token), attached at its device name, found on
 * the host (NVMe serial, by-id link). A resume finds the volume an earlier attempt made (by its
 * tags; by its token when EC2 does not list it yet), deletes extra ones, and attaches it only
 * when it is not attached yet. A volume that goes to `error` is deleted and the step fails; its
 * retry creates a new one. For a scratch instance (`scratchRun`) the attachment gets
 * DeleteOnTermination: the volume goes with the instance. Returns the volume and its path.
 */
export async function restoreMember(
  ctx: BackupCtx,
  i: {
    entry: Pick<BackupEntry, 'id'>;
    onto: Host;
    target: SetTarget;
    member: SnapshotMember;
    device: string;
    scratchRun?: string | undefined;
  },
): Promise<{ volumeId: string; device: string; path: string }> {
  const { aws, zone, instanceId } = i.target;
  const m = i.member;
  const { earlier, extra } = await madeBefore(ctx, aws, m.volumeId, instanceId);
  for (const v of extra) await discardExtra(ctx, aws, m.volumeId, v);
  const create = { aws, zone, entryId: i.entry.id, member: m, scratchRun: i.scratchRun };
  let vol = earlier ?? (await createMemberVolume(ctx, create));
  if (!earlier && vol && (vol.state === 'error' || GONE.has(vol.state))) {
    // The token was answered with a volume of an earlier attempt that failed or was deleted.
    await giveUp(
      ctx,
      aws,
      m.volumeId,
      vol.volumeId,
      `answered again for its token, ${vol.state}`,
      GONE.has(vol.state),
    );
    vol = await createMemberVolume(ctx, create);
    if (vol && (vol.state === 'error' || GONE.has(vol.state)))
      throw new OpsdeckError(
        'AWS_INCORRECT_STATE',
        `CreateVolume from ${m.snapshotId} answered twice with a volume that is ${vol.state} (${vol.volumeId}).`,
        `Look at the volumes tagged ${RESTORE_RUN_TAG}=${ctx.runId} in the Volumes table, then resume the run.`,
      );
  }
  const volumeId = vol?.volumeId ?? `(new volume from ${m.snapshotId})`;
  const created = `${volumeId} created from ${m.snapshotId}`;
  // Answered for its token by an earlier attempt's volume: recorded once.
  if (earlier || ctx.changes().includes(created))
    ctx.log(`${volumeId} was created from ${m.snapshotId} by this run before.`);
  else ctx.changed(created);
  ctx.progress({ unit: 'items', done: 1, total: 4, label: 'created' });
  const live = earlier?.attachments.filter((a) => a.state !== 'detached') ?? [];
  const elsewhere = live.find((a) => a.instanceId !== instanceId);
  // Moved by hand, or attached by a launch this run lost: it never becomes available here.
  if (elsewhere)
    throw new OpsdeckError(
      'CONFLICT',
      `${volumeId}, made from ${m.snapshotId} by this run before, is attached to ${elsewhere.instanceId} (${elsewhere.device}), not to ${instanceId}.`,
      `Detach it from ${elsewhere.instanceId} (or delete it) in the Volumes table, then resume the run.`,
    );
  const attachedTo = live.find((a) => a.instanceId === instanceId);
  const device = attachedTo?.device ?? i.device;
  if (!attachedTo) {
    if (!ctx.dryRun)
      await waitUntil(
        async () => {
          const v = await volumeNow(ctx, aws, volumeId);
          if (v?.state === 'error' || (v && GONE.has(v.state))) {
            await giveUp(
              ctx,
              aws,
              m.volumeId,
              volumeId,
              `it went ${v.state} instead of available`,
              GONE.has(v.state),
            );
            throw new OpsdeckError(
              'AWS_INCORRECT_STATE',
              `${volumeId}, created from ${m.snapshotId}, went ${v.state} instead of available: it was deleted.`,
              'Retry or resume the run: it creates a new volume from the snapshot (check the snapshot in the Snapshots table if it fails again).',
            );
          }
          return v?.state === 'available';
        },
        { what: `${volumeId} to be available`, ...WAIT, signal: ctx.signal },
      );
    ctx.progress({ unit: 'items', done: 2, total: 4, label: 'available' });
    await ctx.aws.write(aws, `AttachVolume ${volumeId} to ${instanceId} as ${device}`, async (a) =>
      (await workflowEc2()).attachVolume(a, volumeId, instanceId, device),
    );
    ctx.changed(`${volumeId} attached to ${instanceId} as ${device}`);
  }
  if (i.scratchRun && !attachedTo?.deleteOnTermination) {
    // EC2 changes the flag of a device in the instance's block device mapping: once attached.
    if (!ctx.dryRun)
      await waitUntil(
        async () => {
          const [v] = await ctx.aws.read(aws, `attachment of ${volumeId}`, async (s) =>
            (await workflowEc2()).listVolumes(s, [volumeId]),
          );
          return v?.attachments.some((a) => a.instanceId === instanceId && a.state === 'attached');
        },
        { what: `${volumeId} to be attached`, ...WAIT, signal: ctx.signal },
      );
    await ctx.aws.write(
      aws,
      `DeleteOnTermination on ${volumeId} (${device}): it goes with ${instanceId}`,
      async (a) =>
        (await workflowEc2()).setDeleteOnTermination(a, {
          instanceId,
          device,
          volumeId,
          deleteOnTermination: true,
        }),
    );
    ctx.changed(`${volumeId} is deleted when ${instanceId} is terminated`);
  }
  ctx.progress({ unit: 'items', done: 3, total: 4, label: 'attached' });
  let path = device;
  if (!ctx.dryRun)
    path = await waitUntil(
      async () => {
        const [ls, by] = await Promise.all([
          ctx.ssh.read(i.onto, LSBLK_COMMAND),
          ctx.ssh.read(i.onto, BY_ID_COMMAND),
        ]);
        return findEbsDevice({ volumeId, device }, parseLsblk(ls.stdout), parseByIdLinks(by.stdout))
          ?.path;
      },
      { what: `${volumeId} to appear on ${i.onto.name}`, ...WAIT, signal: ctx.signal },
    );
  ctx.progress({ unit: 'items', done: 4, total: 4, label: path });
  return { volumeId, device, path };
}

/**
 * Undo of the members: every volume this run made (found by its tag, whatever step or child
 * made it) is detached and deleted. Safe when none was made.
 */
export async function removeRestoredVolumes(ctx: BackupCtx, target: Pick<SetTarget, 'aws'>) {
  const made = await ctx.aws.read(target.aws, `volumes made by run ${ctx.runId}`, async (s) =>
    (await workflowEc2()).listVolumes(s, undefined, [
      { Name: `tag:${RESTORE_RUN_TAG}`, Values: [ctx.runId] },
    ]),
  );
  for (const v of made) {
    // Already on its way out: an earlier undo (cut short) deleted it.
    if (GONE.has(v.state)) continue;
    const live = v.attachments.filter((a) => a.state !== 'detached');
    if (live.length) {
      // An undo cut short may have sent DetachVolume already: EC2 refuses a second one.
      if (!live.every((a) => a.state === 'detaching'))
        await ctx.aws.write(target.aws, `DetachVolume ${v.volumeId} (rolled back)`, async (a) =>
          (await workflowEc2()).detachVolume(a, v.volumeId),
        );
      await waitUntil(
        async () => {
          const now = await volumeNow(ctx, target.aws, v.volumeId);
          return !now || now.state === 'available' || GONE.has(now.state);
        },
        { what: `${v.volumeId} to detach`, ...WAIT, signal: ctx.signal },
      );
    }
    await ctx.aws.write(target.aws, `DeleteVolume ${v.volumeId} (rolled back)`, async (a) =>
      (await workflowEc2()).deleteVolume(a, v.volumeId, v.volumeId),
    );
    ctx.log(`Deleted restored volume ${v.volumeId}: the restore was rolled back.`, 'warn');
  }
}

/**
 * The restored filesystem brought up over the target's data dir: MySQL stopped, the RAID0
 * assembled (or the volume group activated), mounted (XFS with nouuid), MySQL started on it.
 * The target's own data stays underneath the mount.
 */
export async function mountRestoredSet(
  ctx: BackupCtx,
  i: {
    entry: BackupEntry;
    onto: Host;
    datadir: string;
    paths: readonly string[];
    closeMysql(id: string): void;
  },
): Promise<void> {
  const { stop, start } = serviceCommands(i.onto);
  const fsType =
    (await ctx.ssh.read(i.onto, `findmnt -n -o FSTYPE -T ${q(i.datadir)}`)).stdout.trim() || 'ext4';
  await rootWrite(ctx, i.onto, stop, {
    purpose: `stop MySQL on ${i.onto.name}`,
    timeoutMs: 180_000,
  });
  i.closeMysql(i.onto.id);
  ctx.changed(`MySQL on ${i.onto.name} was stopped`);
  const layout = i.paths.length > 1 ? 'raid0' : 'single';
  for (const cmd of mountCommands({
    layout,
    devices: i.paths,
    mountpoint: i.datadir,
    backupId: i.entry.id,
    fstype: fsType,
  }))
    await rootWrite(ctx, i.onto, cmd, {
      purpose: 'bring the restored filesystem up at the data dir',
    });
  ctx.changed(`the restored set is mounted over ${i.datadir} on ${i.onto.name}`);
  ctx.leftFile(
    i.onto,
    i.datadir,
    `restored volumes of ${i.entry.id} mounted here (not in fstab); ${i.onto.name}'s own data is underneath`,
  );
  await rootWrite(ctx, i.onto, start, {
    purpose: `start MySQL on ${i.onto.name}`,
    timeoutMs: 300_000,
  });
  i.closeMysql(i.onto.id);
  if (!ctx.dryRun) await waitForServer(ctx, i.onto);
  ctx.changed(`MySQL on ${i.onto.name} runs on the restored set`);
}
