import { OpsdeckError, type Host } from '../../../contract';

/** The EC2 side of a host: from explicit params, else the host's `ec2:`, `aws:` and `region:` tags. */
export function ec2TargetOf(
  host: Host,
  p: { account?: string | undefined; instanceId?: string | undefined; region?: string | undefined },
): { account: string; instanceId: string; region?: string } {
  const tag = (prefix: string) => host.tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
  const account = p.account ?? tag('aws:');
  const instanceId = p.instanceId ?? tag('ec2:');
  const region = p.region ?? tag('region:');
  if (!account || !instanceId)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${host.name} is not tied to an EC2 instance (no ${account ? '' : 'aws:<account> '}${instanceId ? '' : 'ec2:<instance>'} tag).`,
      'Give --account and --instance, or add the host from EC2 (it gets ec2:, aws: and region: tags).',
    );
  return { account, instanceId, ...(region ? { region } : {}) };
}
