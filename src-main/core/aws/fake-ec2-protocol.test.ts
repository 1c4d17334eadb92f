import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  paginateDescribeInstances,
  waitUntilInstanceRunning,
  waitUntilSnapshotCompleted,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../../../testing/aws/fake-ec2';

// The fake EC2 endpoint checked against the real SDK: every response must parse, errors must
// surface as the SDK's typed exceptions, and state must move with (fake) time.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

let fake: FakeEc2;
const clients: EC2Client[] = [];
const client = (region = 'us-east-1', endpoint?: string) => {
  const c = new EC2Client({
    region,
    endpoint: endpoint ?? fake.endpoint,
    credentials: { accessKeyId: 'AKIAPROTOCOL00000001', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  fake = await startFakeEc2({
    regions: ['us-east-1', 'eu-west-1'],
    timing: { pendingMs: 300, snapshotMs: 300 },
  });
  fake.seed({ instancesPerRegion: 12 });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fake.close();
});

const errorOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected an error');
    },
    (err: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => err,
  );

describe('fake EC2 endpoint, spoken to by @aws-sdk/client-ec2', () => {
  it('launches instances that become running (SDK waiter) and boot a console', async () => {
    const ec2 = client();
    const image = fake.region('us-east-1').images.values().next().value!;
    const group = [...fake.region('us-east-1').securityGroups.values()].find(
      (g) => g.groupName === 'web',
    )!;
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: image.imageId,
        MinCount: 2,
        MaxCount: 2,
        InstanceType: 't3.nano',
        KeyName: 'deploy',
        SecurityGroupIds: [group.groupId],
        Placement: { AvailabilityZone: 'us-east-1c' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'fresh' }] }],
      }),
    );
    const ids = launched.Instances!.map((i) => i.InstanceId!);
    expect(launched.Instances).toHaveLength(2);
    expect(launched.Instances![0]).toMatchObject({
      State: { Name: 'pending', Code: 0 },
      InstanceType: 't3.nano',
      Placement: { AvailabilityZone: 'us-east-1c' },
      SecurityGroups: [{ GroupId: group.groupId, GroupName: 'web' }],
      Tags: [{ Key: 'Name', Value: 'fresh' }],
    });
    const waited = await waitUntilInstanceRunning(
      { client: ec2, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { InstanceIds: ids },
    );
    expect(waited.state).toBe('SUCCESS');
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const instance = described.Reservations![0]!.Instances![0]!;
    expect(instance.PublicIpAddress).toMatch(/^198\.51\./);
    expect(instance.BlockDeviceMappings?.[0]?.Ebs?.VolumeId).toMatch(/^vol-/);
    const console = await ec2.send(new GetConsoleOutputCommand({ InstanceId: ids[0] }));
    expect(Buffer.from(console.Output!, 'base64').toString()).toContain('Cloud-init');
  });

  it('filters like EC2 (ANDed filters, ORed values, tags, wildcards)', async () => {
    const ec2 = client('eu-west-1');
    const byTag = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Role', Values: ['web', 'db'] },
          { Name: 'instance-state-name', Values: ['running'] },
          { Name: 'tag:Name', Values: ['*-000?'] },
        ],
      }),
    );
    const names = byTag.Reservations!.flatMap((r) =>
      r.Instances!.map((i) => i.Tags!.find((t) => t.Key === 'Name')!.Value),
    );
    expect(names.sort()).toEqual(['db-0003', 'db-0008', 'web-0001', 'web-0006']);
    const err = await errorOf(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })),
    );
    expect(err.name).toBe('InvalidParameterValue');
  });

  it('pages with MaxResults/NextToken and enforces EC2 bounds', async () => {
    const ec2 = client('eu-west-1');
    const pages: number[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {}))
      pages.push(page.Reservations!.length);
    expect(pages).toEqual([5, 5, 2]);
    expect((await errorOf(ec2.send(new DescribeInstancesCommand({ MaxResults: 2 })))).name).toBe(
      'InvalidParameterValue',
    );
    const both = await errorOf(
      ec2.send(
        new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: ['i-00000000000000001'] }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombination');
  });

  it('answers unknown and malformed ids with the EC2 error codes', async () => {
    const ec2 = client();
    const missing = await errorOf(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
    );
    expect(missing).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
    expect(missing.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
    const malformed = await errorOf(
      ec2.send(new DescribeVolumesCommand({ VolumeIds: ['vol-xyz'] })),
    );
    expect(malformed.name).toBe('InvalidVolume.Malformed');
  });

  it('serves a region by path prefix and refuses regions it does not have', async () => {
    const viaPath = client('us-east-1', `${fake.endpoint}/eu-west-1/`);
    const out = await viaPath.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(out.Reservations![0]!.Instances![0]!.Placement!.AvailabilityZone).toMatch(/^eu-west-1/);
    const err = await errorOf(client('sa-east-1').send(new DescribeInstancesCommand({})));
    expect(err).toMatchObject({ name: 'OptInRequired', $metadata: { httpStatusCode: 403 } });
  });

  it('injects faults: throttling (503) and denied actions (403)', async () => {
    const ec2 = client();
    fake.faults.throttle(1, { action: 'DescribeVolumes' });
    const throttled = await errorOf(ec2.send(new DescribeVolumesCommand({})));
    expect(throttled).toMatchObject({
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503 },
    });
    expect((await ec2.send(new DescribeVolumesCommand({}))).Volumes!.length).toBeGreaterThan(0);
    fake.faults.unauthorized('DescribeVolumes', { count: 1 });
    const denied = await errorOf(ec2.send(new DescribeVolumesCommand({})));
    expect(denied).toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    expect(denied.message).toContain('ec2:DescribeVolumes');
    fake.faults.clear();
  });

  it('requires a SigV4 Authorization header and a known action', async () => {
    const anonymous = await fetch(`${fake.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeRegions&Version=2016-11-15',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('<Code>AuthFailure</Code>');
    const unknown = await fetch(`${fake.endpoint}/`, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/ec2/aws4_request',
      },
      body: 'Action=LaunchRockets&Version=2016-11-15',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('CreateVolume honours ClientToken as EC2: same token → same volume (even deleted), other parameters refused', async () => {
    const ec2 = client();
    const ask = (size: number, token: string) =>
      ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'us-east-1a',
          Size: size,
          VolumeType: 'gp3',
          ClientToken: token,
        }),
      );
    const count = () => fake.region('us-east-1').volumes.size;
    const first = await ask(5, 'token-protocol-1');
    const before = count();
    const again = await ask(5, 'token-protocol-1');
    expect(again.VolumeId).toBe(first.VolumeId);
    expect(count()).toBe(before);
    await expect(ask(6, 'token-protocol-1')).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
    const other = await ask(5, 'token-protocol-2');
    expect(other.VolumeId).not.toBe(first.VolumeId);
    fake.advance(5_000);
    await ec2.send(new DeleteVolumeCommand({ VolumeId: first.VolumeId }));
    fake.advance(5_000);
    await ec2.send(new DescribeVolumesCommand({})); // the deletion completes
    const deleted = await ask(5, 'token-protocol-1');
    expect([deleted.VolumeId, deleted.State]).toEqual([first.VolumeId, 'deleted']);
  });

  it('completes snapshots over time (SDK waiter)', async () => {
    const ec2 = client();
    const volume = [...fake.region('us-east-1').volumes.values()][0]!;
    const snap = await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.volumeId }));
    expect(snap.State).toBe('pending');
    const waited = await waitUntilSnapshotCompleted(
      { client: ec2, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { SnapshotIds: [snap.SnapshotId!] },
    );
    expect(waited.state).toBe('SUCCESS');
  });
});
