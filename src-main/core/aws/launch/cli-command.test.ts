import { describe, expect, it } from 'vitest';
import { Ec2LaunchInput, type AwsAccount } from '../../../contract';
import { runInstancesCommand } from './cli-command';
import { specWarnings, sshOpenToWorld } from './launch';

const account = (over: Partial<AwsAccount> = {}): AwsAccount => ({
  id: 'a1',
  name: 'prod',
  auth: 'default-chain',
  defaultRegion: 'eu-west-1',
  createdAt: '',
  updatedAt: '',
  ...over,
});
const spec = (over: Record<string, unknown> = {}) =>
  Ec2LaunchInput.parse({
    account: 'prod',
    name: 'mysite-db01',
    imageId: 'ami-0abc',
    instanceType: 't3.micro',
    ...over,
  });

describe('aws ec2 run-instances equivalent', () => {
  it('is one option per line, with only what was chosen', () => {
    expect(runInstancesCommand(spec(), account(), 'eu-west-1')).toBe(
      [
        'aws ec2 run-instances \\',
        '  --region eu-west-1 \\',
        '  --image-id ami-0abc \\',
        '  --instance-type t3.micro \\',
        '  --count 1 \\',
        `  --tag-specifications '[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"mysite-db01"}]},{"ResourceType":"volume","Tags":[{"Key":"Name","Value":"mysite-db01"}]}]'`,
      ].join('\n'),
    );
  });

  it('creates the key pair first, and carries zone, groups, user data, volumes and tags', () => {
    const cmd = runInstancesCommand(
      spec({
        zone: 'eu-west-1a',
        createKeyPair: { keyName: 'mysite-db01' },
        securityGroupIds: ['sg-1', 'sg-2'],
        userData: '#!/bin/bash\n',
        tags: { Env: "it's prod" },
        volumes: [{ device: '/dev/sdf', sizeGiB: 100, deleteOnTermination: false }],
      }),
      account({ auth: 'profile', profile: 'ops admin', endpoint: 'http://127.0.0.1:9/{region}/' }),
      'eu-west-1',
    );
    const [first, ...rest] = cmd.split('\n');
    expect(first).toBe(
      "aws ec2 create-key-pair --region eu-west-1 --profile 'ops admin' --endpoint-url http://127.0.0.1:9/eu-west-1/ --key-name mysite-db01 --key-type ed25519 --query KeyMaterial --output text > mysite-db01.pem && chmod 600 mysite-db01.pem",
    );
    const run = rest.join('\n');
    expect(run).toContain('  --placement AvailabilityZone=eu-west-1a \\');
    expect(run).toContain('  --key-name mysite-db01 \\');
    expect(run).toContain('  --security-group-ids sg-1 sg-2 \\');
    expect(run).toContain('  --user-data file://user-data.sh \\');
    expect(run).toContain(
      `--block-device-mappings '[{"DeviceName":"/dev/sdf","Ebs":{"VolumeSize":100,"VolumeType":"gp3","DeleteOnTermination":false}}]'`,
    );
    expect(run).toContain(`{"Key":"Env","Value":"it'\\''s prod"}`);
  });
});

describe('launch warnings', () => {
  it('flags a missing key pair and group, kept volumes and several instances', () => {
    const w = specWarnings(
      spec({ count: 3, volumes: [{ device: '/dev/sdg', sizeGiB: 5, deleteOnTermination: false }] }),
    );
    expect(w.join('\n')).toMatch(/No key pair/);
    expect(w.join('\n')).toMatch(/default group/);
    expect(w.join('\n')).toMatch(/\/dev\/sdg outlive/);
    expect(w.join('\n')).toMatch(/3 instances/);
    expect(specWarnings(spec({ keyName: 'k', securityGroupIds: ['sg-1'] }))).toEqual([]);
  });

  it('finds groups that open SSH to the world', () => {
    const g = (
      protocol: string,
      from: number | undefined,
      to: number | undefined,
      source: string,
    ) => ({
      region: 'r',
      groupId: 'sg-x',
      groupName: 'x',
      description: '',
      vpcId: '',
      ownerId: '',
      egress: [],
      tags: {},
      ingress: [
        {
          protocol,
          ...(from !== undefined ? { fromPort: from } : {}),
          ...(to !== undefined ? { toPort: to } : {}),
          sourceKind: 'cidr' as const,
          source,
          description: '',
        },
      ],
    });
    expect(sshOpenToWorld([g('tcp', 22, 22, '0.0.0.0/0')])).toHaveLength(1);
    expect(sshOpenToWorld([g('tcp', 0, 1024, '0.0.0.0/0')])).toHaveLength(1);
    expect(sshOpenToWorld([g('-1', undefined, undefined, '0.0.0.0/0')])).toHaveLength(1);
    expect(sshOpenToWorld([g('tcp', 22, 22, '203.0.113.0/24')])).toHaveLength(0);
    expect(sshOpenToWorld([g('tcp', 443, 443, '0.0.0.0/0')])).toHaveLength(0);
  });

  it('refuses both an existing and a new key pair, and a device used twice', () => {
    expect(() => spec({ keyName: 'a', createKeyPair: { keyName: 'b' } })).toThrow(/not both/);
    expect(() =>
      spec({
        volumes: [
          { device: '/dev/sdf', sizeGiB: 1 },
          { device: '/dev/sdf', sizeGiB: 2 },
        ],
      }),
    ).toThrow(/once/);
  });
});
