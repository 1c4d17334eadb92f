import {
  layoutProblem,
  ProvisionDisk,
  type ProvisionDiskInput,
} from '../../../../src-main/contract';

/**
 * The disk half of the provisioning dialog, pure: form state, defaults (XFS at /var/lib/mysql,
 * RAID0 as soon as there is more than one volume), what is wrong with it (the contract's own
 * rules), and the `disk` params of provision-volumes.
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

/** The form's name of each field, for messages. */
const LABEL: Record<string, string> = {
  mountpoint: 'Mountpoint',
  owner: 'Owner',
  readaheadKiB: 'Read-ahead',
  hostId: 'SSH host',
};

export const raid0Of = (f: DiskForm, volumes: number) => f.raid0 ?? volumes > 1;

/** The first problem of the form, or undefined. */
export function diskFormProblem(f: DiskForm, volumes: number): string | undefined {
  if (!f.prepare) return undefined;
  if (f.readaheadKiB.trim() && !/^\d+$/.test(f.readaheadKiB.trim()))
    return 'Read-ahead is a number of KiB';
  const parsed = ProvisionDisk.safeParse(diskParams(f, volumes));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${LABEL[String(issue?.path[0])] ?? 'Disks'}: ${issue?.message ?? 'invalid'}`;
  }
  return layoutProblem(parsed.data, volumes);
}

/** provision-volumes' `disk` params (undefined: only create and attach). */
export function diskParams(f: DiskForm, volumes: number): ProvisionDiskInput | undefined {
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
