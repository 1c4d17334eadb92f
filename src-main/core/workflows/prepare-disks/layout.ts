import type { DiskLayout } from '../../../contract';

/** The names a layout gives what it makes; stable, so a re-run finds its own work. */
export interface LayoutNames {
  name: string;
  /** Filesystem label (XFS allows 12 characters). */
  label: string;
  mdPath: string;
  vg: string;
  lv: string;
  lvPath: string;
  /** The device-mapper name lsblk shows for the logical volume. */
  dmName: string;
}

export function layoutNames(layout: Pick<DiskLayout, 'name' | 'mountpoint'>): LayoutNames {
  const base =
    layout.name ??
    (layout.mountpoint.split('/').pop() ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 12);
  const name = base || 'data';
  const vg = `vg_${name}`;
  const lv = `lv_${name}`;
  return {
    name,
    label: name,
    mdPath: `/dev/md/${name}`,
    vg,
    lv,
    lvPath: `/dev/${vg}/${lv}`,
    dmName: `${vg}-${lv}`,
  };
}

/** The block device that gets the filesystem: the LV, else the array, else the one device. */
export function filesystemDevice(layout: DiskLayout, devices: readonly string[]): string {
  const names = layoutNames(layout);
  if (layout.lvm) return names.lvPath;
  if (layout.raid0) return names.mdPath;
  return devices[0] ?? '';
}
