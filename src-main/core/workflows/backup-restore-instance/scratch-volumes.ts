import type { Ec2Volume } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { SCRATCH_RUN_TAG } from '../../backups/snapshot/restore-set';
import { waitUntil } from '../../common/wait';
import { target, type Ctx } from './outputs';

/**
 * What becomes of the volumes a snapshot-set restore made for this run (tagged
 * `opsdeck:scratch-run=<run>`) when its instances are terminated:
 * - `goWith`: attached to one of them with DeleteOnTermination — EC2 deletes them with it;
 * - `toFlag`: attached without it (a crash between AttachVolume and ModifyInstanceAttribute) —
 *   flagged now, so they go with it too;
 * - `toDelete`: attached to nothing (created, never attached; or detached) — deleted now;
 * - `elsewhere`: attached to another instance (moved by hand) — left alone, named in the log.
 * Volumes already on their way out are none of these.
 */
export function volumeFates(volumes: readonly Ec2Volume[], instanceIds: readonly string[]) {
  const ours = new Set(instanceIds);
  const fates = {
    goWith: [] as Ec2Volume[],
    toFlag: [] as Ec2Volume[],
    toDelete: [] as Ec2Volume[],
    elsewhere: [] as Ec2Volume[],
  };
  for (const v of volumes) {
    if (v.state === 'deleting' || v.state === 'deleted') continue;
    const live = v.attachments.filter((a) => a.state !== 'detached');
    if (!live.length) fates.toDelete.push(v);
    else if (live.some((a) => !ours.has(a.instanceId))) fates.elsewhere.push(v);
    else if (live.every((a) => a.deleteOnTermination)) fates.goWith.push(v);
    else fates.toFlag.push(v);
  }
  return fates;
}

const WAIT = { pollMs: 1000, timeoutMs: 300_000 };

/** The volumes the restore made for this run (any state). */
async function scratchVolumes(ctx: Ctx): Promise<Ec2Volume[]> {
  return ctx.aws.read(
    target(ctx.params),
    `find the volumes tagged ${SCRATCH_RUN_TAG}=${ctx.runId}`,
    async (s) =>
      (await workflowEc2()).listVolumes(s, undefined, [
        { Name: `tag:${SCRATCH_RUN_TAG}`, Values: [ctx.runId] },
      ]),
  );
}

/**
 * Before the instances are terminated (or kept): every volume made from the snapshots goes with
 * them — attached ones get DeleteOnTermination (if an interrupted attempt left it unset), ones
 * attached to nothing are deleted now. Safe when none was made (a dump or hot backup).
 */
export async function volumesGoWithInstances(ctx: Ctx, instanceIds: readonly string[]) {
  const fates = volumeFates(await scratchVolumes(ctx), instanceIds);
  const aws = target(ctx.params);
  for (const v of fates.toFlag)
    for (const a of v.attachments) {
      await ctx.aws.write(
        aws,
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
    }
  for (const v of fates.toDelete) {
    if (!ctx.dryRun && v.state !== 'available')
      await waitUntil(
        async () => {
          const [now] = await ctx.aws.read(aws, `state of ${v.volumeId}`, async (s) =>
            (await workflowEc2()).listVolumes(s, [v.volumeId]),
          );
          return !now || now.state === 'available';
        },
        { what: `${v.volumeId} to be available (to delete it)`, ...WAIT, signal: ctx.signal },
      );
    await ctx.aws.write(aws, `DeleteVolume ${v.volumeId} (attached to nothing)`, async (w) =>
      (await workflowEc2()).deleteVolume(w, v.volumeId, v.volumeId),
    );
    ctx.changed(`${v.volumeId} deleted`);
  }
  for (const v of fates.elsewhere)
    ctx.log(
      `${v.volumeId} (made from the snapshots for this run) is attached to ${v.attachments.map((a) => a.instanceId).join(', ')}, not to this run's instance: left as it is — delete it when you are done.`,
      'warn',
    );
  const going = [...fates.goWith, ...fates.toFlag].map((v) => v.volumeId);
  if (going.length)
    ctx.log(
      `${going.join(', ')} made from the snapshots ${going.length === 1 ? 'goes' : 'go'} with the instance (DeleteOnTermination).`,
    );
}
