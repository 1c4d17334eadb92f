import type { Command } from 'commander';
import type { RunCommand } from '../run-command';
import { diskLayoutOf, planOrRun, withDiskOptions, type DiskOptions } from './disk-options';
import { workflowRequest } from './workflow-command';

const collect = (value: string, list: string[]) => [...list, value];

/** `opsdeck disks prepare`: the prepare-disks workflow on any inventory host. */
export function registerDisks(program: Command, run: RunCommand): void {
  const disks = program.command('disks').description('Disks on a host: stripe, format, mount');
  withDiskOptions(
    disks
      .command('prepare')
      .description(
        'RAID0/LVM, mkfs (xfs|ext4), mount and /etc/fstab (UUID, nofail) on blank disks; refuses disks in use',
      )
      .requiredOption('--host <name>', 'inventory host')
      .requiredOption('--device <path>', 'blank disk, e.g. /dev/nvme1n1 (repeatable)', collect, [])
      .requiredOption('--mount <path>', 'mountpoint, e.g. /var/lib/mysql'),
  ).action((opts: DiskOptions & { host: string; device: string[] }) =>
    run(async (ctx, confirm) => {
      const host = await ctx.call('hosts.get', { id: opts.host });
      const params = { hostId: host.id, devices: opts.device, ...diskLayoutOf(opts) };
      await planOrRun(
        ctx,
        confirm,
        opts,
        workflowRequest('prepare-disks', params),
        `Format ${opts.device.join(', ')} on ${host.name} as ${opts.fs}${opts.raid0 ? ' (RAID0)' : ''}${opts.lvm ? ' (LVM)' : ''} and mount it at ${opts.mount}?`,
      );
    }),
  );
}
