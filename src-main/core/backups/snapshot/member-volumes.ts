import { toErrorShape, type Ec2Volume, type SnapshotMember } from '../../../contract';
import { clientTokenFor } from '../../aws/client-token';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import type { AwsTarget } from '../../aws/workflow-effects';
import { waitUntil } from '../../common/wait';
import type { BackupCtx } from '../types';

/**
 * The volumes a snapshot-set restore makes for its members, as EC2 sees them across retries and
 * resumes: the member's CreateVolume client token, the volumes earlier attempts made, and what
 * becomes of the ones the run will not use.
 */

/** The tag that ties a restored volume to the run that made it (found again by an undo). */
export const RESTORE_RUN_TAG = 'opsdeck:restore-run';

/** The tag that ties a restored volume to the scratch-instance run it was made for. */
export const SCRATCH_RUN_TAG = 'opsdeck:scratch-run';

export const WAIT = { pollMs: 1000, timeoutMs: 600_000 };

/** Volume states that will never be attached: on their way out, or failed. */
export const GONE = new Set(['deleting', 'deleted']);

/** The change that ends one generation of a member's volume (its client token is spent). */
const givenUp = (memberVolumeId: string) => `Volume for ${memberVolumeId} given up: `;

/**
 * The CreateVolume client token of a member in this run: the same on every retry and resume
 * (EC2 answers it with the volume the first call made: no duplicate when an answer was lost),
 * a new one once a volume of the member was given up (it went to `error` or was deleted — the
 * old token would be answered with it). Counted from the run's changes, which persist.
 */
export function memberClientToken(
  ctx: Pick<BackupCtx, 'runId' | 'changes'>,
  memberVolumeId: string,
): string {
  const generation = ctx.changes().filter((c) => c.startsWith(givenUp(memberVolumeId))).length;
  return clientTokenFor(ctx.runId, 'restore-member', memberVolumeId, generation);
}

/**
 * The volumes earlier attempts of this run made for the member (a resume after a crash must not
 * create another one), tagged with the run and the member: the one to use (attached to the
 * target first, then one attached to nothing, then any other) and the extra ones — a duplicate
 * made while the first one was not listed yet, or one that went to `error`.
 */
export async function madeBefore(
  ctx: BackupCtx,
  aws: AwsTarget,
  memberVolumeId: string,
  on: string,
) {
  if (ctx.dryRun) return { earlier: undefined, extra: [] };
  const rows = await ctx.aws.read(
    aws,
    `volumes run ${ctx.runId} made for ${memberVolumeId}`,
    async (s) =>
      (await workflowEc2()).listVolumes(s, undefined, [
        { Name: `tag:${RESTORE_RUN_TAG}`, Values: [ctx.runId] },
        { Name: 'tag:opsdeck:member', Values: [memberVolumeId] },
      ]),
  );
  const live = rows.filter((v) => !GONE.has(v.state));
  const usable = live.filter((v) => v.state !== 'error');
  const attachedTo = (v: Ec2Volume) => v.attachments.filter((a) => a.state !== 'detached');
  const earlier =
    usable.find((v) => attachedTo(v).some((a) => a.instanceId === on)) ??
    usable.find((v) => !attachedTo(v).length) ??
    usable[0];
  return { earlier, extra: live.filter((v) => v !== earlier) };
}

/**
 * A volume of the member this run will not use: one in `error` is deleted and its generation
 * ended (the next CreateVolume uses a new token); a duplicate attached to nothing is deleted once
 * it can be; one attached somewhere is left as it is, named in the log (the undo or the scratch
 * sweep finds it by its tags).
 */
export async function discardExtra(
  ctx: BackupCtx,
  aws: AwsTarget,
  memberVolumeId: string,
  v: Ec2Volume,
): Promise<void> {
  const attached = v.attachments.filter((a) => a.state !== 'detached');
  if (attached.length) {
    ctx.log(
      `${v.volumeId} was also made for ${memberVolumeId} by this run and is attached to ${attached.map((a) => `${a.instanceId} (${a.device})`).join(', ')}: left as it is (rolling the run back deletes it). Delete it from the Volumes table if it is not needed.`,
      'warn',
    );
    return;
  }
  if (v.state === 'error')
    return giveUp(ctx, aws, memberVolumeId, v.volumeId, 'it is in state error');
  if (v.state !== 'available')
    await waitUntil(
      async () => {
        const [now] = await ctx.aws.read(aws, `state of ${v.volumeId}`, async (s) =>
          (await workflowEc2()).listVolumes(s, [v.volumeId]),
        );
        return !now || now.state === 'available' || now.state === 'error' || GONE.has(now.state);
      },
      { what: `${v.volumeId} (a duplicate) to be available`, ...WAIT, signal: ctx.signal },
    );
  await ctx.aws.write(
    aws,
    `DeleteVolume ${v.volumeId} (a second volume for ${memberVolumeId})`,
    async (a) => (await workflowEc2()).deleteVolume(a, v.volumeId, v.volumeId),
  );
  ctx.changed(`${v.volumeId} deleted: a second volume made for ${memberVolumeId} by this run`);
}

/** Delete a failed (or vanished) volume of the member and end its generation. */
export async function giveUp(
  ctx: BackupCtx,
  aws: AwsTarget,
  memberVolumeId: string,
  volumeId: string,
  why: string,
  gone = false,
): Promise<void> {
  const token = memberClientToken(ctx, memberVolumeId);
  if (!gone)
    await ctx.aws
      .write(aws, `DeleteVolume ${volumeId} (${why})`, async (a) =>
        (await workflowEc2()).deleteVolume(a, volumeId, volumeId),
      )
      .catch((err: unknown) => {
        // Gone already: nothing to delete. Anything else: the run fails, naming it.
        if (toErrorShape(err).code !== 'AWS_NOT_FOUND') throw err;
      });
  ctx.changed(`${givenUp(memberVolumeId)}${volumeId}, ${why}, deleted (client token ${token})`);
}

/** CreateVolume of a member with its current client token (undefined while planning). */
export function createMemberVolume(
  ctx: BackupCtx,
  i: {
    aws: AwsTarget;
    zone: string;
    entryId: string;
    member: SnapshotMember;
    scratchRun?: string | undefined;
  },
) {
  const m = i.member;
  return ctx.aws.write(i.aws, `CreateVolume from ${m.snapshotId} in ${i.zone}`, async (a) =>
    (await workflowEc2()).createVolume(a, {
      availabilityZone: i.zone,
      volumeType: 'gp3',
      snapshotId: m.snapshotId,
      clientToken: memberClientToken(ctx, m.volumeId),
      tags: {
        'opsdeck:restore-of': i.entryId,
        'opsdeck:member': m.volumeId,
        [RESTORE_RUN_TAG]: ctx.runId,
        ...(i.scratchRun ? { [SCRATCH_RUN_TAG]: i.scratchRun } : {}),
      },
    }),
  );
}

/**
 * A volume as EC2 lists it now; undefined while EC2 does not list it yet (right after
 * CreateVolume, DescribeVolumes may answer InvalidVolume.NotFound for a few seconds).
 */
export async function volumeNow(ctx: BackupCtx, aws: AwsTarget, volumeId: string) {
  try {
    const [v] = await ctx.aws.read(aws, `state of ${volumeId}`, async (s) =>
      (await workflowEc2()).listVolumes(s, [volumeId]),
    );
    return v;
  } catch (err) {
    if (toErrorShape(err).code === 'AWS_NOT_FOUND') return undefined;
    throw err;
  }
}
