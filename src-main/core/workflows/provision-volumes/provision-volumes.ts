import { OpsdeckError, ProvisionVolumesParams, type Ec2Volume, type Host } from '../../../contract';
import { z } from 'zod';
import {
  hostLocks,
  outputOf,
  type StepContext,
  type WorkflowDefinition,
} from '../engine/definition';
import { diskHalfSteps } from './disk-half';
import { waitFor } from './wait-for';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import { clientTokenFor } from '../../aws/client-token';

/**
 * Provisioning: create volumes in the instance's zone and attach them at the asked devices
 * (EBS half, through `ctx.aws`: planned in a dry run, audited in a run); then, when `disk` is
 * given, find them on the host over SSH and stripe, format, mount and add them to fstab (the
 * prepare-disks steps, see disk-half.ts). Every step checks first, so a re-run or resume
 * creates nothing twice.
 */

type Ctx = StepContext<ProvisionVolumesParams>;

/** The instance's availability zone, where the volumes are made. */
const INSPECT = outputOf('inspect', z.object({ zone: z.string() }));

/** The tag that ties a volume to the instance and device it was provisioned for. */
export const PROVISION_TAG = 'opsdeck:provision';
const tagValue = (p: ProvisionVolumesParams, device: string) => `${p.instanceId}:${device}`;
const target = (p: ProvisionVolumesParams) => ({ account: p.account, region: p.region });

/** Every volume tagged for the instance's devices, in any state. */
async function tagged(ctx: Ctx): Promise<Ec2Volume[]> {
  const p = ctx.params;
  return ctx.aws.read(target(p), `find volumes tagged ${PROVISION_TAG}`, async (scope) =>
    (await workflowEc2()).listVolumes(scope, undefined, [
      { Name: `tag:${PROVISION_TAG}`, Values: p.volumes.map((v) => tagValue(p, v.device)) },
    ]),
  );
}

/**
 * The CreateVolume client token of a device in this run: the same on a retry or resume (EC2
 * answers it with the volume the first call made, even while DescribeVolumes does not list it
 * yet), a new one for each volume of that device that went to `error` (its token is spent).
 */
function createToken(ctx: Ctx, device: string, rows: readonly Ec2Volume[]): string {
  const p = ctx.params;
  const failed = rows.filter(
    (v) => v.state === 'error' && v.tags[PROVISION_TAG] === tagValue(p, device),
  ).length;
  return clientTokenFor(ctx.runId, 'provision-volumes', p.instanceId, device, failed);
}

/** Volumes this workflow made for the instance, by device. */
async function ours(ctx: Ctx, rows?: readonly Ec2Volume[]): Promise<Map<string, Ec2Volume>> {
  const byDevice = new Map<string, Ec2Volume>();
  for (const v of rows ?? (await tagged(ctx))) {
    if (v.state === 'deleting' || v.state === 'deleted' || v.state === 'error') continue;
    const device = v.tags[PROVISION_TAG]?.split(':')[1];
    if (device) byDevice.set(device, v);
  }
  return byDevice;
}

export function provisionVolumesWorkflow(
  deps: {
    pollMs?: number;
    timeoutMs?: number;
    /** The inventory, to find the host made from the instance (disk half). */
    hosts?: () => readonly Host[];
  } = {},
): WorkflowDefinition<ProvisionVolumesParams, 'provision-volumes'> {
  const timing = { pollMs: deps.pollMs ?? 2000, timeoutMs: deps.timeoutMs ?? 10 * 60_000 };
  return {
    id: 'provision-volumes',
    title: 'Provision EBS volumes',
    description:
      'Create EBS volumes in the instance’s availability zone and attach them at the given devices; optionally find them on the host over SSH, stripe (RAID0 / LVM), format, mount and add them to /etc/fstab. Re-runs skip what exists.',
    params: ProvisionVolumesParams,
    subject: (p) => `${p.account}/${p.instanceId}`,
    // One provisioning per instance at a time (and its SSH host, when named).
    locks: (p, lookup) => [
      { kind: 'host', key: `ec2:${p.instanceId}`, label: p.instanceId },
      ...(p.disk?.hostId ? hostLocks([lookup.host(p.disk.hostId)]) : []),
    ],
    steps: [
      {
        ...INSPECT,
        title: 'Check the instance and its devices',
        async run(ctx) {
          const p = ctx.params;
          const [instance] = await ctx.aws.read(
            target(p),
            `describe ${p.instanceId}`,
            async (scope) => (await workflowEc2()).listInstances(scope, [p.instanceId]),
          );
          if (!instance || !['running', 'stopped'].includes(instance.state)) {
            throw new OpsdeckError(
              'AWS_INCORRECT_STATE',
              `Instance ${p.instanceId} is ${instance?.state ?? 'missing'}; volumes attach to running or stopped instances.`,
              'Start the instance (or wait until it is running), then resume.',
            );
          }
          const attached = await ctx.aws.read(
            target(p),
            `volumes attached to ${p.instanceId}`,
            async (scope) =>
              (await workflowEc2()).listVolumes(scope, undefined, [
                { Name: 'attachment.instance-id', Values: [p.instanceId] },
              ]),
          );
          for (const spec of p.volumes) {
            const busy = attached.find((v) => v.attachments.some((a) => a.device === spec.device));
            if (busy && busy.tags[PROVISION_TAG] !== tagValue(p, spec.device)) {
              throw new OpsdeckError(
                'CONFLICT',
                `${spec.device} on ${instance.name || p.instanceId} is already used by ${busy.volumeId}.`,
                'Pick a free device (/dev/sdf–/dev/sdp) for this volume.',
              );
            }
          }
          ctx.log(
            `${instance.name || p.instanceId} is ${instance.state} in ${instance.availabilityZone}`,
          );
          return { zone: instance.availabilityZone };
        },
      },
      {
        id: 'create',
        title: 'Create the volumes in the instance’s zone',
        async check(ctx) {
          const existing = await ours(ctx);
          return ctx.params.volumes.every((v) => existing.has(v.device));
        },
        async run(ctx) {
          const p = ctx.params;
          const { zone } = ctx.get(INSPECT);
          const rows = await tagged(ctx);
          const existing = await ours(ctx, rows);
          for (const spec of p.volumes) {
            if (existing.has(spec.device)) continue;
            const what = `create ${spec.volumeType} volume ${spec.sizeGiB ? `${spec.sizeGiB} GiB` : ''}${spec.snapshotId ? ` from ${spec.snapshotId}` : ''} in ${zone} for ${spec.device}`;
            const volume = await ctx.aws.write(
              target(p),
              what.replace(/\s+/g, ' '),
              async (action) =>
                (await workflowEc2()).createVolume(action, {
                  availabilityZone: zone,
                  volumeType: spec.volumeType,
                  sizeGiB: spec.sizeGiB,
                  iops: spec.iops,
                  snapshotId: spec.snapshotId,
                  name: spec.name,
                  tags: { [PROVISION_TAG]: tagValue(p, spec.device) },
                  clientToken: createToken(ctx, spec.device, rows),
                }),
            );
            if (volume) ctx.log(`${volume.volumeId} for ${spec.device}`);
          }
        },
        async verify(ctx) {
          await waitFor(ctx, 'the volumes to become available', timing, async () => {
            const existing = await ours(ctx);
            return ctx.params.volumes.every((v) => {
              const state = existing.get(v.device)?.state;
              return state === 'available' || state === 'in-use';
            });
          });
        },
        async undo(ctx) {
          for (const volume of (await ours(ctx)).values()) {
            if (volume.state !== 'available') continue;
            await ctx.aws.write(target(ctx.params), `delete ${volume.volumeId}`, async (action) =>
              (await workflowEc2()).deleteVolume(action, volume.volumeId, volume.volumeId),
            );
          }
        },
      },
      {
        id: 'attach',
        title: 'Attach the volumes',
        async check(ctx) {
          const existing = await ours(ctx);
          return ctx.params.volumes.every((v) =>
            existing.get(v.device)?.attachments.some((a) => a.instanceId === ctx.params.instanceId),
          );
        },
        async run(ctx) {
          const p = ctx.params;
          const existing = await ours(ctx);
          for (const spec of p.volumes) {
            const volume = existing.get(spec.device);
            if (volume?.attachments.some((a) => a.instanceId === p.instanceId)) continue;
            const id = volume?.volumeId ?? `(new volume for ${spec.device})`;
            await ctx.aws.write(
              target(p),
              `attach ${id} to ${p.instanceId} as ${spec.device}`,
              async (action) =>
                (await workflowEc2()).attachVolume(
                  action,
                  volume!.volumeId,
                  p.instanceId,
                  spec.device,
                ),
            );
          }
        },
        async verify(ctx) {
          await waitFor(ctx, 'the attachments', timing, async () => {
            const existing = await ours(ctx);
            return ctx.params.volumes.every((v) =>
              existing
                .get(v.device)
                ?.attachments.some(
                  (a) => a.instanceId === ctx.params.instanceId && a.state === 'attached',
                ),
            );
          });
        },
      },
      ...diskHalfSteps({ volumes: ours, timing, hosts: deps.hosts ?? (() => []) }),
    ],
  };
}
