import type { Command } from 'commander';
import {
  OpsdeckError,
  WorkflowStart,
  describeHolder,
  type PromptRequest,
  type RunOptionsIn,
} from '../../contract';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { follow, startRun } from './run-follow';
import { registerDiscard } from './workflow-discard-command';
import { formatPlan } from './workflow-plan-text';

export { follow, formatPlan, startRun };

const parseJson = (value: string) => JSON.parse(value) as Record<string, unknown>;
const collect = (value: string, list: string[]) => [...list, value];

/**
 * A typed request from a workflow id and params given on the command line: checked here against
 * the contract's schema of that workflow, so a typo says which field and how to fix it.
 */
export function workflowRequest(
  workflow: string,
  params: unknown,
  options?: RunOptionsIn,
): WorkflowStart {
  const parsed = WorkflowStart.safeParse({ workflow, params, ...(options ? { options } : {}) });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // `params.disk` is the workflow's `disk`: name it as the workflow's help does.
  const where = (issue?.path[0] === 'params' ? issue.path.slice(1) : (issue?.path ?? [])).join('.');
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `${workflow}: ${where || 'params'}: ${issue?.message ?? 'invalid'}`,
    where === 'workflow'
      ? 'Pick one of the listed workflows (opsdeck workflow list).'
      : 'Correct the parameters; `opsdeck workflow plan` checks them without changing anything.',
  );
}

interface RunFlags {
  params: Record<string, unknown>;
  host?: string[];
  yes?: boolean;
  pauseBefore: string[];
  ifLocked: string;
}

/** What the run flags ask of the engine: gates approved (--yes), pauses, a held lock. */
export function runOptionsOf(o: Pick<RunFlags, 'yes' | 'pauseBefore' | 'ifLocked'>): RunOptionsIn {
  if (o.ifLocked !== 'wait' && o.ifLocked !== 'refuse')
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `--if-locked ${o.ifLocked}: expected wait or refuse.`,
      'Pass --if-locked wait (queue behind the run holding it) or --if-locked refuse.',
    );
  return { approveGates: Boolean(o.yes), pauseBefore: o.pauseBefore, onLockHeld: o.ifLocked };
}

/** --host names hosts for the workflows that take them: hostId, or hostIds for collect-facts. */
async function withHosts(ctx: CliContext, workflow: string, o: Pick<RunFlags, 'params' | 'host'>) {
  if (!o.host?.length) return o.params;
  const ids = await Promise.all(
    o.host.map(async (h) => (await ctx.call('hosts.get', { id: h })).id),
  );
  return workflow === 'collect-facts'
    ? { ...o.params, hostIds: ids }
    : { ...o.params, hostId: ids[0] };
}

const withRunFlags = (cmd: Command) =>
  cmd
    .option('--params <json>', 'workflow parameters as JSON', parseJson, {})
    .option('--host <name>', 'the host (hostId; repeat for collect-facts)', collect, [])
    .option('-y, --yes', "answer the workflow's own gates with yes in advance")
    .option(
      '--pause-before <step>',
      'stop for a go-ahead before this step (repeatable)',
      collect,
      [],
    )
    .option('--if-locked <wait|refuse>', 'a host/cluster lock is held by another run', 'wait');

export function registerWorkflows(program: Command, run: RunCommand): void {
  const wf = program
    .command('workflow')
    .alias('workflows')
    .description(
      'Run workflows (plan, run, show, cancel, resume, roll back, discard, gates, locks, history)',
    );

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

  withRunFlags(
    wf
      .command('plan <workflow>')
      .description('Dry run: print every command it would run; changes nothing'),
  ).action((workflow: string, opts: RunFlags) =>
    run(async (ctx) => {
      const params = await withHosts(ctx, workflow, opts);
      const plan = await ctx.call(
        'workflows.plan',
        workflowRequest(workflow, params, runOptionsOf(opts)),
      );
      ctx.out.result(plan, () => formatPlan(plan));
    }),
  );

  withRunFlags(
    wf.command('run <workflow>').description('Run a workflow and follow its progress'),
  ).action((workflow: string, opts: RunFlags) =>
    run(async (ctx) => {
      const params = await withHosts(ctx, workflow, opts);
      const request = workflowRequest(workflow, params, runOptionsOf(opts));
      await follow(ctx, startRun(ctx, request));
    }),
  );

  wf.command('resume <runId>')
    .description('Resume a failed, cancelled, rolled-back or interrupted run')
    .action((runId: string) =>
      run(async (ctx) => {
        await follow(ctx, async () => (await ctx.call('workflows.resume', { runId })).runId);
      }),
    );

  wf.command('rollback <runId>')
    .description('Undo what a stopped run did, in reverse, up to its point of no return')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((runId: string, opts: { yes?: boolean }) =>
      run(async (ctx, confirm) => {
        const d = await ctx.call('workflows.run', { runId });
        const question = `Roll back ${d.title} on ${d.subject} (run ${runId.slice(0, 8)})?`;
        if (!opts.yes && !(await confirm(question)))
          throw new OpsdeckError(
            'CONFIRMATION_REQUIRED',
            `Not confirmed: ${question}`,
            'Run again with --yes (or answer y on a terminal).',
          );
        await follow(ctx, async () => (await ctx.call('workflows.rollback', { runId })).runId);
      }),
    );

  registerDiscard(wf, run);

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const)
    wf.command(`${verb} <runId>`)
      .description(`${approve ? 'Say go on at' : 'Decline'} the gate a run waits at`)
      .option('--typed <text>', 'the text the gate asks to type (e.g. the cluster name)')
      .action((runId: string, opts: { typed?: string }) =>
        run(async ({ call, out }) => {
          const gate = (await call('prompts.pending', {})).find(
            (p): p is Extract<PromptRequest, { kind: 'confirm' }> =>
              p.kind === 'confirm' && (p.runId === runId || p.runId.startsWith(runId)),
          );
          if (!gate)
            throw new OpsdeckError(
              'NOT_FOUND',
              `Run ${runId} is not waiting at a gate in this Opsdeck.`,
              'opsdeck workflow runs shows what each run is doing.',
            );
          const answer = await call('prompts.answer', {
            kind: 'confirm',
            id: gate.id,
            approve,
            ...(opts.typed ? { typed: opts.typed } : {}),
          });
          out.result(answer, () => `${gate.title}: ${approve ? 'approved' : 'declined'}.`);
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
            ['ID', 'WORKFLOW', 'SUBJECT', 'STATUS', 'DOOR', 'STARTED', 'OWNER', 'WAITING FOR'],
            runs.map((r) => [
              r.id,
              r.workflow,
              r.subject,
              r.status,
              r.door,
              r.createdAt,
              r.owner?.label ?? '',
              r.waiting?.kind === 'gate'
                ? `a person: ${r.waiting.title}`
                : r.waiting?.kind === 'lock'
                  ? r.waiting.heldBy.map(describeHolder).join('; ')
                  : '',
            ]),
          ),
        );
      }),
    );

  wf.command('locks')
    .description('Host and cluster locks held by runs now')
    .action(() =>
      run(async ({ call, out }) => {
        const locks = await call('workflows.locks', {});
        out.result(locks, () =>
          formatTable(
            ['LOCK', 'RUN', 'WORKFLOW', 'SUBJECT', 'DOOR', 'SINCE'],
            locks.map((l) => [
              `${l.kind} ${l.label}`,
              l.runId,
              l.workflow,
              l.subject,
              l.door,
              l.since,
            ]),
          ),
        );
      }),
    );

  program
    .command('facts <hosts...>')
    .description(
      'Collect host facts (OS, kernel, uptime, disks, MySQL) over SSH, one or many hosts',
    )
    .option('--parallel <n>', 'hosts read at once', (v) => Number.parseInt(v, 10), 8)
    .action((hosts: string[], opts: { parallel: number }) =>
      run(async (ctx) => {
        const found = await Promise.all(hosts.map((id) => ctx.call('hosts.get', { id })));
        const request = workflowRequest('collect-facts', {
          hostIds: found.map((h) => h.id),
          parallel: opts.parallel,
        });
        await follow(ctx, startRun(ctx, request), true);
        const updated = await Promise.all(found.map((h) => ctx.call('hosts.get', { id: h.id })));
        const facts = updated.map((h) => ({ host: h.name, facts: h.facts }));
        const one = facts.length === 1 ? facts[0]?.facts : undefined;
        ctx.out.result(one ?? facts, () => JSON.stringify(one ?? facts, null, 2));
      }),
    );
}
