import {
  paginateDescribeSecurityGroups,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { Ec2Rule, Ec2SecurityGroup } from '../../../contract';
import { inScope, sendOptions, type AwsScope } from '../scope';
import { tagsOf } from '../tags';

/** One SDK permission holds many sources; the contract has one rule per source. */
export function flattenPermission(p: IpPermission): Ec2Rule[] {
  const base = {
    protocol: p.IpProtocol ?? '-1',
    ...(p.FromPort !== undefined ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined ? { toPort: p.ToPort } : {}),
  };
  return [
    ...(p.IpRanges ?? []).map((r) => ({
      ...base,
      sourceKind: 'cidr' as const,
      source: r.CidrIp ?? '',
      description: r.Description ?? '',
    })),
    ...(p.Ipv6Ranges ?? []).map((r) => ({
      ...base,
      sourceKind: 'cidr6' as const,
      source: r.CidrIpv6 ?? '',
      description: r.Description ?? '',
    })),
    ...(p.UserIdGroupPairs ?? []).map((g) => ({
      ...base,
      sourceKind: 'group' as const,
      source: g.GroupId ?? g.GroupName ?? '',
      description: g.Description ?? '',
    })),
    ...(p.PrefixListIds ?? []).map((l) => ({
      ...base,
      sourceKind: 'prefix-list' as const,
      source: l.PrefixListId ?? '',
      description: l.Description ?? '',
    })),
  ];
}

export function toSecurityGroupRow(g: SecurityGroup, region: string): Ec2SecurityGroup {
  return {
    region,
    groupId: g.GroupId ?? '',
    groupName: g.GroupName ?? '',
    description: g.Description ?? '',
    vpcId: g.VpcId ?? '',
    ownerId: g.OwnerId ?? '',
    ingress: (g.IpPermissions ?? []).flatMap(flattenPermission),
    egress: (g.IpPermissionsEgress ?? []).flatMap(flattenPermission),
    tags: tagsOf(g.Tags),
  };
}

export function listSecurityGroups(
  scope: AwsScope,
  groupIds?: string[],
): Promise<Ec2SecurityGroup[]> {
  return inScope(
    scope,
    'DescribeSecurityGroups',
    async (client) => {
      const rows: Ec2SecurityGroup[] = [];
      const pages = paginateDescribeSecurityGroups(
        { client, ...(groupIds ? {} : { pageSize: 1000 }) },
        groupIds ? { GroupIds: groupIds } : {},
        sendOptions(scope),
      );
      for await (const page of pages)
        for (const group of page.SecurityGroups ?? [])
          rows.push(toSecurityGroupRow(group, scope.region));
      return rows;
    },
    groupIds?.join(', '),
  );
}
