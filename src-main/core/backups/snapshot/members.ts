import { OpsdeckError } from '../../../contract';
import { findDevice, type BlockDevice } from '../../workflows/prepare-disks/block-devices';
import { findEbsDevice } from '../../workflows/prepare-disks/ebs-devices';

export interface DataFilesystem {
  mountpoint: string;
  source: string;
  fstype: string;
  layout: 'single' | 'raid0' | 'lvm';
  /** The disks under the filesystem, each with the EBS volume attached there. */
  members: { device: string; volumeId: string }[];
}

/**
 * The filesystem holding the data dir (line 1; the last of stacked mounts is the one in use) and
 * the device holding `/` (line 2).
 */
export const FINDMNT = (path: string) =>
  `findmnt -n -o TARGET,SOURCE,FSTYPE -T '${path.replace(/'/g, `'\\''`)}' | tail -n 1; findmnt -n -o SOURCE / | tail -n 1`;

/** `/dev/vda[/srv/x]` (a bind mount) → `/dev/vda`. */
const device = (source: string) => source.replace(/\[.*\]$/, '');

/** Mount points whose freeze would stop the operating system itself. */
const SYSTEM_MOUNTS = new Set(['/', '/usr', '/var', '/boot', '/etc', '/home', '/tmp']);

/**
 * The EBS volumes under the data dir's filesystem: from the mount's source device down to its
 * disks (a partition's disk, a RAID0's members, an LVM volume group's physical volumes), each
 * matched to the volume attached to the instance there (NVMe serial / by-id link, Xen name).
 */
export function dataFilesystem(
  findmnt: string,
  devices: readonly BlockDevice[],
  byId: ReadonlyMap<string, string>,
  attachments: readonly { volumeId: string; device: string }[],
  hostName: string,
): DataFilesystem {
  const [line = '', rootLine = ''] = findmnt.trim().split('\n');
  const [mountpoint = '', rawSource = '', fstype = ''] = line.trim().split(/\s+/);
  const source = device(rawSource);
  if (!mountpoint)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${hostName}: could not tell which filesystem holds the data dir.`,
      'Check findmnt works on the host.',
    );
  if (SYSTEM_MOUNTS.has(mountpoint) || source === device(rootLine.trim()))
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${hostName}: the data dir is on ${mountpoint} (${rawSource}), a system filesystem (the root disk); freezing it would stop the host itself.`,
      'Snapshot sets need the data dir on its own EBS volume(s) (see `opsdeck ec2 provision --mount`). Take a hot backup instead.',
    );
  const top = findDevice(devices, source);
  if (!top)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${hostName}: ${source} is not a block device lsblk knows.`,
      'Snapshot sets need a filesystem on EBS volumes.',
    );
  const disks: BlockDevice[] = [];
  const walk = (d: BlockDevice) => {
    if (d.type === 'disk' || d.type === 'loop' || !d.parents.length) {
      if (!disks.includes(d)) disks.push(d);
      return;
    }
    for (const p of d.parents) {
      const parent = findDevice(devices, p);
      if (parent) walk(parent);
    }
  };
  walk(top);
  const layout = top.type.startsWith('raid') ? 'raid0' : top.type === 'lvm' ? 'lvm' : 'single';
  const volumeAt = new Map<string, string>();
  for (const a of attachments) {
    const found = findEbsDevice(a, devices, byId);
    if (found) volumeAt.set(found.path, a.volumeId);
  }
  const members = disks.map((d) => {
    const volumeId = volumeAt.get(d.path);
    if (!volumeId)
      throw new OpsdeckError(
        'BACKUP_NOT_RESTORABLE',
        `${hostName}: ${d.path} (under ${mountpoint}) is not an EBS volume attached to the instance.`,
        'A snapshot set covers EBS volumes only; check the host is the instance you named.',
      );
    return { device: d.path, volumeId };
  });
  return { mountpoint, source, fstype, layout, members };
}
