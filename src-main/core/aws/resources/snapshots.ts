import { paginateDescribeSnapshots, type Filter, type Snapshot } from '@aws-sdk/client-ec2';
import type { Ec2Snapshot } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { iso, nameOf, tagsOf } from '../tags';

export function toSnapshotRow(s: Snapshot, region: string): Ec2Snapshot {
  const tags = tagsOf(s.Tags);
  return {
    region,
    snapshotId: s.SnapshotId ?? '',
    name: nameOf(tags),
    volumeId: s.VolumeId ?? '',
    volumeSizeGiB: s.VolumeSize ?? 0,
    state: s.State ?? '',
    progress: s.Progress ?? '',
    startTime: iso(s.StartTime),
    description: s.Description ?? '',
    ownerId: s.OwnerId ?? '',
    encrypted: s.Encrypted ?? false,
    tags,
  };
}

/**
 * Snapshots owned by `owners` (default: this account — public snapshots number millions), or
 * only `snapshotIds`; either narrowed to those matching EC2 `filters` (e.g. a tag).
 */
export function listSnapshots(
  scope: AwsScope,
  options: { owners?: string[]; snapshotIds?: string[]; filters?: Filter[] } = {},
): Promise<Ec2Snapshot[]> {
  const { snapshotIds, filters } = options;
  return inScope(
    scope,
    'DescribeSnapshots',
    async (client) => {
      const rows: Ec2Snapshot[] = [];
      const pages = paginateDescribeSnapshots(
        { client, ...(snapshotIds ? {} : { pageSize: 1000 }) },
        {
          ...(snapshotIds
            ? { SnapshotIds: snapshotIds }
            : { OwnerIds: options.owners?.length ? options.owners : ['self'] }),
          ...(filters ? { Filters: filters } : {}),
        },
        sendOptions(scope),
      );
      for await (const page of pages)
        for (const snapshot of page.Snapshots ?? [])
          rows.push(toSnapshotRow(snapshot, scope.region));
      return rows;
    },
    snapshotIds?.join(', '),
  );
}
