/**
 * The disk half of the provisioning dialog, pure: form state, defaults (XFS at /var/lib/mysql,
 * RAID0 as soon as there is more than one volume), what is wrong with it, and the `disk` params
 * of provision-volumes. The core checks everything again; this only keeps the form honest.
 */
export interface DiskForm {
  prepare: boolean;
  filesystem: 'xfs' | 'ext4';
  mountpoint: string;
  /** undefined: follow the default (RAID0 when more than one volume). */
  raid0?: boolean | undefined;
  lvm: boolean;
  readaheadKiB: string;
  owner: string;
  host: string;
  allowNonEmpty: boolean;
}

export const DEFAULT_DISK_FORM: DiskForm = {
  prepare: true,
  filesystem: 'xfs',
  mountpoint: '/var/lib/mysql',
  lvm: false,
  readaheadKiB: '',
  owner: '',
  host: '',
  allowNonEmpty: false,
};

export const raid0Of = (f: DiskForm, volumes: number) => f.raid0 ?? volumes > 1;

/** The first problem of the form, or undefined. */
export function diskFormProblem(f: DiskForm, volumes: number): string | undefined {
  if (!f.prepare) return undefined;
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(f.mountpoint.trim()))
    return 'The mountpoint is an absolute path, e.g. /var/lib/mysql';
  const raid0 = raid0Of(f, volumes);
  if (raid0 && volumes < 2) return 'RAID0 needs at least 2 volumes';
  if (!raid0 && !f.lvm && volumes > 1) return 'Several volumes need RAID0 or LVM';
  if (f.readaheadKiB.trim() && !/^\d+$/.test(f.readaheadKiB.trim()))
    return 'Read-ahead is a number of KiB';
  if (f.owner.trim() && !/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/.test(f.owner.trim()))
    return 'Owner is user or user:group';
  return undefined;
}

/** provision-volumes' `disk` params (undefined: only create and attach). */
export function diskParams(f: DiskForm, volumes: number): Record<string, unknown> | undefined {
  if (!f.prepare) return undefined;
  return {
    filesystem: f.filesystem,
    mountpoint: f.mountpoint.trim(),
    raid0: raid0Of(f, volumes),
    lvm: f.lvm,
    allowNonEmptyMountpoint: f.allowNonEmpty,
    ...(f.readaheadKiB.trim() ? { readaheadKiB: Number(f.readaheadKiB.trim()) } : {}),
    ...(f.owner.trim() ? { owner: f.owner.trim() } : {}),
    ...(f.host.trim() ? { hostId: f.host.trim() } : {}),
  };
}

/** One sentence for the dialog's summary. */
export function diskSummary(f: DiskForm, volumes: number): string {
  if (!f.prepare) return '';
  const how = [raid0Of(f, volumes) && 'RAID0', f.lvm && 'LVM'].filter(Boolean).join(' + ');
  return ` Then, over SSH on ${f.host.trim() || 'the host added from this instance'}, it ${how ? `stripes them (${how}), ` : ''}formats ${f.filesystem.toUpperCase()} and mounts it at ${f.mountpoint.trim()} (in /etc/fstab by UUID, nofail); it refuses disks in use${f.allowNonEmpty ? '' : ' and a non-empty mountpoint'}.`;
}
