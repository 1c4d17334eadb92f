import { paginateDescribeInstances, type Filter, type Instance } from '@aws-sdk/client-ec2';
import { Ec2InstanceState, type Ec2Instance } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { iso, nameOf, tagsOf } from '../tags';

/**
 * EC2's state name as the enum. EC2 has exactly these six; a row without one (or a name this
 * SDK does not know) counts as `pending`: in transition, never taken for running or gone.
 */
export function instanceState(name: string | undefined): Ec2InstanceState {
  const parsed = Ec2InstanceState.safeParse(name);
  return parsed.success ? parsed.data : 'pending';
}

export function toInstanceRow(i: Instance, region: string): Ec2Instance {
  const tags = tagsOf(i.Tags);
  return {
    region,
    instanceId: i.InstanceId ?? '',
    name: nameOf(tags),
    state: instanceState(i.State?.Name),
    instanceType: i.InstanceType ?? '',
    availabilityZone: i.Placement?.AvailabilityZone ?? '',
    publicDns: i.PublicDnsName ?? '',
    privateDns: i.PrivateDnsName ?? '',
    publicIp: i.PublicIpAddress ?? '',
    privateIp: i.PrivateIpAddress ?? '',
    keyName: i.KeyName ?? '',
    securityGroups: (i.SecurityGroups ?? []).map((g) => ({
      id: g.GroupId ?? '',
      name: g.GroupName ?? '',
    })),
    imageId: i.ImageId ?? '',
    launchTime: iso(i.LaunchTime),
    platform: i.PlatformDetails ?? i.Platform ?? '',
    vpcId: i.VpcId ?? '',
    subnetId: i.SubnetId ?? '',
    tags,
  };
}

/** Every instance of the region (or only `instanceIds`, or those `filters` match), all pages. */
export function listInstances(
  scope: AwsScope,
  instanceIds?: string[],
  filters?: Filter[],
): Promise<Ec2Instance[]> {
  return inScope(
    scope,
    'DescribeInstances',
    async (client) => {
      const rows: Ec2Instance[] = [];
      // MaxResults cannot be combined with InstanceIds.
      const pages = paginateDescribeInstances(
        { client, ...(instanceIds ? {} : { pageSize: 1000 }) },
        {
          ...(instanceIds ? { InstanceIds: instanceIds } : {}),
          ...(filters ? { Filters: filters } : {}),
        },
        sendOptions(scope),
      );
      for await (const page of pages)
        for (const reservation of page.Reservations ?? [])
          for (const instance of reservation.Instances ?? [])
            rows.push(toInstanceRow(instance, scope.region));
      return rows;
    },
    instanceIds?.join(', '),
  );
}
