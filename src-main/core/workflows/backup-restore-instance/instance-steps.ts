import { OpsdeckError, toErrorShape, type Ec2Instance } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { hostOfInstance } from '../../aws/launch/host-of-instance';
import type { OutputOf, Step } from '../engine/definition';
import { waitFor } from '../provision-volumes/wait-for';
import type { NewInstanceDeps } from './deps';
import { LAUNCH, READY, RUN_TAG, target, type Ctx, type P } from './outputs';

const GONE = new Set(['shutting-down', 'terminated', 'stopping', 'stopped']);

/** The instance this run launched: from the launch step's output, else found by its run tag. */
async function ourInstance(ctx: Ctx): Promise<Ec2Instance | undefined> {
  const known = ctx.find(LAUNCH)?.instanceId;
  const rows = await ctx.aws.read(
    target(ctx.params),
    known ? `describe ${known}` : `find the instance tagged ${RUN_TAG}=${ctx.runId}`,
    async (scope) => (await workflowEc2()).listInstances(scope, known ? [known] : undefined),
  );
  return rows.find(
    (i) =>
      (known ? i.instanceId === known : i.tags[RUN_TAG] === ctx.runId) && i.state !== 'terminated',
  );
}

const terminateHint = (id: string) =>
  `It is still billed: terminate it with \`opsdeck ec2 terminate ${id} --confirm ${id}\` (or from the Instances table) when you are done with it.`;

/**
 * Terminate the instance and forget the host made from it — or, when the user chose to keep
 * it, say loudly that it still runs. Safe when nothing was launched.
 */
async function terminateOrKeep(ctx: Ctx, deps: NewInstanceDeps, why: string): Promise<boolean> {
  const instance = ctx.dryRun ? undefined : await ourInstance(ctx);
  const id = instance?.instanceId ?? ctx.find(LAUNCH)?.instanceId ?? '';
  if (ctx.params.keepInstance) {
    if (id) ctx.log(`Kept as asked (${why}): ${id} still runs. ${terminateHint(id)}`, 'warn');
    return false;
  }
  const host = id ? hostOfInstance(deps.hosts.list(), id) : undefined;
  if (host && ctx.find(READY)?.created !== false) {
    await deps.hosts.remove([host.id]);
    ctx.log(`Host ${host.name} removed from the inventory (its instance goes).`);
  }
  if (!id && !ctx.dryRun) {
    ctx.log('No instance of this run is running: nothing to terminate.');
    return true;
  }
  const shown = id || '<the launched instance>';
  const out = await ctx.aws.write(target(ctx.params), `terminate ${shown} (${why})`, async (a) =>
    (await workflowEc2()).terminateInstances(a, [id], id),
  );
  for (const r of out?.results ?? []) ctx.log(`${r.resourceId}: ${r.detail}`);
  if (id) ctx.changed(`${id} terminated`);
  return true;
}

/** Launch the scratch instance with the launch wizard's own code (its key pair, tags, volumes). */
export const launch = (deps: NewInstanceDeps): Step<P, OutputOf<typeof LAUNCH>> => ({
  ...LAUNCH,
  title: 'Launch the scratch instance',
  async run(ctx) {
    const p = ctx.params;
    const spec = {
      ...p.launch,
      count: 1,
      tags: { ...p.launch.tags, [RUN_TAG]: ctx.runId, 'opsdeck:restore-test': p.backupId },
    };
    const region = p.launch.region ?? '';
    const existing = ctx.dryRun ? undefined : await ourInstance(ctx);
    if (existing) {
      ctx.log(`${existing.instanceId} was launched by this run before (${existing.state}).`);
      return { instanceId: existing.instanceId, region: existing.region };
    }
    const what = `launch ${spec.name} (${spec.instanceType}, ${spec.imageId}${spec.zone ? `, ${spec.zone}` : ''}), tagged ${RUN_TAG}=${ctx.runId}`;
    const out = await ctx.aws.write(target(p), what, async (a) =>
      (await workflowEc2()).launchInstances(a, spec),
    );
    if (!out) return { instanceId: '', region };
    const instanceId = out.instanceIds[0] ?? '';
    if (!instanceId)
      throw new OpsdeckError(
        'AWS_INCORRECT_STATE',
        `RunInstances answered without an instance (reservation ${out.reservationId}).`,
        'Check the Instances table of that account and region.',
      );
    for (const w of out.warnings) ctx.log(w, 'warn');
    ctx.log(`${instanceId} launched in ${out.region}.`);
    ctx.changed(`${instanceId} launched`);
    return { instanceId, region: out.region };
  },
  async undo(ctx) {
    await terminateOrKeep(ctx, deps, 'the restore test did not finish');
  },
});

/** Until the instance runs and sshd answers; then it is added to the inventory as a host. */
export const ready = (deps: NewInstanceDeps): Step<P, OutputOf<typeof READY>> => ({
  ...READY,
  title: 'Wait for it to run and answer SSH; add it to the inventory',
  async run(ctx) {
    const p = ctx.params;
    const { instanceId } = ctx.get(LAUNCH);
    const timing = { pollMs: deps.pollMs ?? 3000, timeoutMs: p.ssh.timeoutSec * 1000 };
    if (!ctx.dryRun)
      await waitFor(
        ctx,
        `${instanceId} to run`,
        timing,
        async () => {
          const i = await ourInstance(ctx);
          if (!i || GONE.has(i.state))
            throw new OpsdeckError(
              'AWS_INCORRECT_STATE',
              `${instanceId} is ${i?.state ?? 'terminated'} instead of running.`,
              'Read its console output in the Instances table (a bad AMI or user data?), then start the test again.',
            );
          return i.state === 'running';
        },
        'The instance is still pending: look at it in the Instances table, then resume the run.',
      );
    const shown = instanceId || '<the launched instance>';
    const added = await ctx.aws.write(
      target(p),
      `wait until sshd answers on ${shown} (port ${p.ssh.port}), then add it to the inventory${p.ssh.user ? ` as ${p.ssh.user}` : ''}`,
      async (a) => {
        const ec2 = await workflowEc2();
        const sshReady = await ec2.waitForInstanceSsh(a, deps.hosts, {
          instanceId,
          port: p.ssh.port,
          timeoutMs: timing.timeoutMs,
          signal: ctx.signal,
        });
        ctx.log(`sshd answers on ${sshReady.address}:${sshReady.port}: ${sshReady.banner}`);
        const { host, created } = await ec2.addToInventory(a, deps.hosts, {
          instanceId,
          user: p.ssh.user,
          keyPath: p.ssh.keyPath,
        });
        const withPort =
          host.port === p.ssh.port ? host : await deps.hosts.update(host.id, { port: p.ssh.port });
        return { host: withPort, created };
      },
    );
    if (!added) return { hostId: '', hostName: '', address: '', created: true };
    const { host, created } = added;
    ctx.log(
      `${created ? 'Added' : 'Refreshed'} host ${host.name} (${host.user}@${host.address}:${host.port}, ${host.auth}).`,
    );
    return { hostId: host.id, hostName: host.name, address: host.address, created };
  },
});

/** After the test (passed): terminate the instance and forget its host, unless it is kept. */
export const finish = (deps: NewInstanceDeps): Step<P, { terminated: boolean }> => ({
  id: 'finish',
  title: 'Terminate the instance and remove its host (unless kept)',
  async run(ctx) {
    try {
      return { terminated: await terminateOrKeep(ctx, deps, 'the restore test is over') };
    } catch (err) {
      const id = ctx.find(LAUNCH)?.instanceId ?? '';
      const e = toErrorShape(err);
      throw new OpsdeckError(
        e.code,
        `The restore test passed, but ${id} could not be terminated: ${e.message}`,
        terminateHint(id),
      );
    }
  },
});
