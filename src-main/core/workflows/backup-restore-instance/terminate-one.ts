import { toErrorShape } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { NOT_FOUND_GRACE_MS } from '../../aws/launch/instance-running';
import { waitUntil } from '../../common/wait';
import { READY, target, type Ctx } from './outputs';

/** How long a termination retries while EC2 does not know the new id yet. */
const TERMINATE_RETRY_MS = 120_000;

export const terminateHint = (id: string) =>
  `It is still billed: terminate it with \`opsdeck ec2 terminate ${id} --confirm ${id}\` (or from the Instances table) when you are done with it.`;

export interface TerminateTiming {
  /** Pause between two tries (default 3 s). */
  pollMs?: number | undefined;
  /**
   * How long InvalidInstanceID.NotFound means "EC2 does not know the new id yet" for an id this
   * run never saw running (default 60 s). Past it — and at once for one that ran — NotFound
   * means the instance is gone: terminated and purged by AWS (or terminated by hand long ago).
   */
  notFoundGraceMs?: number | undefined;
}

/**
 * TerminateInstances for an id this run launched. NotFound right after the launch is EC2's
 * eventual consistency (tried again); when DescribeInstances does not know the id either (or
 * lists it terminated) — at once for an instance that ran (the ready step saw it), else past
 * the grace — it is already gone: recorded as terminated, never a failure — a run whose instance
 * AWS has purged still rolls back.
 */
export async function terminateOne(
  ctx: Pick<Ctx, 'aws' | 'params' | 'log' | 'changed' | 'signal' | 'find'>,
  t: TerminateTiming,
  id: string,
  why: string,
): Promise<void> {
  const shown = id || '<the launched instance>';
  const ran = Boolean(ctx.find(READY)?.hostId);
  const graceEnds = Date.now() + (ran ? 0 : (t.notFoundGraceMs ?? NOT_FOUND_GRACE_MS));
  const out = await waitUntil(
    async () => {
      try {
        return (
          (await ctx.aws.write(target(ctx.params), `terminate ${shown} (${why})`, async (a) =>
            (await workflowEc2()).terminateLaunched(a, id),
          )) ?? { results: [] }
        );
      } catch (err) {
        if (toErrorShape(err).code !== 'AWS_NOT_FOUND') throw err;
        // One NotFound is not proof: gone only when DescribeInstances does not list it either
        // (or lists it terminated); listed alive, its termination is tried again.
        const listed = await listedState(ctx, id);
        if (listed === 'terminated' || listed === 'shutting-down') return 'gone' as const;
        if (!listed && Date.now() >= graceEnds) return 'gone' as const;
        ctx.log(`${id} is not known to EC2 yet: trying again.`, 'warn');
        return false;
      }
    },
    {
      what: `EC2 to know ${id} (to terminate it)`,
      pollMs: t.pollMs ?? 3000,
      timeoutMs: TERMINATE_RETRY_MS,
      signal: ctx.signal,
      hint: terminateHint(id),
    },
  );
  if (out === 'gone') {
    ctx.log(
      `${id} is not known to EC2 (InvalidInstanceID.NotFound${ran ? ' for an instance that ran' : ` for more than ${Math.round((t.notFoundGraceMs ?? NOT_FOUND_GRACE_MS) / 1000)} s`}): it is terminated already — AWS purges terminated instances after a while. Nothing to terminate.`,
      'warn',
    );
    ctx.changed(`${id} terminated`);
    return;
  }
  for (const r of out.results) ctx.log(`${r.resourceId}: ${r.detail}`);
  if (id) ctx.changed(`${id} terminated`);
}

/** The instance's state as DescribeInstances lists it; undefined when EC2 does not know it. */
async function listedState(
  ctx: Pick<Ctx, 'aws' | 'params'>,
  id: string,
): Promise<string | undefined> {
  try {
    const rows = await ctx.aws.read(target(ctx.params), `describe ${id}`, async (scope) =>
      (await workflowEc2()).listInstances(scope, [id]),
    );
    return rows.find((i) => i.instanceId === id)?.state;
  } catch (err) {
    if (toErrorShape(err).code === 'AWS_NOT_FOUND') return undefined;
    throw err;
  }
}
