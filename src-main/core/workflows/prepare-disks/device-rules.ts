import { OpsdeckError, type DiskLayout } from '../../../contract';
import { findDevice, type BlockDevice } from './block-devices';
import { layoutNames } from './layout';

/** What the host already has that a layout made (names as lsblk and LVM show them). */
export interface ExistingWork {
  /** Kernel name of the array at /dev/md/<name> (e.g. md127), when it is assembled. */
  mdName?: string | undefined;
  /** Physical volume path → its volume group. */
  pvGroups: ReadonlyMap<string, string>;
}

/** blank: nothing on it; ours: it already carries what this layout makes (a re-run). */
export type DeviceVerdict = { path: string; kind: 'blank' | 'ours' };

const USABLE_TYPES = new Set(['disk', 'loop', 'part']);

/**
 * Is each device free to be used? Refuses (CONFLICT) a device that has partitions, a
 * filesystem, is mounted, or belongs to an md array or LVM — unless it is exactly what an
 * earlier run of the same layout made. Never guesses: anything else is the user's to clear.
 */
export function assessDevices(
  hostName: string,
  all: readonly BlockDevice[],
  paths: readonly string[],
  layout: DiskLayout,
  existing: ExistingWork,
): DeviceVerdict[] {
  const seen = new Map<string, string>();
  return paths.map((path) => {
    const device = findDevice(all, path);
    if (!device)
      throw new OpsdeckError(
        'NOT_FOUND',
        `${path} is not a block device on ${hostName}.`,
        `Check the device name with \`lsblk\` on ${hostName}.`,
      );
    const twin = seen.get(device.name);
    if (twin)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `${path} and ${twin} are the same device (${device.path}) on ${hostName}.`,
        'Name each device once.',
      );
    seen.set(device.name, path);
    return { path: device.path, kind: verdict(hostName, all, device, layout, existing) };
  });
}

function verdict(
  hostName: string,
  all: readonly BlockDevice[],
  d: BlockDevice,
  layout: DiskLayout,
  existing: ExistingWork,
): 'blank' | 'ours' {
  const names = layoutNames(layout);
  const refuse = (what: string, hint: string): never => {
    throw new OpsdeckError('CONFLICT', `${d.path} on ${hostName} ${what}.`, hint);
  };
  const clear = `If its data is not needed, clear it yourself (e.g. \`wipefs -a ${d.path}\`) and resume; Opsdeck never formats a device that is in use or holds data.`;
  if (!USABLE_TYPES.has(d.type))
    refuse(`is a ${d.type} device, not a disk`, 'Name the disks themselves.');
  const children = d.children.map((n) => all.find((c) => c.name === n)).filter(Boolean);
  const ourArray = (c: BlockDevice) => layout.raid0 && c.name === existing.mdName;
  const ourVolume = (c: BlockDevice) => layout.lvm && !layout.raid0 && c.name === names.dmName;
  for (const c of children as BlockDevice[]) {
    if (c.type === 'part')
      refuse(`has partitions (${children.map((x) => x?.path).join(', ')})`, clear);
    if (!ourArray(c) && !ourVolume(c)) refuse(`is part of ${c.path} (${c.type})`, clear);
  }
  if (children.length) return 'ours';
  if (d.ptType) refuse(`has a ${d.ptType} partition table`, clear);
  if (d.fstype === 'linux_raid_member')
    refuse(
      'carries an md RAID superblock of an array that is not assembled here',
      `Check it with \`mdadm --examine ${d.path}\`; assemble that array, or clear it if it is not needed. ${clear}`,
    );
  if (d.fstype === 'LVM2_member') {
    if (layout.lvm && !layout.raid0 && existing.pvGroups.get(d.path) === names.vg) return 'ours';
    const vg = existing.pvGroups.get(d.path);
    refuse(`is an LVM physical volume${vg ? ` of volume group ${vg}` : ''}`, clear);
  }
  if (d.fstype) {
    if (!layout.raid0 && !layout.lvm && d.fstype === layout.filesystem && d.label === names.label)
      return 'ours';
    refuse(
      `already has a ${d.fstype} filesystem${d.label ? ` labelled ${d.label}` : ''}${d.uuid ? ` (UUID ${d.uuid})` : ''}${d.mountpoint ? `, mounted at ${d.mountpoint}` : ''}`,
      clear,
    );
  }
  if (d.mountpoint) refuse(`is mounted at ${d.mountpoint}`, clear);
  return 'blank';
}
