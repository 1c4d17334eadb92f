import type { ReplicationSetupParamsIn } from '../../contract';
import type { CliContext } from '../cli-context';
import { follow, formatPlan, startRun } from './workflow-command';

/**
 * The replication setup from the CLI (`mysql replicate`, `backup new-replica`): only the
 * preflight, only the plan, or the run followed to its end.
 */
export async function replicate(
  ctx: CliContext,
  params: ReplicationSetupParamsIn,
  opts: { preflight?: boolean; dryRun?: boolean },
): Promise<void> {
  if (opts.preflight) {
    const report = await ctx.call('mysql.preflight', params);
    ctx.out.result(report, () =>
      report.checks
        .map(
          (c) =>
            `${c.level.toUpperCase().padEnd(7)} ${c.title}: ${c.message}${c.hint ? `\n        hint: ${c.hint}` : ''}`,
        )
        .join('\n'),
    );
    if (!report.ok) process.exitCode = 1;
    return;
  }
  const request = { workflow: 'mysql-replication-setup', params } as const;
  if (opts.dryRun) {
    const plan = await ctx.call('workflows.plan', request);
    ctx.out.result(plan, () => formatPlan(plan));
    return;
  }
  await follow(ctx, startRun(ctx, request));
}
