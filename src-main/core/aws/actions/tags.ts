import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { OpsdeckError } from '../../../contract';
import { audited, type ActionContext } from './action-context';

/** Set and remove tags on any taggable resources (instances, volumes, snapshots, …). */
export async function updateTags(
  ctx: ActionContext,
  resourceIds: string[],
  set: Record<string, string>,
  remove: string[],
) {
  const setKeys = Object.keys(set);
  const clash = remove.find((k) => setKeys.includes(k));
  if (clash) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Tag "${clash}" is both set and removed.`,
      'Either set it or remove it.',
    );
  }
  if (!setKeys.length && !remove.length) {
    throw new OpsdeckError('INVALID_PARAMS', 'No tag to set or remove.', 'Name at least one tag.');
  }
  const parts = [...setKeys.map((k) => `${k}=${set[k]}`), ...remove.map((k) => `-${k}`)].join(' ');
  await audited(
    ctx,
    {
      action: 'ec2.tags.update',
      operation: setKeys.length ? 'CreateTags' : 'DeleteTags',
      resource: resourceIds.join(', '),
      detail: `tags ${parts} on ${resourceIds.join(', ')}`,
    },
    async (client) => {
      if (setKeys.length) {
        await client.send(
          new CreateTagsCommand({
            Resources: resourceIds,
            Tags: setKeys.map((Key) => ({ Key, Value: set[Key] })),
          }),
        );
      }
      if (remove.length) {
        await client.send(
          new DeleteTagsCommand({ Resources: resourceIds, Tags: remove.map((Key) => ({ Key })) }),
        );
      }
    },
  );
  return {
    results: resourceIds.map((id) => ({ region: ctx.region, resourceId: id, detail: parts })),
  };
}
