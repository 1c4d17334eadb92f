import { OpsdeckError, toErrorShape, type Ec2Volume } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { SCRATCH_RUN_TAG } from '../../backups/snapshot/restore-set';
import { waitUntil } from '../../common/wait';
import { target, type Ctx } from './outputs';

/** The tag CreateVolume puts on every volume made from a backup's snapshot (the entry id). */
export const RESTORE_OF_TAG = 'opsdeck:restore-of';

/** What the sweep needs of a step's context (an undo or the finish). */
export interface SweepCtx extends Pick<
  Ctx,
  'aws' | 'runId' | 'dryRun' | 'signal' | 'log' | 'changed'
> {
  params: { backupId: string; launch: { account: string; region?: string | undefined } };
}

/** Which volume belongs to this run: tagged with its id and made from its backup. */
export interface RunTags {
  runId: string;
  backupId: string;
}

/**
 * What becomes of the volumes a snapshot-set restore made for this run (tagged
 * `opsdeck:scratch-run=<run>`) when its instances are terminated:
 * - `goWith`: attached to one of them with DeleteOnTermination — EC2 deletes them with it;
 * - `toFlag`: attached (state `attached`: EC2 refuses the flag before) without it — flagged
 *   before termination, so they go with it too;
 * - `afterEnd`: still on one of them otherwise (`attaching`, `detaching`, or the flag failed) —
 *   the termination detaches them; deleted once available;
 * - `toDelete`: attached to nothing (created, never attached; detached; or in state `error`) —
 *   deleted now (an `error` volume never becomes available: DeleteVolume takes it as it is);
 * - `elsewhere`: attached to another instance (moved by hand) — left alone, named;
 * - `foreign`: not tagged with this run and its backup — never touched, named.
 * Volumes already on their way out are none of these.
 */
export function volumeFates(
  volumes: readonly Ec2Volume[],
  instanceIds: readonly string[],
  run: RunTags,
) {
  const ours = new Set(instanceIds);
  const fates = {
    goWith: [] as Ec2Volume[],
    toFlag: [] as Ec2Volume[],
    afterEnd: [] as Ec2Volume[],
    toDelete: [] as Ec2Volume[],
    elsewhere: [] as Ec2Volume[],
    foreign: [] as Ec2Volume[],
  };
  for (const v of volumes) {
    if (v.state === 'deleting' || v.state === 'deleted') continue;
    if (v.tags[SCRATCH_RUN_TAG] !== run.runId || v.tags[RESTORE_OF_TAG] !== run.backupId) {
      fates.foreign.push(v);
      continue;
    }
    const live = v.attachments.filter((a) => a.state !== 'detached');
    if (!live.length) fates.toDelete.push(v);
    else if (live.some((a) => !ours.has(a.instanceId))) fates.elsewhere.push(v);
    else if (live.every((a) => a.deleteOnTermination)) fates.goWith.push(v);
    else if (live.every((a) => a.state === 'attached')) fates.toFlag.push(v);
    else fates.afterEnd.push(v);
  }
  return fates;
}

/** How long the sweep waits for one volume to become available (the termination detaches it). */
const WAIT_MS = 300_000;

/** The change a volume the sweep could not delete leaves in the run (read by `volumesLeft`). */
const LEFT = /^(vol-\S+) left \(made from the snapshots\)/;

/** The volumes this run's changes say were left and not deleted since (the run's "left behind"). */
export function volumesLeft(changes: readonly string[]): string[] {
  return changes.flatMap((c, i) => {
    const id = LEFT.exec(c)?.[1];
    if (!id || changes.slice(0, i).some((b) => LEFT.exec(b)?.[1] === id)) return [];
    return changes.slice(i + 1).some((a) => a === `${id} deleted`) ? [] : [id];
  });
}

/** The volumes the restore made for this run (any state). */
async function scratchVolumes(ctx: SweepCtx): Promise<Ec2Volume[]> {
  return ctx.aws.read(
    target(ctx.params),
    `find the volumes tagged ${SCRATCH_RUN_TAG}=${ctx.runId}`,
    async (s) =>
      (await workflowEc2()).listVolumes(s, undefined, [
        { Name: `tag:${SCRATCH_RUN_TAG}`, Values: [ctx.runId] },
      ]),
  );
}

export interface SweepOptions {
  pollMs: number;
  /** How long to wait for a volume to become available (default 300 s). */
  waitMs?: number | undefined;
}

/**
 * End the run's instances with the volumes made from the snapshots: flag the attached ones
 * DeleteOnTermination (best effort), terminate through `terminate` (never held back by a
 * volume), then delete what is left. Returns the volumes that could not be dealt with: each is
 * logged by id (warn, with what to do) and recorded as left (`volumesLeft`).
 */
export async function endWithVolumes(
  ctx: SweepCtx,
  instanceIds: readonly string[],
  terminate: (id: string) => Promise<void>,
  o: SweepOptions,
): Promise<string[]> {
  return sweep(ctx, instanceIds, { ...o, ended: true }, async (fates) => {
    await flagAll(ctx, fates.toFlag);
    for (const id of instanceIds) await terminate(id);
  });
}

/** The step's failure when volumes were left (raised after the instance is terminated). */
export function volumesLeftError(left: readonly string[], before: string): OpsdeckError {
  const one = left.length === 1;
  return new OpsdeckError(
    'WORKFLOW_STEP_FAILED',
    `${before}, but ${left.length} volume(s) made from the snapshots ${one ? 'is' : 'are'} left (still billed): ${left.join(', ')}.`,
    `See the run's log for why; delete ${one ? 'it' : 'them'} from the Volumes table when you are done with ${one ? 'it' : 'them'}.`,
  );
}

/**
 * Kept instances: their volumes go with them when they are terminated later (flagged now); the
 * ones attached to nothing are deleted. Never throws for a volume (each left one is named).
 */
export async function volumesGoWithKept(
  ctx: SweepCtx,
  instanceIds: readonly string[],
  o: SweepOptions,
) {
  await sweep(ctx, instanceIds, { ...o, ended: false }, (fates) => flagAll(ctx, fates.toFlag));
}

/**
 * Reads the volumes, runs `between` (flag, terminate), then deletes the ones attached to
 * nothing (and, after a termination, the ones it detached). Returns the ids of those left.
 * Only `between` may throw; every volume's own failure is caught, logged and recorded.
 */
async function sweep(
  ctx: SweepCtx,
  instanceIds: readonly string[],
  o: SweepOptions & { ended: boolean },
  between: (fates: ReturnType<typeof volumeFates>) => Promise<void>,
): Promise<string[]> {
  let fates: ReturnType<typeof volumeFates> | undefined;
  let unread: unknown;
  try {
    fates = volumeFates(await scratchVolumes(ctx), instanceIds, {
      runId: ctx.runId,
      backupId: ctx.params.backupId,
    });
  } catch (err) {
    unread = err;
  }
  await between(
    fates ?? { goWith: [], toFlag: [], afterEnd: [], toDelete: [], elsewhere: [], foreign: [] },
  );
  if (!fates) {
    const m = toErrorShape(unread).message;
    ctx.log(
      `The volumes tagged ${SCRATCH_RUN_TAG}=${ctx.runId} could not be listed (${m}): any made from the snapshots may be left. Search the Volumes table for that tag.`,
      'warn',
    );
    return [`(volumes tagged ${SCRATCH_RUN_TAG}=${ctx.runId}: not listed)`];
  }
  const left: string[] = [];
  for (const v of fates.foreign)
    leave(
      ctx,
      left,
      v,
      `its tags do not name this run and backup ${ctx.params.backupId}: not deleted`,
    );
  for (const v of fates.elsewhere)
    leave(
      ctx,
      left,
      v,
      `attached to ${v.attachments.map((a) => a.instanceId).join(', ')}, not to this run's instance: left as it is`,
    );
  // A kept instance keeps what is still attaching to it (flagged later, by hand or a resume).
  if (!o.ended)
    for (const v of fates.afterEnd)
      ctx.log(
        `${v.volumeId} is still ${v.attachments.map((a) => a.state).join('/')} on the kept instance: it stays with it.`,
        'warn',
      );
  for (const v of [...fates.toDelete, ...(o.ended ? fates.afterEnd : [])]) {
    try {
      await deleteOne(ctx, v, o);
    } catch (err) {
      leave(ctx, left, v, `could not be deleted: ${toErrorShape(err).message}`);
    }
  }
  const going = [...fates.goWith, ...fates.toFlag].map((v) => v.volumeId);
  if (going.length)
    ctx.log(
      `${going.join(', ')} made from the snapshots ${going.length === 1 ? 'goes' : 'go'} with the instance (DeleteOnTermination).`,
    );
  return left;
}

function leave(ctx: SweepCtx, left: string[], v: Ec2Volume, why: string) {
  left.push(v.volumeId);
  ctx.log(
    `${v.volumeId} (made from the snapshots for this run) ${why}. It is still billed: delete it from the Volumes table when you are done with it.`,
    'warn',
  );
  if (!ctx.dryRun) ctx.changed(`${v.volumeId} left (made from the snapshots): ${why}`);
}

/** DeleteOnTermination on each attached volume; a refusal is logged (the sweep deletes it later). */
async function flagAll(ctx: SweepCtx, volumes: readonly Ec2Volume[]) {
  for (const v of volumes)
    for (const a of v.attachments.filter((x) => x.state === 'attached')) {
      try {
        await ctx.aws.write(
          target(ctx.params),
          `DeleteOnTermination on ${v.volumeId} (${a.device}): it goes with ${a.instanceId}`,
          async (w) =>
            (await workflowEc2()).setDeleteOnTermination(w, {
              instanceId: a.instanceId,
              device: a.device,
              volumeId: v.volumeId,
              deleteOnTermination: true,
            }),
        );
        ctx.changed(`${v.volumeId} is deleted when ${a.instanceId} is terminated`);
      } catch (err) {
        ctx.log(
          `DeleteOnTermination on ${v.volumeId} was refused (${toErrorShape(err).message}): it is deleted once the termination detaches it.`,
          'warn',
        );
      }
    }
}

/** DeleteVolume once it can be deleted: at once when available or in `error`, else once available. */
async function deleteOne(ctx: SweepCtx, v: Ec2Volume, o: SweepOptions) {
  const aws = target(ctx.params);
  if (!ctx.dryRun && v.state !== 'available' && v.state !== 'error') {
    const gone = await waitUntil(
      async () => {
        const [now] = await ctx.aws.read(aws, `state of ${v.volumeId}`, async (s) =>
          (await workflowEc2()).listVolumes(s, [v.volumeId]),
        );
        if (!now || now.state === 'deleting' || now.state === 'deleted') return 'gone';
        return now.state === 'available' || now.state === 'error' ? 'free' : false;
      },
      {
        what: `${v.volumeId} to be available (to delete it)`,
        pollMs: o.pollMs,
        timeoutMs: o.waitMs ?? WAIT_MS,
        signal: ctx.signal,
      },
    );
    if (gone === 'gone') return;
  }
  await ctx.aws.write(aws, `DeleteVolume ${v.volumeId} (attached to nothing)`, async (w) =>
    (await workflowEc2()).deleteVolume(w, v.volumeId, v.volumeId),
  );
  ctx.changed(`${v.volumeId} deleted`);
}
