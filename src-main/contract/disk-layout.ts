import { z } from 'zod';

/**
 * Disks: the layout that turns blank devices into one mounted filesystem, and the device names
 * a workflow accepts. Used by prepare-disks and provision-volumes (params), the provisioning and
 * launch dialogs (forms) and the CLI (flags): written once, here.
 */

/** EBS data devices Opsdeck attaches volumes at: /dev/sdf … /dev/sdp (or the xvd names). */
export const EBS_DATA_DEVICE = /^\/dev\/(sd[f-p]|xvd[f-p])$/;
export const EbsDataDevice = z
  .string()
  .trim()
  .regex(EBS_DATA_DEVICE, 'Use a data device from /dev/sdf to /dev/sdp');

/** A block device on a host, as the user names it: /dev/nvme1n1, /dev/disk/by-id/…, /dev/vdb. */
export const BlockDevicePath = z
  .string()
  .trim()
  .regex(/^\/dev\/[A-Za-z0-9._/:-]+$/, 'A device is a /dev path, e.g. /dev/nvme1n1');

/** Paths a data filesystem must never be mounted at (or above). */
const SYSTEM_PATHS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/var/lib',
  '/var/log',
]);

export const Mountpoint = z
  .string()
  .trim()
  .regex(
    /^(\/[A-Za-z0-9._-]+)+$/,
    'Use an absolute path of letters, digits, dot, dash or underscore (e.g. /var/lib/mysql)',
  )
  .refine((p) => !p.split('/').includes('..') && !p.split('/').includes('.'), {
    message: 'The mountpoint must not contain . or ..',
  })
  .refine((p) => !SYSTEM_PATHS.has(p), {
    message: 'That is a system directory; mount data volumes below it (e.g. /var/lib/mysql)',
  });

/**
 * How the disks become one mounted filesystem: optional RAID0 (mdadm) and/or LVM, then ext4 or
 * XFS mounted with noatime at `mountpoint`, in /etc/fstab by UUID with nofail.
 */
export const DiskLayout = z
  .object({
    filesystem: z.enum(['xfs', 'ext4']).default('xfs'),
    /** Stripe the devices with mdadm (RAID0); needs 2 or more devices. */
    raid0: z.boolean().default(false),
    /** An LVM volume group and one logical volume (striped over the devices when no RAID0). */
    lvm: z.boolean().default(false),
    mountpoint: Mountpoint,
    /** Base name of the array, volume group, logical volume and filesystem label. */
    name: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,11}$/, 'Use up to 12 lowercase letters, digits or _')
      .optional(),
    /** RAID0 chunk / LVM stripe size. */
    chunkKiB: z
      .number()
      .int()
      .refine((n) => n >= 4 && n <= 4096 && (n & (n - 1)) === 0, {
        message: 'Use a power of two from 4 to 4096',
      })
      .default(256),
    /** Read-ahead of the filesystem's device (blockdev --setra), kept by a udev rule. */
    readaheadKiB: z.number().int().min(0).max(65536).optional(),
    /** Owner of the mounted filesystem's root directory, e.g. mysql:mysql. */
    owner: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/, 'Use user or user:group')
      .optional(),
    /** Mount even though the directory has files (they are hidden while it is mounted). */
    allowNonEmptyMountpoint: z.boolean().default(false),
  })
  .strict();
export type DiskLayout = z.output<typeof DiskLayout>;
export type DiskLayoutInput = z.input<typeof DiskLayout>;

/** Why a layout does not fit its number of devices, or undefined when it does. */
export function layoutProblem(
  layout: Pick<DiskLayout, 'raid0' | 'lvm'>,
  deviceCount: number,
): string | undefined {
  if (layout.raid0 && deviceCount < 2) return 'RAID0 needs at least 2 devices';
  if (!layout.raid0 && !layout.lvm && deviceCount !== 1)
    return 'Several devices need RAID0 or LVM to become one filesystem';
  return undefined;
}
