import type { Command } from 'commander';
import type { RunCommand } from '../run-command';
import { renderPlanView, renderReports } from './failover-render';

/** `opsdeck mysql failover|switchover|rejoin|reports`: guided master moves, over the same router. */
export function registerFailover(mysql: Command, run: RunCommand): void {
  mysql
    .command('failover')
    .description(
      'Unplanned failover of a dead master (--plan: the ranking and the loss, changes nothing)',
    )
    .requiredOption('--master <host>', 'the (dead) master')
    .option('--to <host>', 'promote this replica instead of the best ranked')
    .option('--plan', 'only show the health, the ranking with reasons, and the loss')
    .action((opts: { master: string; to?: string; plan?: boolean }) =>
      run(async ({ call, out }) => {
        const view = await call('mysql.failoverPlan', {
          master: opts.master,
          mode: 'failover',
          ...(opts.to ? { to: opts.to } : {}),
        });
        out.result(view, () => renderPlanView(view));
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
