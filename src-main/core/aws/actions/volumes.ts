import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DetachVolumeCommand,
  ModifyInstanceAttributeCommand,
  type VolumeType,
} from '@aws-sdk/client-ec2';
import { OpsdeckError } from '../../../contract';
import { listInstances } from '../resources/instances';
import { listVolumes, toVolumeRow } from '../resources/volumes';
import { nameTagSpec } from '../tags';
import { audited, labelled, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';

export interface CreateVolumeOptions {
  availabilityZone: string;
  sizeGiB?: number | undefined;
  volumeType: VolumeType;
  iops?: number | undefined;
  snapshotId?: string | undefined;
  encrypted?: boolean | undefined;
  name?: string | undefined;
  /** More tags besides Name (e.g. the workflow that made it). */
  tags?: Record<string, string> | undefined;
  /**
   * Idempotency token (`clientTokenFor`): a repeat with the same token and parameters answers the
   * volume the first call made, whatever its state, and creates none. Without it the SDK makes
   * one per call (its own retries of that call reuse it; a later call does not).
   */
  clientToken?: string | undefined;
}

/** Create a volume in a zone — empty (size) or restored from a snapshot (size optional). */
export async function createVolume(ctx: ActionContext, o: CreateVolumeOptions) {
  if (!o.sizeGiB && !o.snapshotId) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'A new volume needs a size or a snapshot to restore.',
      'Give sizeGiB, or snapshotId to create the volume from a snapshot.',
    );
  }
  const extra = Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const named = nameTagSpec('volume', o.name);
  const tags = extra.length
    ? [{ ResourceType: 'volume' as const, Tags: [...(named?.[0]?.Tags ?? []), ...extra] }]
    : named;
  const out = await audited(
    ctx,
    {
      action: 'ec2.volumes.create',
      operation: 'CreateVolume',
      resource: o.snapshotId ?? o.availabilityZone,
      detail: `create ${o.volumeType} volume${o.sizeGiB ? ` of ${o.sizeGiB} GiB` : ''}${o.snapshotId ? ` from ${o.snapshotId}` : ''} in ${o.availabilityZone}${o.name ? ` named ${o.name}` : ''}`,
    },
    (client) =>
      client.send(
        new CreateVolumeCommand({
          AvailabilityZone: o.availabilityZone,
          VolumeType: o.volumeType,
          ...(o.sizeGiB ? { Size: o.sizeGiB } : {}),
          ...(o.iops ? { Iops: o.iops } : {}),
          ...(o.snapshotId ? { SnapshotId: o.snapshotId } : {}),
          ...(o.encrypted !== undefined ? { Encrypted: o.encrypted } : {}),
          ...(tags ? { TagSpecifications: tags } : {}),
          ...(o.clientToken ? { ClientToken: o.clientToken } : {}),
        }),
      ),
  );
  return toVolumeRow(out, ctx.region);
}

const withDev = (device: string) => (device.startsWith('/dev/') ? device : `/dev/${device}`);

/**
 * Attach a volume. The zones are compared first so a mismatch is explained with both zones
 * named, before EC2 is asked.
 */
export async function attachVolume(
  ctx: ActionContext,
  volumeId: string,
  instanceId: string,
  device: string,
) {
  const dev = withDev(device);
  const [[volume], [instance]] = await Promise.all([
    listVolumes(ctx, [volumeId]),
    listInstances(ctx, [instanceId]),
  ]);
  const what = `${labelled(volumeId, volume?.name)} to ${labelled(instanceId, instance?.name)} as ${dev}`;
  const result = await audited(
    ctx,
    {
      action: 'ec2.volumes.attach',
      operation: 'AttachVolume',
      resource: what,
      detail: `attach ${what}`,
    },
    async (client) => {
      if (volume && instance && volume.availabilityZone !== instance.availabilityZone) {
        throw new OpsdeckError(
          'AWS_INVALID_ZONE',
          `Volume ${labelled(volumeId, volume.name)} is in ${volume.availabilityZone} but instance ${labelled(instanceId, instance.name)} is in ${instance.availabilityZone} (${ctx.account.name}/${ctx.region}).`,
          `A volume attaches only to an instance in its own zone: snapshot the volume and create a new one from the snapshot in ${instance.availabilityZone}.`,
        );
      }
      return client.send(
        new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: dev }),
      );
    },
  );
  return {
    results: [
      {
        region: ctx.region,
        resourceId: volumeId,
        detail: `${result.State ?? 'attaching'} to ${instanceId} as ${dev}`,
      },
    ],
  };
}

export async function detachVolume(
  ctx: ActionContext,
  volumeId: string,
  instanceId?: string,
  force = false,
) {
  const out = await audited(
    ctx,
    {
      action: 'ec2.volumes.detach',
      operation: 'DetachVolume',
      resource: volumeId,
      detail: `detach ${volumeId}${instanceId ? ` from ${instanceId}` : ''}${force ? ' (forced)' : ''}`,
    },
    (client) =>
      client.send(
        new DetachVolumeCommand({
          VolumeId: volumeId,
          ...(instanceId ? { InstanceId: instanceId } : {}),
          ...(force ? { Force: true } : {}),
        }),
      ),
  );
  return {
    results: [
      {
        region: ctx.region,
        resourceId: volumeId,
        detail: `${out.State ?? 'detaching'} from ${out.InstanceId ?? instanceId ?? '?'}`,
      },
    ],
  };
}

export async function deleteVolume(ctx: ActionContext, volumeId: string, confirm?: string) {
  const [volume] = await listVolumes(ctx, [volumeId]);
  const label = labelled(volumeId, volume?.name);
  requireConfirmation({
    confirm,
    accepted: [volumeId, volume?.name ?? ''],
    action: `Deleting volume ${label} (${volume?.sizeGiB ?? '?'} GiB, ${volume?.state ?? '?'}) in ${ctx.account.name}/${ctx.region}`,
    typeWhat: 'the volume id or its Name tag',
  });
  await audited(
    ctx,
    {
      action: 'ec2.volumes.delete',
      operation: 'DeleteVolume',
      resource: label,
      detail: `delete volume ${label}`,
    },
    (client) => client.send(new DeleteVolumeCommand({ VolumeId: volumeId })),
  );
  return { results: [{ region: ctx.region, resourceId: volumeId, detail: 'deleting' }] };
}

/**
 * DeleteOnTermination on a volume's attachment (ModifyInstanceAttribute, BlockDeviceMappings):
 * with it the volume is deleted when the instance is terminated, instead of outliving it.
 */
export async function setDeleteOnTermination(
  ctx: ActionContext,
  o: { instanceId: string; device: string; volumeId: string; deleteOnTermination: boolean },
) {
  const dev = withDev(o.device);
  await audited(
    ctx,
    {
      action: 'ec2.volumes.delete-on-termination',
      operation: 'ModifyInstanceAttribute',
      resource: `${o.volumeId} on ${o.instanceId}`,
      detail: `${o.deleteOnTermination ? 'set' : 'clear'} DeleteOnTermination of ${o.volumeId} (${dev}) on ${o.instanceId}`,
    },
    (client) =>
      client.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: o.instanceId,
          BlockDeviceMappings: [
            {
              DeviceName: dev,
              Ebs: { VolumeId: o.volumeId, DeleteOnTermination: o.deleteOnTermination },
            },
          ],
        }),
      ),
  );
  return {
    results: [
      {
        region: ctx.region,
        resourceId: o.volumeId,
        detail: `DeleteOnTermination ${o.deleteOnTermination} on ${o.instanceId} (${dev})`,
      },
    ],
  };
}
