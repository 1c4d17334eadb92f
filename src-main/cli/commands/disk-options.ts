import type { Command } from 'commander';
import { OpsdeckError } from '../../contract/errors';
import type { WorkflowStartIn } from '../../contract';
import type { CliContext } from '../cli-context';
import { follow, formatPlan, startRun } from './workflow-command';

/** The layout flags shared by `opsdeck disks prepare` and `opsdeck ec2 provision`. */
export interface DiskOptions {
  mount?: string;
  fs: string;
  raid0?: boolean;
  lvm?: boolean;
  name?: string;
  chunk?: string;
  readahead?: string;
  owner?: string;
  allowNonEmpty?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

export const withDiskOptions = (cmd: Command) =>
  cmd
    .option('--fs <type>', 'xfs | ext4', 'xfs')
    .option('--raid0', 'stripe the devices as RAID0 (mdadm)')
    .option('--lvm', 'LVM volume group + logical volume (striped over the devices without --raid0)')
    .option('--name <name>', 'array / volume group / label name (default: from the mountpoint)')
    .option('--chunk <KiB>', 'RAID0 chunk / LVM stripe size in KiB (default 256)')
    .option('--readahead <KiB>', 'read-ahead of the filesystem device (kept by a udev rule)')
    .option('--owner <user[:group]>', 'owner of the mounted filesystem, e.g. mysql:mysql')
    .option('--allow-non-empty', 'mount even over a directory that has files (they are hidden)')
    .option('--dry-run', 'print the plan (every command); change nothing')
    .option('-y, --yes', 'do not ask for confirmation');

const whole = (option: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${option} ${text}: expected a whole number.`,
      `Pass ${option} 256.`,
    );
  return n;
};

/** The layout params from the flags (the workflow validates them). */
export function diskLayoutOf(o: DiskOptions): Record<string, unknown> {
  const chunk = whole('--chunk', o.chunk);
  const readahead = whole('--readahead', o.readahead);
  return {
    filesystem: o.fs,
    raid0: Boolean(o.raid0),
    lvm: Boolean(o.lvm),
    mountpoint: o.mount,
    allowNonEmptyMountpoint: Boolean(o.allowNonEmpty),
    ...(o.name ? { name: o.name } : {}),
    ...(chunk !== undefined ? { chunkKiB: chunk } : {}),
    ...(readahead !== undefined ? { readaheadKiB: readahead } : {}),
    ...(o.owner ? { owner: o.owner } : {}),
  };
}

/**
 * --dry-run: print the plan. Otherwise ask (unless --yes; without a terminal the answer is no),
 * then run the workflow and follow it.
 */
export async function planOrRun(
  ctx: CliContext,
  confirm: (question: string) => Promise<boolean>,
  o: Pick<DiskOptions, 'dryRun' | 'yes'>,
  request: WorkflowStartIn,
  question: string,
): Promise<void> {
  if (o.dryRun) {
    const plan = await ctx.call('workflows.plan', request);
    ctx.out.result(plan, () => formatPlan(plan));
    return;
  }
  if (!o.yes && !(await confirm(question)))
    throw new OpsdeckError(
      'CONFIRMATION_REQUIRED',
      `Not confirmed: ${question}`,
      'Look at the plan with --dry-run, then run again with --yes (or answer y on a terminal).',
    );
  await follow(ctx, startRun(ctx, request));
}
