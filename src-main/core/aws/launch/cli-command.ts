import type { AwsAccount } from '../../../contract';
import { endpointFor } from '../ec2-client-factory';
import type { LaunchSpec } from './launch-spec';
import { shellWord } from '../../common/shell';

/** `--profile` / `--endpoint-url`: how the AWS CLI would reach the same account. */
function globalOptions(account: AwsAccount, region: string): string[] {
  const out = ['--region', region];
  if (account.auth === 'profile' && account.profile)
    out.push('--profile', shellWord(account.profile));
  const endpoint = endpointFor(account, region);
  if (endpoint) out.push('--endpoint-url', shellWord(endpoint));
  return out;
}

/** The user data file the command refers to (the review page offers its content). */
export const USER_DATA_FILE = 'user-data.sh';

/**
 * The AWS CLI equivalent of a launch, as the review page shows it: a `create-key-pair` line when
 * a key pair is made first, then `run-instances` with one option per line. JSON for structured
 * options (block devices, tags) so any tag value survives.
 */
export function runInstancesCommand(spec: LaunchSpec, account: AwsAccount, region: string): string {
  const g = globalOptions(account, region);
  const lines: string[] = [];
  if (spec.createKeyPair) {
    const k = spec.createKeyPair.keyName;
    lines.push(
      `aws ec2 create-key-pair ${g.join(' ')} --key-name ${shellWord(k)} --key-type ${spec.createKeyPair.keyType} --query KeyMaterial --output text > ${shellWord(`${k}.pem`)} && chmod 600 ${shellWord(`${k}.pem`)}`,
    );
  }
  const opts: string[] = [];
  const opt = (name: string, ...values: string[]) => opts.push([name, ...values].join(' '));
  for (let i = 0; i < g.length; i += 2) opt(g[i] as string, g[i + 1] as string);
  opt('--image-id', spec.imageId);
  opt('--instance-type', spec.instanceType);
  opt('--count', String(spec.count));
  if (spec.clientToken) opt('--client-token', shellWord(spec.clientToken));
  if (spec.zone) opt('--placement', shellWord(`AvailabilityZone=${spec.zone}`));
  const key = spec.createKeyPair?.keyName ?? spec.keyName;
  if (key) opt('--key-name', shellWord(key));
  if (spec.securityGroupIds.length) opt('--security-group-ids', ...spec.securityGroupIds);
  if (spec.userData) opt('--user-data', `file://${USER_DATA_FILE}`);
  if (spec.volumes.length)
    opt('--block-device-mappings', shellWord(JSON.stringify(blockDeviceMappings(spec))));
  opt('--tag-specifications', shellWord(JSON.stringify(tagSpecifications(spec))));
  lines.push(['aws ec2 run-instances', ...opts].join(' \\\n  '));
  return lines.join('\n');
}

export function blockDeviceMappings(spec: LaunchSpec) {
  return spec.volumes.map((v) => ({
    DeviceName: v.device,
    Ebs: {
      VolumeSize: v.sizeGiB,
      VolumeType: v.volumeType,
      ...(v.iops ? { Iops: v.iops } : {}),
      ...(v.encrypted ? { Encrypted: true } : {}),
      DeleteOnTermination: v.deleteOnTermination,
    },
  }));
}

/** The instance gets Name + tags; its volumes get the Name so they are recognisable. */
export function tagSpecifications(spec: LaunchSpec) {
  const tags = [
    { Key: 'Name', Value: spec.name },
    ...Object.entries(spec.tags)
      .filter(([k]) => k !== 'Name')
      .map(([Key, Value]) => ({ Key, Value })),
  ];
  return [
    { ResourceType: 'instance' as const, Tags: tags },
    { ResourceType: 'volume' as const, Tags: [{ Key: 'Name', Value: spec.name }] },
  ];
}
