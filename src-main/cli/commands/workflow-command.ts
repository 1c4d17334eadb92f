import type { Command } from 'commander';
import type { Plan, RunEvent } from '../../contract';
import { formatTable } from '../output';
import { leftFilesText } from './left-files-text';
import type { RunCommand } from '../run-command';

const parseJson = (value: string) => JSON.parse(value) as Record<string, unknown>;

/** A dry-run plan for people: numbered steps, each action marked WRITE or read. */
export function formatPlan(plan: Plan): string {
  return plan.steps
    .map((s, i) =>
      [
        `${i + 1}. ${s.title}${s.notRequested ? ' (not requested)' : s.alreadyDone ? ' (already done — skipped)' : ''}`,
        ...s.actions.map(
          (a) => `     ${a.write ? 'WRITE' : 'read '} ${a.kind} ${a.target}: ${a.detail}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

export function registerWorkflows(program: Command, run: RunCommand): void {
  const wf = program.command('workflow').description('Run workflows (plan, run, resume, history)');

  wf.command('list')
    .description('Workflows this Opsdeck can run')
    .action(() =>
      run(async ({ call, out }) => {
        const list = await call('workflows.list', {});
        out.result(list, () =>
          formatTable(
            ['ID', 'TITLE'],
            list.map((w) => [w.id, w.title]),
          ),
        );
      }),
    );

  wf.command('plan <workflow>')
    .description('Dry run: print every command it would run; changes nothing')
    .option('--params <json>', 'workflow parameters as JSON', parseJson, {})
    .option('--host <name>', 'shorthand for --params {"hostId": <name>}')
    .action((workflow: string, opts: { params: Record<string, unknown>; host?: string }) =>
      run(async ({ call, out }) => {
        const params = await withHost(call, opts);
        const plan = await call('workflows.plan', { workflow, params });
        out.result(plan, () => formatPlan(plan));
      }),
    );

  wf.command('run <workflow>')
    .description('Run a workflow and follow its progress')
    .option('--params <json>', 'workflow parameters as JSON', parseJson, {})
    .option('--host <name>', 'shorthand for --params {"hostId": <name>}')
    .action((workflow: string, opts: { params: Record<string, unknown>; host?: string }) =>
      run(async (ctx) => {
        const params = await withHost(ctx.call, opts);
        const { runId } = await ctx.call('workflows.start', { workflow, params });
        await follow(ctx, runId);
      }),
    );

  wf.command('resume <runId>')
    .description('Resume a failed, cancelled or interrupted run')
    .action((runId: string) =>
      run(async (ctx) => {
        await ctx.call('workflows.resume', { runId });
        await follow(ctx, runId);
      }),
    );

  wf.command('runs')
    .description('Recent runs')
    .option('-n, --limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .action((opts: { limit: number }) =>
      run(async ({ call, out }) => {
        const runs = await call('workflows.runs', { limit: opts.limit });
        out.result(runs, () =>
          formatTable(
            ['ID', 'WORKFLOW', 'SUBJECT', 'STATUS', 'DOOR', 'STARTED'],
            runs.map((r) => [r.id, r.workflow, r.subject, r.status, r.door, r.createdAt]),
          ),
        );
      }),
    );

  program
    .command('facts <host>')
    .description('Collect host facts (OS, kernel, uptime, disks, MySQL) over SSH')
    .action((host: string) =>
      run(async (ctx) => {
        const h = await ctx.call('hosts.get', { id: host });
        const { runId } = await ctx.call('workflows.start', {
          workflow: 'collect-facts',
          params: { hostId: h.id },
        });
        await follow(ctx, runId, true);
        const updated = await ctx.call('hosts.get', { id: h.id });
        if (updated.facts)
          ctx.out.result(updated.facts, () => JSON.stringify(updated.facts, null, 2));
      }),
    );
}

async function withHost(
  call: Parameters<Parameters<RunCommand>[0]>[0]['call'],
  opts: { params: Record<string, unknown>; host?: string },
) {
  if (!opts.host) return opts.params;
  const host = await call('hosts.get', { id: opts.host });
  return { ...opts.params, hostId: host.id };
}

/** Print progress until the run ends; exit code 1 unless it succeeded. */
export async function follow(
  ctx: Parameters<Parameters<RunCommand>[0]>[0],
  runId: string,
  quietResult = false,
) {
  const { services, out } = ctx;
  const stop = services.bus.subscribe((message) => {
    if (message.topic !== 'workflow.event') return;
    const event = message.payload as RunEvent;
    if (event.runId !== runId || out.json) return;
    if (event.type === 'step' && event.step.status !== 'pending')
      out.info(`[${event.step.status}] ${event.step.title}`);
    if (event.type === 'log' && event.line.level !== 'cmd') out.info(`  ${event.line.text}`);
  });
  const summary = await services.core.workflows.wait(runId);
  stop();
  if (!quietResult || summary.status !== 'succeeded') {
    const detail = await ctx.call('workflows.run', { runId });
    out.result(
      detail,
      () =>
        `${detail.title} on ${detail.subject}: ${detail.status}${detail.error ? ` — ${detail.error.message}\n  hint: ${detail.error.hint}` : ''} (run ${runId})` +
        leftFilesText(detail.output),
    );
  }
  if (summary.status !== 'succeeded') process.exitCode = 1;
}
