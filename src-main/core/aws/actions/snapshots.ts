import {
  CreateSnapshotCommand,
  CreateSnapshotsCommand,
  DeleteSnapshotCommand,
} from '@aws-sdk/client-ec2';
import { listSnapshots, toSnapshotRow } from '../resources/snapshots';
import { nameTagSpec } from '../tags';
import { audited, labelled, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';

export async function createSnapshot(
  ctx: ActionContext,
  volumeId: string,
  description: string,
  name?: string,
) {
  const tags = nameTagSpec('snapshot', name);
  const out = await audited(
    ctx,
    {
      action: 'ec2.snapshots.create',
      operation: 'CreateSnapshot',
      resource: volumeId,
      detail: `snapshot ${volumeId}${name ? ` named ${name}` : ''}${description ? `: ${description}` : ''}`,
    },
    (client) =>
      client.send(
        new CreateSnapshotCommand({
          VolumeId: volumeId,
          ...(description ? { Description: description } : {}),
          ...(tags ? { TagSpecifications: tags } : {}),
        }),
      ),
  );
  return toSnapshotRow(out, ctx.region);
}

export async function deleteSnapshot(ctx: ActionContext, snapshotId: string, confirm?: string) {
  const [snapshot] = await listSnapshots(ctx, { snapshotIds: [snapshotId] });
  const label = labelled(snapshotId, snapshot?.name);
  requireConfirmation({
    confirm,
    accepted: [snapshotId, snapshot?.name ?? ''],
    action: `Deleting snapshot ${label} of ${snapshot?.volumeId || 'an unknown volume'} in ${ctx.account.name}/${ctx.region}`,
    typeWhat: 'the snapshot id or its Name tag',
  });
  await audited(
    ctx,
    {
      action: 'ec2.snapshots.delete',
      operation: 'DeleteSnapshot',
      resource: label,
      detail: `delete snapshot ${label}`,
    },
    (client) => client.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })),
  );
  return { results: [{ region: ctx.region, resourceId: snapshotId, detail: 'deleted' }] };
}

/**
 * One crash-consistent snapshot set of an instance's volumes (CreateSnapshots): every attached
 * volume except the root and `exclude`, each snapshot tagged (`tags`, plus the volume's own).
 */
export async function createSnapshotSet(
  ctx: ActionContext,
  o: {
    instanceId: string;
    exclude: readonly string[];
    description: string;
    tags: Record<string, string>;
  },
) {
  const out = await audited(
    ctx,
    {
      action: 'ec2.snapshots.createSet',
      operation: 'CreateSnapshots',
      resource: o.instanceId,
      detail: `snapshot set of ${o.instanceId}${o.exclude.length ? ` (excluding ${o.exclude.join(', ')})` : ''}: ${o.description}`,
    },
    (client) =>
      client.send(
        new CreateSnapshotsCommand({
          InstanceSpecification: {
            InstanceId: o.instanceId,
            ExcludeBootVolume: true,
            ...(o.exclude.length ? { ExcludeDataVolumeIds: [...o.exclude] } : {}),
          },
          Description: o.description,
          CopyTagsFromSource: 'volume',
          TagSpecifications: [
            {
              ResourceType: 'snapshot',
              Tags: Object.entries(o.tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        }),
      ),
  );
  return (out.Snapshots ?? []).map((s) => ({
    snapshotId: s.SnapshotId ?? '',
    volumeId: s.VolumeId ?? '',
    sizeGiB: s.VolumeSize ?? 0,
    state: s.State ?? '',
  }));
}
