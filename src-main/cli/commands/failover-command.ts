import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import type { RunCommand } from '../run-command';
import { renderPlanView, renderReports } from './failover-render';
import { registerCluster } from './cluster-command';
import { follow, formatPlan, startRun } from './workflow-command';

interface MoveOptions {
  master: string;
  to?: string;
  plan?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  drill?: boolean;
  timeout?: number;
  stopInstance?: boolean;
}

/**
 * Show the plan, then run and follow a switchover / failover: its go-ahead gate asks for the
 * cluster's name on the terminal (or --yes answers it in advance).
 */
async function move(ctx: CliContext, kind: 'switchover' | 'failover', o: MoveOptions) {
  const view = await ctx.call('mysql.failoverPlan', {
    master: o.master,
    mode: kind,
    ...(o.to ? { to: o.to } : {}),
  });
  if (o.plan) {
    ctx.out.result(view, () => renderPlanView(view));
    return;
  }
  const common = {
    master: o.master,
    ...(o.to ? { to: o.to } : {}),
    drill: Boolean(o.drill),
    ...(o.timeout ? { catchUpTimeoutSec: o.timeout } : {}),
  };
  const request =
    kind === 'switchover'
      ? ({ workflow: 'mysql-switchover', params: common } as const)
      : ({
          workflow: 'mysql-failover',
          params: { ...common, stopOldInstance: Boolean(o.stopInstance) },
        } as const);
  if (o.dryRun) {
    const plan = await ctx.call('workflows.plan', request);
    ctx.out.result(
      plan,
      () => `${renderPlanView(view)}

${formatPlan(plan)}`,
    );
    return;
  }
  if (!ctx.out.json) ctx.out.info(renderPlanView(view));
  await follow(
    ctx,
    startRun(ctx, {
      ...request,
      // --yes answers the run's typed go-ahead in advance (logged as such); else it asks on the TTY.
      ...(o.yes ? { options: { approveGates: true } } : {}),
    }),
  );
}

/** `opsdeck mysql failover|switchover|rejoin|reports`: guided master moves, over the same router. */
export function registerFailover(mysql: Command, run: RunCommand): void {
  registerCluster(mysql, run);
  mysql
    .command('failover')
    .description(
      'Unplanned failover of a dead master (--plan: the ranking and the loss, changes nothing)',
    )
    .requiredOption('--master <host>', 'the (dead) master')
    .option('--to <host>', 'promote this replica instead of the best ranked')
    .option('--plan', 'only show the health, the ranking with reasons, and the loss')
    .option('--dry-run', 'print every command and statement the run would make; change nothing')
    .option('-y, --yes', 'do not ask (the cluster name is confirmed for you)')
    .option('--drill', 'a drill on a test cluster (the report is marked as one)')
    .option('--stop-instance', 'EC2: stop the old master’s instance as part of the fence')
    .option('--timeout <seconds>', 'how long the candidate may take to apply its relay log', (v) =>
      Number.parseInt(v, 10),
    )
    .action((opts: MoveOptions) => run((ctx) => move(ctx, 'failover', opts)));

  mysql
    .command('switchover')
    .description('Planned switchover: fence, catch up, promote, move the traffic; nothing lost')
    .requiredOption('--master <host>', 'the master')
    .option('--to <host>', 'promote this replica (default: the best ranked)')
    .option('--plan', 'only show the health, the ranking with reasons')
    .option('--dry-run', 'print every command and statement the run would make; change nothing')
    .option('-y, --yes', 'do not ask (the cluster name is confirmed for you)')
    .option('--drill', 'a drill on a test cluster (the report is marked as one)')
    .option('--timeout <seconds>', 'how long the replicas may take to catch up', (v) =>
      Number.parseInt(v, 10),
    )
    .action((opts: MoveOptions) => run((ctx) => move(ctx, 'switchover', opts)));

  mysql
    .command('rejoin <host>')
    .description(
      'The old master back as a replica of the new one, after a divergence check (--reseed when it diverged)',
    )
    .requiredOption('--under <host>', 'the current master')
    .option('--reseed', 'it diverged: replace its data with a hot backup of the master')
    .option('--dry-run', 'print every command and statement the run would make; change nothing')
    .option('-y, --yes', 'do not ask (the host name is confirmed for you)')
    .action(
      (host: string, opts: { under: string; reseed?: boolean; dryRun?: boolean; yes?: boolean }) =>
        run(async (ctx) => {
          const request = {
            workflow: 'mysql-rejoin',
            params: { host, under: opts.under, reseed: Boolean(opts.reseed) },
          } as const;
          if (opts.dryRun) {
            const plan = await ctx.call('workflows.plan', request);
            ctx.out.result(plan, () => formatPlan(plan));
            return;
          }
          await follow(
            ctx,
            startRun(ctx, {
              ...request,
              ...(opts.yes ? { options: { approveGates: true } } : {}),
            }),
          );
        }),
    );

  mysql
    .command('reports')
    .description('Reports of switchovers, failovers, rejoins and drills')
    .option('--cluster <name>', 'only this cluster')
    .option('-n, --limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .action((opts: { cluster?: string; limit: number }) =>
      run(async ({ call, out }) => {
        const reports = await call('mysql.failoverReports', {
          limit: opts.limit,
          ...(opts.cluster ? { cluster: opts.cluster } : {}),
        });
        out.result(reports, () => renderReports(reports));
      }),
    );
}
