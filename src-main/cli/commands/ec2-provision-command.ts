import type { Command } from 'commander';
import type { RunCommand } from '../run-command';
import { accountOf } from './ec2-account';
import { parseVolume } from './ec2-launch-options';
import { diskLayoutOf, planOrRun, withDiskOptions, type DiskOptions } from './disk-options';
import { workflowRequest } from './workflow-command';

interface ProvisionOptions extends DiskOptions {
  instance: string;
  account?: string;
  region?: string;
  volume: string[];
  host?: string;
}

const collect = (value: string, list: string[]) => [...list, value];

/**
 * `opsdeck ec2 provision`: the provision-volumes workflow — EBS volumes created and attached,
 * then (with --mount) found on the instance over SSH, striped, formatted and mounted.
 */
export function registerEc2Provision(ec2: Command, run: RunCommand): void {
  withDiskOptions(
    ec2
      .command('provision')
      .description(
        'Create + attach EBS volumes for an instance; with --mount also stripe, format and mount them over SSH',
      )
      .requiredOption('--instance <id>', 'the instance (i-…)')
      .option('-a, --account <name>', 'AWS account (default: OPSDECK_AWS_ACCOUNT or the only one)')
      .option('-r, --region <region>', "region (default: the account's)")
      .requiredOption('--volume <dev:GiB[:type]>', 'e.g. sdf:100:gp3 (repeatable)', collect, [])
      .option('--mount <path>', 'prepare the disks and mount them here, e.g. /var/lib/mysql')
      .option(
        '--host <name>',
        'inventory host to SSH to (default: the host made from the instance)',
      ),
  ).action((opts: ProvisionOptions) =>
    run(async (ctx, confirm) => {
      const volumes = opts.volume.map(parseVolume);
      const account = await accountOf(ctx, opts.account);
      const host = opts.host ? await ctx.call('hosts.get', { id: opts.host }) : undefined;
      const params = {
        account,
        ...(opts.region ? { region: opts.region } : {}),
        instanceId: opts.instance,
        volumes,
        ...(opts.mount
          ? { disk: { ...diskLayoutOf(opts), ...(host ? { hostId: host.id } : {}) } }
          : {}),
      };
      const made = volumes.map((v) => `${v.sizeGiB} GiB ${v.volumeType} at ${v.device}`).join(', ');
      await planOrRun(
        ctx,
        confirm,
        opts,
        workflowRequest('provision-volumes', params),
        `Create and attach ${made} for ${opts.instance}${opts.mount ? `, then format them as ${opts.fs}${opts.raid0 ? ' (RAID0)' : ''}${opts.lvm ? ' (LVM)' : ''} and mount at ${opts.mount}` : ''}?`,
      );
    }),
  );
}
