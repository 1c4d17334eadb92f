import { DescribeAddressesCommand, type Address } from '@aws-sdk/client-ec2';
import type { Ec2Address } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { nameOf, tagsOf } from '../tags';

export function toAddressRow(a: Address, region: string): Ec2Address {
  const tags = tagsOf(a.Tags);
  return {
    region,
    publicIp: a.PublicIp ?? '',
    allocationId: a.AllocationId ?? '',
    associationId: a.AssociationId ?? '',
    instanceId: a.InstanceId ?? '',
    networkInterfaceId: a.NetworkInterfaceId ?? '',
    privateIp: a.PrivateIpAddress ?? '',
    domain: a.Domain ?? '',
    name: nameOf(tags),
    tags,
  };
}

/** DescribeAddresses is not paginated. */
export function listAddresses(scope: AwsScope, allocationIds?: string[]): Promise<Ec2Address[]> {
  return inScope(
    scope,
    'DescribeAddresses',
    async (client) => {
      const out = await client.send(
        new DescribeAddressesCommand(allocationIds ? { AllocationIds: allocationIds } : {}),
        sendOptions(scope),
      );
      return (out.Addresses ?? []).map((a) => toAddressRow(a, scope.region));
    },
    allocationIds?.join(', '),
  );
}
