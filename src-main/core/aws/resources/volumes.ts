import { paginateDescribeVolumes, type Filter, type Volume } from '@aws-sdk/client-ec2';
import type { Ec2Volume } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { iso, nameOf, tagsOf } from '../tags';

export function toVolumeRow(v: Volume, region: string): Ec2Volume {
  const tags = tagsOf(v.Tags);
  return {
    region,
    volumeId: v.VolumeId ?? '',
    name: nameOf(tags),
    sizeGiB: v.Size ?? 0,
    volumeType: v.VolumeType ?? '',
    ...(v.Iops !== undefined ? { iops: v.Iops } : {}),
    state: v.State ?? '',
    availabilityZone: v.AvailabilityZone ?? '',
    encrypted: v.Encrypted ?? false,
    snapshotId: v.SnapshotId ?? '',
    createTime: iso(v.CreateTime),
    attachments: (v.Attachments ?? []).map((a) => ({
      instanceId: a.InstanceId ?? '',
      device: a.Device ?? '',
      state: a.State ?? '',
      deleteOnTermination: a.DeleteOnTermination ?? false,
    })),
    tags,
  };
}

/** Every volume of the region, or only `volumeIds`, or those matching EC2 `filters`. */
export function listVolumes(
  scope: AwsScope,
  volumeIds?: string[],
  filters?: Filter[],
): Promise<Ec2Volume[]> {
  return inScope(
    scope,
    'DescribeVolumes',
    async (client) => {
      const rows: Ec2Volume[] = [];
      const pages = paginateDescribeVolumes(
        { client, ...(volumeIds ? {} : { pageSize: 500 }) },
        {
          ...(volumeIds ? { VolumeIds: volumeIds } : {}),
          ...(filters ? { Filters: filters } : {}),
        },
        sendOptions(scope),
      );
      for await (const page of pages)
        for (const volume of page.Volumes ?? []) rows.push(toVolumeRow(volume, scope.region));
      return rows;
    },
    volumeIds?.join(', '),
  );
}
