import type { Command } from 'commander';
import { OpsdeckError } from '../../contract/errors';
import type { RunCommand } from '../run-command';
import { addLaunchedToInventory, followToRunning, followToSsh } from './ec2-launch-follow';
import { checkCombinations, parseCount, type LaunchOptions } from './ec2-launch-options';
import { launchSpecOptions } from './ec2-launch-spec-options';
import { buildLaunchPlan, formatPlan } from './ec2-launch-plan';

/**
 * `opsdeck ec2 launch`: the launch wizard on the command line. The same contract methods
 * (`ec2.instances.launchPreview` / `launch`), the same defaults (a key pair named after the
 * instance, created when missing), the same review (plan + AWS CLI equivalent) and follow page.
 */
export function registerEc2Launch(ec2: Command, run: RunCommand): void {
  const launch = ec2
    .command('launch')
    .description('Launch instances like the wizard: plan with --dry-run, follow with --wait')
    .requiredOption('-n, --name <name>', 'Name tag (also the default key pair and hostname)');
  launchSpecOptions(launch)
    .option('--count <n>', 'how many instances', '1')
    .option('--dry-run', 'print the plan and the AWS CLI equivalent; send nothing')
    .option('--wait', 'follow to running and SSH ready, printing state changes')
    .option('--wait-timeout <seconds>', 'give up waiting after this long', '600')
    .option('--ssh-port <port>', 'port sshd listens on, for --wait', '22')
    .option('--add-to-inventory', 'add the instances to the host inventory once running')
    .option('-y, --yes', 'launch without asking')
    .action((opts: LaunchOptions) =>
      run(async (ctx, confirm) => {
        checkCombinations(opts);
        const waitMs = parseCount('--wait-timeout', opts.waitTimeout, 1, 86_400) * 1000;
        const sshPort = parseCount('--ssh-port', opts.sshPort, 1, 65_535);
        const plan = await buildLaunchPlan(ctx, opts);
        const preview = await ctx.call('ec2.instances.launchPreview', plan.params);
        if (opts.dryRun) {
          ctx.out.result({ dryRun: true, params: plan.params, ...preview }, () =>
            formatPlan(plan, preview),
          );
          return;
        }
        if (!ctx.out.json) ctx.out.info(formatPlan(plan, preview));
        const what = `${plan.params.count}× ${plan.params.name} in ${plan.params.account}/${plan.params.region}`;
        if (!opts.yes && !(await confirm(`Launch ${what}?`)))
          throw new OpsdeckError(
            'CONFIRMATION_REQUIRED',
            `Not launched: ${what} was not confirmed.`,
            'Answer y on the terminal, or pass --yes (scripts).',
          );
        const result = await ctx.call('ec2.instances.launch', plan.params);
        ctx.out.info(
          `Launched ${result.instanceIds.join(', ')} (reservation ${result.reservationId})${result.keyPair ? `; private key of ${result.keyPair.keyName} saved to ${result.keyPair.keyPath}` : ''}`,
        );
        const follow = {
          account: plan.params.account,
          region: result.region,
          instanceIds: result.instanceIds,
          deadline: Date.now() + waitMs,
        };
        const instances =
          opts.wait || opts.addToInventory ? await followToRunning(ctx, follow) : undefined;
        const ssh = opts.wait ? await followToSsh(ctx, follow, sshPort) : undefined;
        const hosts = opts.addToInventory ? await addLaunchedToInventory(ctx, follow) : undefined;
        ctx.out.result({ ...result, instances, ssh, hosts }, () => result.instanceIds.join('\n'));
      }),
    );
}
