import { describe, expect, it } from 'vitest';
import { fakeSuite } from '../../../testing/aws/fake-suite';
import { serviceOn, startFake } from '../../../testing/aws/fake-setup';

const t = fakeSuite();

describe('listing through the real SDK', () => {
  it('lists regions and zones with their state', async () => {
    const regions = await t.env.aws.regions('fake');
    expect(regions.map((r) => r.name)).toEqual([
      'ap-southeast-2',
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);
    const zones = await t.env.aws.zones({ account: 'fake', allRegions: true });
    expect(zones.failedRegions).toEqual([]);
    expect(zones.rows).toHaveLength(12);
    expect(zones.rows[0]).toMatchObject({ region: expect.any(String), state: 'available' });
  });

  it('merges all regions with a region column', async () => {
    const { rows, failedRegions } = await t.env.aws.instances({
      account: 'fake',
      allRegions: true,
    });
    expect(failedRegions).toEqual([]);
    expect(new Set(rows.map((r) => r.region))).toEqual(
      new Set(['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']),
    );
    const web = rows.find((r) => r.name === 'web-0001' && r.region === 'eu-west-1');
    expect(web).toMatchObject({
      state: 'running',
      instanceType: 't3.micro',
      availabilityZone: 'eu-west-1a',
      keyName: 'deploy',
      securityGroups: [{ name: 'web' }],
      tags: { Name: 'web-0001', Role: 'web' },
    });
    expect(web?.publicIp).toMatch(/^198\.51\./);
    expect(web?.publicDns).toContain('eu-west-1.compute.amazonaws.com');
    expect(web?.launchTime).toMatch(/^2024-01-01T/);
  });

  it('normalizes every resource table', async () => {
    const scope = { account: 'fake', region: 'us-west-2' };
    const [images, amazon, keys, groups, volumes, snapshots] = await Promise.all([
      t.env.aws.images(scope),
      t.env.aws.images({ ...scope, owners: ['amazon'], architecture: 'arm64' }),
      t.env.aws.keyPairs(scope),
      t.env.aws.securityGroups(scope),
      t.env.aws.volumes(scope),
      t.env.aws.snapshots(scope),
    ]);
    expect(images.rows.map((i) => i.name)).toEqual(['golden-web-2024-06-01']);
    expect(amazon.rows).toEqual([
      expect.objectContaining({ architecture: 'arm64', ownerAlias: 'amazon', public: true }),
    ]);
    expect(keys.rows).toEqual([expect.objectContaining({ keyName: 'deploy', keyType: 'rsa' })]);
    const web = groups.rows.find((g) => g.groupName === 'web');
    expect(web?.ingress).toEqual(
      expect.arrayContaining([
        {
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          sourceKind: 'cidr',
          source: '203.0.113.0/24',
          description: 'office',
        },
        {
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          sourceKind: 'cidr6',
          source: '::/0',
          description: '',
        },
      ]),
    );
    expect(volumes.rows.find((v) => v.name === 'spare-data')).toMatchObject({
      sizeGiB: 20,
      volumeType: 'gp3',
      state: 'available',
      attachments: [],
    });
    expect(volumes.rows.some((v) => v.attachments[0]?.state === 'attached')).toBe(true);
    expect(snapshots.rows).toEqual([
      expect.objectContaining({ name: 'golden-web-root', progress: '100%', state: 'completed' }),
    ]);
  });

  it('filters AMIs by name', async () => {
    const { rows } = await t.env.aws.images({
      account: 'fake',
      owners: ['amazon', '099720109477'],
      name: 'ubuntu',
    });
    expect(rows.map((r) => r.name)).toEqual([expect.stringContaining('ubuntu-noble')]);
  });

  it('reports a failing region and still returns the others', async () => {
    t.fake.faults.unauthorized('DescribeInstances', { region: 'eu-west-1' });
    const { rows, failedRegions } = await t.env.aws.instances({
      account: 'fake',
      allRegions: true,
    });
    expect(rows.some((r) => r.region === 'eu-west-1')).toBe(false);
    expect(rows.some((r) => r.region === 'us-east-1')).toBe(true);
    expect(failedRegions).toEqual([
      {
        region: 'eu-west-1',
        error: expect.objectContaining({
          code: 'AWS_UNAUTHORIZED',
          message: expect.stringContaining('ec2:DescribeInstances in eu-west-1'),
        }),
      },
    ]);
  });

  it('works with a per-region endpoint path ({region} in the URL)', async () => {
    const viaPath = await serviceOn(t.fake, { endpoint: t.fake.endpointTemplate });
    const rows = (await viaPath.aws.instances({ account: 'fake', region: 'ap-southeast-2' })).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.availabilityZone.startsWith('ap-southeast-2'))).toBe(true);
    viaPath.aws.destroy();
  });
});

describe('at scale', () => {
  it('lists 5,000 instances in 4 regions, paging each region', async () => {
    const big = await startFake();
    try {
      big.seed({ instancesPerRegion: 1250, rootVolumes: false });
      const { aws } = await serviceOn(big);
      const started = Date.now();
      const { rows, failedRegions } = await aws.instances({ account: 'fake', allRegions: true });
      const elapsed = Date.now() - started;
      expect(failedRegions).toEqual([]);
      expect(rows).toHaveLength(5000);
      expect(new Set(rows.map((r) => r.instanceId)).size).toBe(5000);
      // 1,000 per page: two pages in each of the four regions.
      expect(big.requests.filter((r) => r.action === 'DescribeInstances')).toHaveLength(8);
      expect(elapsed).toBeLessThan(15_000);
      aws.destroy();
    } finally {
      await big.close();
    }
  }, 30_000);
});
