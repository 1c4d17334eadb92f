import { OpsdeckError, toErrorShape, type Ec2Instance } from '../../../contract';
import { ec2Refused } from '../../aws/errors';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { hostOfInstance } from '../../aws/launch/host-of-instance';
import type { LaunchSpec } from '../../aws/launch/launch-spec';
import type { OutputOf, Step } from '../engine/definition';
import { waitUntil } from '../../common/wait';
import type { NewInstanceDeps } from './deps';
import { clientToken, endGeneration, generationEnded, terminatedByRun } from './launch-generation';
import { LAUNCH, READY, RUN_TAG, target, type Ctx, type P } from './outputs';
import { endWithVolumes, volumesGoWithKept, volumesLeftError } from './scratch-volumes';
import { terminateHint, terminateOne } from './terminate-one';

/** Every instance tagged with this run that is not terminated (more than one: a double launch). */
async function taggedOurs(ctx: Ctx): Promise<Ec2Instance[]> {
  const rows = await ctx.aws.read(
    target(ctx.params),
    `find the instances tagged ${RUN_TAG}=${ctx.runId}`,
    async (scope) =>
      (await workflowEc2()).listInstances(scope, undefined, [
        { Name: `tag:${RUN_TAG}`, Values: [ctx.runId] },
      ]),
  );
  return rows.filter((i) => i.tags[RUN_TAG] === ctx.runId && !gone(i));
}

/** Terminated or on its way: never "ours" to reuse, nothing left to terminate. */
const gone = (i: Ec2Instance) => i.state === 'terminated' || i.state === 'shutting-down';

/**
 * The instance this run launched, in any state: from the launch step's output, else found by its
 * run tag. `undefined` when none is listed — for a known id that also means "not listed yet":
 * right after RunInstances EC2 answers InvalidInstanceID.NotFound for a few seconds.
 */
async function describeOurs(ctx: Ctx): Promise<Ec2Instance | undefined> {
  const known = ctx.find(LAUNCH)?.instanceId;
  if (!known) return (await taggedOurs(ctx))[0];
  try {
    const rows = await ctx.aws.read(target(ctx.params), `describe ${known}`, async (scope) =>
      (await workflowEc2()).listInstances(scope, [known]),
    );
    return rows.find((i) => i.instanceId === known);
  } catch (err) {
    if (toErrorShape(err).code === 'AWS_NOT_FOUND') return undefined;
    throw err;
  }
}

/**
 * The live instance an earlier attempt of the launch made (a resume reuses it). One that is gone
 * — terminated by hand, or by an undo that stopped before recording the end of its launch
 * generation — ends that generation now, so the launch uses the next client token (the old one
 * would be answered with the gone instance).
 */
async function earlierLaunch(ctx: Ctx): Promise<Ec2Instance | undefined> {
  const i = await describeOurs(ctx);
  if (i && !gone(i)) return i;
  const known = ctx.find(LAUNCH)?.instanceId ?? '';
  if (!known || generationEnded(ctx, known)) return undefined;
  if (i || terminatedByRun(ctx, known)) {
    endGeneration(ctx, `${known} is ${i?.state ?? 'terminated'} (found so on resume)`);
    ctx.save({ instanceId: '', region: ctx.params.launch.region ?? '' });
  }
  return undefined;
}

/** How long an undo looks for an instance whose launch answer was lost. */
const TERMINATE_RETRY_MS = 120_000;

/**
 * The instances to terminate: the one the launch recorded (terminated as it is: it may not be
 * listed yet) and every one tagged with this run (one whose launch was never recorded, or more).
 */
async function instancesToEnd(ctx: Ctx, deps: NewInstanceDeps): Promise<string[]> {
  const launched = ctx.find(LAUNCH);
  const recorded = launched?.instanceId ?? '';
  if (ctx.dryRun) return [recorded];
  // Ended already (its termination confirmed): terminating it again would fail once EC2 forgets it.
  const known = recorded && !terminatedByRun(ctx, recorded) ? recorded : '';
  const tagged = (await taggedOurs(ctx)).map((i) => i.instanceId);
  const ids = [...new Set([known, ...tagged])].filter(Boolean);
  if (ids.length || recorded || !launched?.sent) return ids;
  return lostLaunch(ctx, deps);
}

/**
 * RunInstances went out but its answer was lost, and EC2 does not list an instance with the run's
 * tag yet (eventual consistency): look again for a bounded time. Found nothing: fail (the run is
 * not "rolled back" while an instance may run, billed) naming the tag to search for.
 */
async function lostLaunch(ctx: Ctx, deps: NewInstanceDeps): Promise<string[]> {
  const tag = `${RUN_TAG}=${ctx.runId}`;
  const where = `${ctx.params.launch.account}${ctx.params.launch.region ? `/${ctx.params.launch.region}` : ''}`;
  ctx.log(
    `The launch's answer was lost and no instance tagged ${tag} is listed yet: looking again.`,
    'warn',
  );
  try {
    return await waitUntil(
      async () => {
        const ids = (await taggedOurs(ctx)).map((i) => i.instanceId);
        return ids.length ? ids : false;
      },
      {
        what: `an instance tagged ${tag} to be listed`,
        pollMs: deps.pollMs ?? 3000,
        timeoutMs: deps.lostLaunchWaitMs ?? TERMINATE_RETRY_MS,
        signal: ctx.signal,
      },
    );
  } catch (err) {
    if (toErrorShape(err).code !== 'TIMEOUT') throw err;
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `The launch was sent but its answer was lost, and no instance tagged ${tag} is listed in ${where}: one may still run, billed.`,
      `Search the Instances table of ${where} for the tag ${tag} (client token ${clientToken(ctx)}); terminate what it lists, then roll the run back again.`,
    );
  }
}

/**
 * Terminate the instances and forget the hosts made from them — or, when the user chose to keep
 * them, say loudly that they still run. Safe when nothing was launched. Returns the ids kept.
 */
async function terminateOrKeep(
  ctx: Ctx,
  deps: NewInstanceDeps,
  why: string,
): Promise<{ kept: string[]; volumesLeft: string[] }> {
  const ids = await instancesToEnd(ctx, deps);
  const sweep = { pollMs: deps.pollMs ?? 3000, waitMs: deps.volumeWaitMs };
  if (ctx.params.keepInstance) {
    // A snapshot set's volumes go with the kept instance when it is terminated later.
    await volumesGoWithKept(ctx, ids, sweep);
    for (const id of ids.filter(Boolean))
      ctx.log(`Kept as asked (${why}): ${id} still runs. ${terminateHint(id)}`, 'warn');
    return { kept: ids.filter(Boolean), volumesLeft: [] };
  }
  if (!ids.length) ctx.log('No instance of this run is running: nothing to terminate.');
  // Terminated first; a snapshot set's volumes go with it, or are deleted after (never block it).
  const volumesLeft = await endWithVolumes(
    ctx,
    ids,
    async (id) => {
      await forgetHost(ctx, deps, id);
      await terminateOne(ctx, deps, id, why);
    },
    sweep,
  );
  return { kept: [], volumesLeft };
}

/** The host made from the instance leaves the inventory, its stored keys with it (audited). */
async function forgetHost(ctx: Ctx, deps: NewInstanceDeps, id: string) {
  const host = id ? hostOfInstance(deps.hosts.list(), id) : undefined;
  if (!host || ctx.find(READY)?.created === false) return;
  await deps.hosts.remove([host.id]);
  ctx.log(`Host ${host.name} removed from the inventory (its instance goes).`);
  const forgotten = deps.hostKeys.forgetKeys(host, `instance ${id} terminated`);
  if (forgotten)
    ctx.log(
      `${forgotten} stored host key(s) of ${host.address} forgotten: AWS reuses the address.`,
    );
}

/** The user data to launch with: the vault's copy (a started run), else the params' (a plan). */
async function userDataOf(ctx: Ctx, deps: NewInstanceDeps): Promise<string> {
  const ref = ctx.params.userDataRef;
  if (!ref) return ctx.params.launch.userData;
  if (ctx.dryRun) return '<the user data kept in the vault>';
  return deps.vault.get(ref);
}

type Launched = OutputOf<typeof LAUNCH>;

/**
 * One RunInstances with the current generation's client token (idempotent: a resumed run that
 * sent it before gets that reservation back). `undefined` while planning; `gone` when EC2
 * answered with an instance that is terminated or shutting down (the token's launch ended).
 */
async function sendLaunch(
  ctx: Ctx,
  spec: Omit<LaunchSpec, 'clientToken'>,
): Promise<(Launched & { gone?: string }) | undefined> {
  const region = ctx.params.launch.region ?? '';
  // Right before RunInstances goes out: an undo then knows an instance may exist although no
  // id was recorded. A definite refusal from EC2 clears it (nothing was launched).
  const sent = () => ctx.save({ instanceId: '', region, sent: true });
  const what = `launch ${spec.name} (${spec.instanceType}, ${spec.imageId}${spec.zone ? `, ${spec.zone}` : ''}), tagged ${RUN_TAG}=${ctx.runId}`;
  let out;
  try {
    out = await ctx.aws.write(target(ctx.params), what, async (a) =>
      (await workflowEc2()).launchInstances(
        a,
        { ...spec, clientToken: clientToken(ctx) },
        { beforeSend: sent },
      ),
    );
  } catch (err) {
    if (!ctx.dryRun && ec2Refused(err)) ctx.save({ instanceId: '', region });
    throw err;
  }
  if (!out) return undefined;
  const instanceId = out.instanceIds[0] ?? '';
  if (!instanceId)
    throw new OpsdeckError(
      'AWS_INCORRECT_STATE',
      `RunInstances answered without an instance (reservation ${out.reservationId}).`,
      'Check the Instances table of that account and region.',
    );
  const state = out.states[instanceId] ?? 'pending';
  if (state === 'terminated' || state === 'shutting-down')
    return { instanceId, region: out.region, gone: state };
  for (const w of out.warnings) ctx.log(w, 'warn');
  ctx.log(`${instanceId} launched in ${out.region}.`);
  ctx.changed(`${instanceId} launched`);
  return { instanceId, region: out.region };
}

/** Launch the scratch instance with the launch wizard's own code (its key pair, tags, volumes). */
export const launch = (deps: NewInstanceDeps): Step<P, Launched> => ({
  ...LAUNCH,
  title: 'Launch the scratch instance',
  async run(ctx) {
    const p = ctx.params;
    const existing = ctx.dryRun ? undefined : await earlierLaunch(ctx);
    if (existing) {
      ctx.log(`${existing.instanceId} was launched by this run before (${existing.state}).`);
      return { instanceId: existing.instanceId, region: existing.region };
    }
    const spec = {
      ...p.launch,
      count: 1,
      userData: await userDataOf(ctx, deps),
      tags: { ...p.launch.tags, [RUN_TAG]: ctx.runId, 'opsdeck:restore-test': p.backupId },
    };
    const first = await sendLaunch(ctx, spec);
    if (!first) return { instanceId: '', region: p.launch.region ?? '' };
    if (!first.gone) return first;
    // The token was answered with an instance that is gone: its launch ended without the run
    // recording it (terminated by hand, or an undo cut short). End it now; launch anew, once.
    endGeneration(ctx, `RunInstances answered with ${first.instanceId}, ${first.gone}`);
    const next = await sendLaunch(ctx, spec);
    if (next?.gone)
      throw new OpsdeckError(
        'AWS_INCORRECT_STATE',
        `RunInstances answered twice with an instance that is ${next.gone} (${next.instanceId}), also with the new client token ${clientToken(ctx)}.`,
        'Look at the instances tagged with this run in the Instances table, then resume the run.',
      );
    return next ?? first;
  },
  async undo(ctx) {
    const { kept, volumesLeft } = await terminateOrKeep(
      ctx,
      deps,
      'the restore test did not finish',
    );
    const id = kept.join(', ');
    if (!kept.length && !ctx.dryRun) endGeneration(ctx, 'its instances are terminated');
    if (volumesLeft.length) throw volumesLeftError(volumesLeft, 'The instance is terminated');
    // Kept: the run must not end "rolled back" while the instance still runs and is billed.
    if (kept.length)
      throw new OpsdeckError(
        'WORKFLOW_STEP_FAILED',
        `Kept as asked: ${id} still runs and is still billed (the restore test did not finish).`,
        terminateHint(kept[0] ?? ''),
      );
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
      await (
        await workflowEc2()
      )
        .waitForInstancesRunning(
          (ids) =>
            ctx.aws.read(target(p), `describe ${ids.join(', ')}`, async (scope) =>
              (await workflowEc2()).listInstances(scope, ids),
            ),
          {
            instanceIds: [instanceId],
            ...timing,
            signal: ctx.signal,
            onChange: (i) => ctx.log(`${i.instanceId} is ${i.state}.`),
            hint: 'The instance is still pending: look at it in the Instances table, then resume the run.',
            ...(deps.notFoundGraceMs !== undefined
              ? { notFoundGraceMs: deps.notFoundGraceMs }
              : {}),
          },
        )
        .catch((err: unknown) => {
          if (toErrorShape(err).code !== 'AWS_NOT_FOUND') throw err;
          throw new OpsdeckError(
            'AWS_NOT_FOUND',
            `The scratch instance ${instanceId} is gone from EC2: ${toErrorShape(err).message}`,
            'It was terminated (by hand, or by AWS) and purged, so nothing of it is left to terminate: roll the run back (or discard it) and start a new restore test.',
            { cause: err },
          );
        });
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
    let kept: string[];
    let volumesLeft: string[];
    try {
      ({ kept, volumesLeft } = await terminateOrKeep(ctx, deps, 'the restore test is over'));
    } catch (err) {
      const id = ctx.find(LAUNCH)?.instanceId ?? '';
      const e = toErrorShape(err);
      throw new OpsdeckError(
        e.code,
        `The restore test passed, but ${id} could not be terminated: ${e.message}`,
        terminateHint(id),
      );
    }
    if (volumesLeft.length)
      throw volumesLeftError(volumesLeft, 'The restore test passed and its instance is terminated');
    await forgetUserData(ctx, deps);
    return { terminated: kept.length === 0 };
  },
});

/**
 * The run succeeded: its copy of the user data leaves the vault. A failure here must not roll
 * back a passed test (the instance is dealt with already): it is a warning naming the entry.
 */
async function forgetUserData(ctx: Ctx, deps: NewInstanceDeps) {
  const ref = ctx.params.userDataRef;
  if (!ref || ctx.dryRun) return;
  try {
    await deps.vault.delete(ref);
  } catch (err) {
    ctx.log(
      `The restore test passed and its instance is dealt with, but the vault copy of the user data (${ref}) could not be deleted: ${toErrorShape(err).message}. It stays encrypted in the vault; nothing else uses it. Delete it with \`opsdeck workflow discard ${ctx.runId}\` (the run stays succeeded).`,
      'warn',
    );
    return;
  }
  ctx.log('The user data kept in the vault for this run was deleted.');
}
