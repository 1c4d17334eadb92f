import { newInstanceRefusal, snapshotPlace } from '../../contract/backup-new-instance';
import { OpsdeckError } from '../../contract/errors';
import type { BackupRestoreNewInstanceParamsIn, WorkflowStartIn } from '../../contract/index';
import type { CliContext } from '../cli-context';
import { checkCombinations, parseCount, type LaunchOptions } from './ec2-launch-options';
import { buildLaunchPlan, formatPlan } from './ec2-launch-plan';

/** `--onto new-instance`: the restore test launches its own scratch instance. */
export const NEW_INSTANCE = 'new-instance';

/** `opsdeck backup restore <id> --onto new-instance`'s own options besides the launch's. */
export interface NewInstanceOptions extends Omit<
  LaunchOptions,
  'count' | 'wait' | 'addToInventory'
> {
  sshUser?: string;
  sshKey?: string;
  keepInstance?: boolean;
  until?: string;
  test: boolean;
  instance?: string;
}

const usage = (message: string, hint: string) => new OpsdeckError('INVALID_PARAMS', message, hint);

/**
 * The launch resolved as `opsdeck ec2 launch` resolves it (the same plan: newest AMI for
 * --image-filter, key pair named after the instance and created when missing), shown with its
 * AWS CLI equivalent, then the `backup-restore-new-instance` request.
 */
export async function newInstanceRequest(
  ctx: CliContext,
  backupId: string,
  o: NewInstanceOptions,
): Promise<{ request: WorkflowStartIn; question: string }> {
  if (o.until)
    throw usage(
      '--until cannot be combined with --onto new-instance.',
      'A point-in-time restore goes onto a host you keep: launch one (`opsdeck ec2 launch --add-to-inventory`), then `opsdeck backup restore <id> --onto <it> --until …`.',
    );
  if (!o.test || o.instance)
    throw usage(
      `${o.test ? '--instance' : '--no-test'} does not apply to --onto new-instance.`,
      'A new instance exists for the restore test: drop the option.',
    );
  // A snapshot set's instance goes where its snapshots are: its region unless one is given, and
  // refused as the workflow's check refuses it (another account or region) before a launch is planned.
  const entry = await ctx.call('backups.get', { id: backupId });
  const place = snapshotPlace(entry);
  const region = o.region ?? place?.region;
  const refusal = newInstanceRefusal(entry, { account: o.account ?? '', region });
  if (refusal) throw new OpsdeckError(refusal.code, refusal.message, refusal.hint);
  const launch: LaunchOptions = { ...o, ...(region ? { region } : {}), count: '1' };
  checkCombinations(launch);
  const timeoutSec = parseCount('--wait-timeout', o.waitTimeout, 30, 7200);
  const port = parseCount('--ssh-port', o.sshPort, 1, 65_535);
  const plan = await buildLaunchPlan(ctx, launch);
  const preview = await ctx.call('ec2.instances.launchPreview', plan.params);
  if (!ctx.out.json) ctx.out.info(formatPlan(plan, preview));
  const params: BackupRestoreNewInstanceParamsIn = {
    backupId,
    launch: plan.params,
    ssh: {
      port,
      timeoutSec,
      ...(o.sshUser ? { user: o.sshUser } : {}),
      ...(o.sshKey ? { keyPath: o.sshKey } : {}),
    },
    keepInstance: Boolean(o.keepInstance),
  };
  const after = o.keepInstance
    ? 'It is kept afterwards (and billed until you terminate it).'
    : 'It is terminated afterwards, and if the test fails.';
  return {
    request: { workflow: 'backup-restore-new-instance', params },
    question: `Launch ${plan.params.name} (${plan.params.instanceType}) in ${plan.params.account}/${plan.params.region} and restore-test backup ${backupId} on it? ${after}`,
  };
}
