import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { attachVolume, createVolume } from '../../aws/actions/volumes';
import { listInstances } from '../../aws/resources/instances';
import { listVolumes } from '../../aws/resources/volumes';
import { shellQuote as q } from '../../exec/kill-wrapper';
import {
  BY_ID_COMMAND,
  LSBLK_COMMAND,
  parseByIdLinks,
  parseLsblk,
} from '../../workflows/prepare-disks/block-devices';
import { findEbsDevice } from '../../workflows/prepare-disks/ebs-devices';
import { rootWrite } from '../../workflows/prepare-disks/remote';
import { waitFor } from '../../workflows/provision-volumes/wait-for';
import { profileValue, waitForServer } from '../../workflows/replication-setup/io';
import { databasesReplaced, requireOverwrite } from '../restore/overwrite';
import type { RestoreResult } from '../restore/restore-backup';
import { serverInfo } from '../server-info';
import type { BackupCtx } from '../types';
import { ec2TargetOf } from './ec2-target';

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

/**
 * Restore an EBS snapshot set: one volume per member snapshot in the target instance's zone (any
 * zone: snapshots are regional), attached at free device names; on the host the server is
 * stopped, the RAID0 (or volume group) assembled, the filesystem mounted over the data dir's
 * mount point, and the server started on it. The target's own data is not touched (it is under
 * the mount), and the volumes are tagged with the backup they came from.
 */
export async function restoreSnapshotSet(
  ctx: BackupCtx,
  i: {
    entry: BackupEntry;
    onto: Host;
    overwrite: readonly string[];
    closeMysql(id: string): void;
    instanceId?: string;
    zone?: string;
  },
): Promise<RestoreResult> {
  const started = performance.now();
  const { entry, onto } = i;
  const members = entry.snapshots ?? [];
  if (!members.length)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `Backup ${entry.id} lists no snapshots.`,
      'Pick a complete snapshot set.',
    );
  const [, , account = '', region = ''] = entry.destination.split('/');
  const target = { account, ...(region && region !== 'default' ? { region } : {}) };
  const instanceId = i.instanceId ?? ec2TargetOf(onto, {}).instanceId;
  const info = await serverInfo(ctx, onto);
  requireOverwrite(onto, databasesReplaced(entry, info.userDatabases), i.overwrite);
  const [instance] = await ctx.aws.read(target, `describe ${instanceId}`, (s) =>
    listInstances(s, [instanceId]),
  );
  const zone = i.zone ?? instance?.availabilityZone;
  if (!instance || !zone)
    throw new OpsdeckError(
      'AWS_NOT_FOUND',
      `Instance ${instanceId} was not found in ${account}.`,
      'Check the target host’s ec2: tag, or give --instance.',
    );
  const attached = await ctx.aws.read(target, `volumes attached to ${instanceId}`, (s) =>
    listVolumes(s, undefined, [{ Name: 'attachment.instance-id', Values: [instanceId] }]),
  );
  const devices = freeDevices(
    attached.flatMap((v) => v.attachments.map((a) => a.device)),
    members.length,
  );
  const made: { volumeId: string; device: string }[] = [];
  for (const [n, m] of members.entries()) {
    const vol = await ctx.aws.write(target, `CreateVolume from ${m.snapshotId} in ${zone}`, (a) =>
      createVolume(a, {
        availabilityZone: zone,
        volumeType: 'gp3',
        snapshotId: m.snapshotId,
        tags: { 'opsdeck:restore-of': entry.id, 'opsdeck:member': m.volumeId },
      }),
    );
    made.push({
      volumeId: vol?.volumeId ?? `(new volume from ${m.snapshotId})`,
      device: devices[n] as string,
    });
  }
  if (!ctx.dryRun)
    await waitFor(
      ctx,
      'the restored volumes to be available',
      { pollMs: 1000, timeoutMs: 600_000 },
      async () => {
        const vs = await ctx.aws.read(target, 'volume states', (s) =>
          listVolumes(
            s,
            made.map((m) => m.volumeId),
          ),
        );
        return vs.every((v) => v.state === 'available');
      },
    );
  for (const m of made)
    await ctx.aws.write(target, `AttachVolume ${m.volumeId} to ${instanceId} as ${m.device}`, (a) =>
      attachVolume(a, m.volumeId, instanceId, m.device),
    );
  const fsType =
    (await ctx.ssh.read(onto, `findmnt -n -o FSTYPE -T ${q(info.datadir)}`)).stdout.trim() ||
    'ext4';
  let paths: string[] = made.map((m) => m.device);
  if (!ctx.dryRun)
    await waitFor(
      ctx,
      `the restored volumes to appear on ${onto.name}`,
      { pollMs: 1000, timeoutMs: 300_000 },
      async () => {
        const [ls, by] = await Promise.all([
          ctx.ssh.read(onto, LSBLK_COMMAND),
          ctx.ssh.read(onto, BY_ID_COMMAND),
        ]);
        const devs = parseLsblk(ls.stdout);
        const byId = parseByIdLinks(by.stdout);
        const found = made.map((m) => findEbsDevice(m, devs, byId)?.path);
        if (found.some((f) => !f)) return false;
        paths = found as string[];
        return true;
      },
    );
  const layout = (entry.snapshots?.length ?? 1) > 1 ? 'raid0' : 'single';
  const mountpoint = info.datadir;
  await ctx.ssh.write(onto, profileValue(onto, 'mysqlServiceStop', 'stop MySQL'), {
    purpose: `stop MySQL on ${onto.name}`,
    timeoutMs: 180_000,
  });
  i.closeMysql(onto.id);
  for (const cmd of mountCommands({
    layout,
    devices: paths,
    mountpoint,
    backupId: entry.id,
    fstype: fsType,
  }))
    await rootWrite(ctx, onto, cmd, {
      purpose: 'bring the restored filesystem up at the data dir',
    });
  await ctx.ssh.write(onto, profileValue(onto, 'mysqlServiceStart', 'start MySQL'), {
    purpose: `start MySQL on ${onto.name}`,
    timeoutMs: 300_000,
  });
  i.closeMysql(onto.id);
  if (!ctx.dryRun) await waitForServer(ctx, onto);
  return {
    durationMs: Math.round(performance.now() - started),
    bytes: 0,
    leftFiles: [
      {
        host: onto.name,
        path: mountpoint,
        what: `restored volumes ${made.map((m) => m.volumeId).join(', ')} mounted here (not in fstab); ${onto.name}'s own data is underneath`,
      },
    ],
  };
}
