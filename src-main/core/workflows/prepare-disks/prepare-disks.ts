import { hostLocks, type WorkflowDefinition } from '../engine/definition';
import { diskSteps } from './disk-steps';
import { PrepareDisksParams } from '../../../contract';

export const PREPARE_DISKS = 'prepare-disks';

/**
 * The disk half on its own, for any host with blank disks (data centre or cloud): RAID0 and/or
 * LVM when asked, ext4 or XFS, /etc/fstab by UUID with nofail, mounted and proven by a remount.
 */
export function prepareDisksWorkflow(): WorkflowDefinition<
  PrepareDisksParams,
  typeof PREPARE_DISKS
> {
  return {
    id: PREPARE_DISKS,
    title: 'Prepare disks',
    description:
      'Stripe (RAID0 / LVM), format (XFS or ext4) and mount blank disks, in /etc/fstab by UUID with nofail. Refuses disks in use and non-empty mountpoints; re-runs skip what is done.',
    params: PrepareDisksParams,
    subject: (p, lookup) => `${lookup.host(p.hostId).name}:${p.mountpoint}`,
    locks: (p, lookup) => hostLocks([lookup.host(p.hostId)]),
    steps: diskSteps((ctx) => {
      const { hostId, devices, ...layout } = ctx.params;
      return { host: ctx.host(hostId), layout, devices, pending: false };
    }),
  };
}
