import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Ec2Region, Ec2Zone } from '../../contract';
import { inScope, sendOptions, type AwsScope } from './scope';

/** Regions enabled for the account (opted-in or not requiring opt-in), sorted by name. */
export function listRegions(scope: AwsScope): Promise<Ec2Region[]> {
  return inScope(scope, 'DescribeRegions', async (client) => {
    const out = await client.send(new DescribeRegionsCommand({}), sendOptions(scope));
    return (out.Regions ?? [])
      .map((r) => ({
        name: r.RegionName ?? '',
        endpoint: r.Endpoint ?? '',
        optInStatus: r.OptInStatus ?? '',
      }))
      .filter((r) => r.name && r.optInStatus !== 'not-opted-in')
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

export function listZones(scope: AwsScope): Promise<Ec2Zone[]> {
  return inScope(scope, 'DescribeAvailabilityZones', async (client) => {
    const out = await client.send(new DescribeAvailabilityZonesCommand({}), sendOptions(scope));
    return (out.AvailabilityZones ?? [])
      .map((z) => ({
        region: scope.region,
        name: z.ZoneName ?? '',
        zoneId: z.ZoneId ?? '',
        state: z.State ?? '',
        zoneType: z.ZoneType ?? '',
        messages: (z.Messages ?? []).map((m) => m.Message ?? '').filter(Boolean),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}
