import { statSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import type { FakeEc2 } from '../../../e2e/fixtures/fake-ec2';
import {
  allocateAddress,
  associateAddress,
  attachVolume,
  authorizeIngress,
  consoleOutput,
  createKeyPair,
  createSnapshot,
  createVolume,
  deleteKeyPair,
  deleteSnapshot,
  deleteVolume,
  detachVolume,
  disassociateAddress,
  importKeyPair,
  moveAddress,
  rebootInstances,
  releaseAddress,
  replaceCidr,
  revokeIngress,
  startInstances,
  stopInstances,
  terminateInstances,
  updateTags,
} from '.';
import { serviceOn, startFake } from './testing/fake-setup';

/** The OpsdeckError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<OpsdeckError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OpsdeckError);
    return err as OpsdeckError;
  }
  throw new Error('expected a failure');
}

let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;

beforeAll(async () => {
  fake = await startFake();
  fake.seed({ instancesPerRegion: 6 });
  env = await serviceOn(fake);
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});
afterEach(() => {
  fake.faults.clear();
});

const instancesIn = async (region = 'us-east-1') =>
  (await env.aws.instances({ account: 'fake', region })).rows;
const instance = async (id: string, region = 'us-east-1') =>
  (await instancesIn(region)).find((i) => i.instanceId === id);

describe('listing through the real SDK', () => {
  it('lists regions and zones with their state', async () => {
    const regions = await env.aws.regions('fake');
    expect(regions.map((r) => r.name)).toEqual([
      'ap-southeast-2',
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);
    const zones = await env.aws.zones({ account: 'fake', allRegions: true });
    expect(zones.failedRegions).toEqual([]);
    expect(zones.rows).toHaveLength(12);
    expect(zones.rows[0]).toMatchObject({ region: expect.any(String), state: 'available' });
  });

  it('merges all regions with a region column', async () => {
    const { rows, failedRegions } = await env.aws.instances({ account: 'fake', allRegions: true });
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
      env.aws.images(scope),
      env.aws.images({ ...scope, owners: ['amazon'], architecture: 'arm64' }),
      env.aws.keyPairs(scope),
      env.aws.securityGroups(scope),
      env.aws.volumes(scope),
      env.aws.snapshots(scope),
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
    const { rows } = await env.aws.images({
      account: 'fake',
      owners: ['amazon', '099720109477'],
      name: 'ubuntu',
    });
    expect(rows.map((r) => r.name)).toEqual([expect.stringContaining('ubuntu-noble')]);
  });

  it('reports a failing region and still returns the others', async () => {
    fake.faults.unauthorized('DescribeInstances', { region: 'eu-west-1' });
    const { rows, failedRegions } = await env.aws.instances({ account: 'fake', allRegions: true });
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
    const viaPath = await serviceOn(fake, { endpoint: fake.endpointTemplate });
    const rows = (await viaPath.aws.instances({ account: 'fake', region: 'ap-southeast-2' })).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.availabilityZone.startsWith('ap-southeast-2'))).toBe(true);
    viaPath.aws.destroy();
  });
});

describe('retries and errors against the endpoint', () => {
  it('rides out throttling with adaptive retry', async () => {
    // A service of its own: adaptive retry slows its client down after throttling.
    const own = await serviceOn(fake);
    const before = fake.requests.length;
    fake.faults.throttle(2, { action: 'DescribeKeyPairs' });
    const { rows } = await own.aws.keyPairs({ account: 'fake', region: 'us-east-1' });
    own.aws.destroy();
    expect(rows.length).toBeGreaterThan(0);
    const calls = fake.requests.slice(before).filter((r) => r.action === 'DescribeKeyPairs');
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('gives up with AWS_THROTTLED when throttling persists', async () => {
    const quick = await serviceOn(fake, { maxAttempts: 2 });
    fake.faults.throttle(10, { action: 'DescribeAddresses' });
    const err = await failure(quick.aws.addresses({ account: 'fake' }));
    expect(err.code).toBe('AWS_THROTTLED');
    expect(err.message).toContain('DescribeAddresses in fake/us-east-1');
    expect(err.message).toContain('2 attempts');
    expect(err.hint).toMatch(/retry/i);
    quick.aws.destroy();
  });

  it('maps rejected credentials to AWS_UNAUTHORIZED with a hint about the key', async () => {
    fake.faults.rejectAccessKey('AKIAREVOKED000000001');
    const revoked = await serviceOn(fake, { accessKeyId: 'AKIAREVOKED000000001' });
    const err = await failure(revoked.aws.regions('fake'));
    expect(err.code).toBe('AWS_UNAUTHORIZED');
    expect(err.message).toContain('account fake');
    expect(err.hint).toMatch(/access key/);
    expect(await revoked.aws.test('fake')).toMatchObject({
      ok: false,
      error: { code: 'AWS_UNAUTHORIZED' },
    });
    revoked.aws.destroy();
  });

  it('reports an unreachable endpoint', async () => {
    const nowhere = await serviceOn(fake, { endpoint: 'http://127.0.0.1:9/', maxAttempts: 1 });
    const err = await failure(nowhere.aws.regions('fake'));
    expect(err.code).toBe('AWS_ENDPOINT_UNREACHABLE');
    expect(err.message).toContain('http://127.0.0.1:9/');
    nowhere.aws.destroy();
  });

  it('audits a denied action as failed, naming the permission', async () => {
    const [target] = await instancesIn('us-west-2');
    fake.faults.unauthorized('RebootInstances');
    const err = await failure(rebootInstances(env.ctx('us-west-2'), [target!.instanceId]));
    expect(err.code).toBe('AWS_UNAUTHORIZED');
    expect(err.hint).toContain('ec2:RebootInstances');
    expect(env.audit.list(1)[0]).toMatchObject({
      action: 'ec2.instances.reboot',
      target: 'aws:fake/us-west-2',
      door: 'cli',
      outcome: 'failed',
    });
  });
});

describe('instance actions', () => {
  it('stops, starts, reboots and terminates with state transitions and audit', async () => {
    const ctx = env.ctx();
    const [target] = (await instancesIn()).filter((i) => i.name.startsWith('app-'));
    const id = target!.instanceId;

    expect((await stopInstances(ctx, [id])).results).toEqual([
      { region: 'us-east-1', resourceId: id, detail: 'running → stopping' },
    ]);
    expect((await instance(id))?.state).toBe('stopping');
    fake.advance(1500);
    expect((await instance(id))?.state).toBe('stopped');

    expect((await startInstances(ctx, [id])).results[0]?.detail).toBe('stopped → pending');
    fake.advance(1500);
    expect((await instance(id))?.state).toBe('running');

    await rebootInstances(ctx, [id]);
    expect((await consoleOutput(ctx, id)).output).toContain('reboot: Restarting system');

    const refused = await failure(terminateInstances(ctx, [id], undefined));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain(`${id} (${target!.name})`);
    expect(refused.hint).toContain(target!.name);
    expect((await instance(id))?.state).toBe('running');

    expect((await terminateInstances(ctx, [id], target!.name)).results[0]?.detail).toBe(
      'running → shutting-down',
    );
    fake.advance(1500);
    expect((await instance(id))?.state).toBe('terminated');

    const actions = env.audit
      .list(20, 'aws:fake/us-east-1')
      .filter((a) => a.detail.includes(id))
      .map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual([
      'ec2.instances.terminate:ok',
      'ec2.instances.reboot:ok',
      'ec2.instances.start:ok',
      'ec2.instances.stop:ok',
    ]);
  });

  it('sets and removes tags', async () => {
    const [target] = await instancesIn('ap-southeast-2');
    await updateTags(
      env.ctx('ap-southeast-2'),
      [target!.instanceId],
      { Owner: 'ops', Name: 'renamed' },
      ['Env'],
    );
    const after = await instance(target!.instanceId, 'ap-southeast-2');
    expect(after?.name).toBe('renamed');
    expect(after?.tags).toMatchObject({ Owner: 'ops' });
    expect(after?.tags.Env).toBeUndefined();
  });

  it('maps an unknown instance to AWS_NOT_FOUND', async () => {
    const err = await failure(stopInstances(env.ctx(), ['i-0123456789abcdef0']));
    expect(err.code).toBe('AWS_NOT_FOUND');
    expect(err.message).toContain('i-0123456789abcdef0');
  });
});

describe('volumes and snapshots', () => {
  it('creates, attaches, detaches, snapshots, restores and deletes', async () => {
    const ctx = env.ctx('us-west-2');
    const list = await instancesIn('us-west-2');
    const host = list.find((i) => i.availabilityZone === 'us-west-2a' && i.state === 'running')!;
    const elsewhere = list.find(
      (i) => i.availabilityZone === 'us-west-2b' && i.state === 'running',
    )!;

    const volume = await createVolume(ctx, {
      availabilityZone: 'us-west-2a',
      sizeGiB: 50,
      volumeType: 'gp3',
      name: 'data-1',
    });
    expect(volume).toMatchObject({ state: 'creating', sizeGiB: 50, name: 'data-1' });
    fake.advance(1200);
    const volumeState = async () =>
      (await env.aws.volumes({ account: 'fake', region: 'us-west-2' })).rows.find(
        (v) => v.volumeId === volume.volumeId,
      );
    expect((await volumeState())?.state).toBe('available');

    const mismatch = await failure(attachVolume(ctx, volume.volumeId, elsewhere.instanceId, 'sdf'));
    expect(mismatch.code).toBe('AWS_INVALID_ZONE');
    expect(mismatch.message).toContain('us-west-2a');
    expect(mismatch.message).toContain('us-west-2b');

    const attached = await attachVolume(ctx, volume.volumeId, host.instanceId, 'sdf');
    expect(attached.results[0]?.detail).toBe(`attaching to ${host.instanceId} as /dev/sdf`);
    expect((await volumeState())?.attachments[0]).toMatchObject({
      state: 'attaching',
      device: '/dev/sdf',
    });
    fake.advance(600);
    expect((await volumeState())?.attachments[0]?.state).toBe('attached');

    const inUse = await failure(deleteVolume(ctx, volume.volumeId, 'data-1'));
    expect(inUse.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(inUse.hint).toMatch(/detach it first/);

    await detachVolume(ctx, volume.volumeId, host.instanceId);
    fake.advance(600);
    expect(await volumeState()).toMatchObject({ state: 'available', attachments: [] });

    const snapshot = await createSnapshot(ctx, volume.volumeId, 'before upgrade', 'data-1-snap');
    expect(snapshot).toMatchObject({
      state: 'pending',
      volumeId: volume.volumeId,
      name: 'data-1-snap',
    });
    fake.advance(1000);
    const progress = (await env.aws.snapshots({ account: 'fake', region: 'us-west-2' })).rows.find(
      (s) => s.snapshotId === snapshot.snapshotId,
    );
    expect(progress?.state).toBe('pending');
    expect(progress?.progress).toMatch(/^[1-9]\d%$/);
    fake.advance(1200);

    const restored = await createVolume(ctx, {
      availabilityZone: 'us-west-2b',
      volumeType: 'gp3',
      snapshotId: snapshot.snapshotId,
    });
    expect(restored).toMatchObject({ sizeGiB: 50, snapshotId: snapshot.snapshotId });

    const refused = await failure(deleteSnapshot(ctx, snapshot.snapshotId, 'wrong'));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    await deleteSnapshot(ctx, snapshot.snapshotId, 'data-1-snap');
    await deleteVolume(ctx, volume.volumeId, volume.volumeId);
    fake.advance(600);
    expect(await volumeState()).toBeUndefined();
  });

  it('explains a snapshot that an AMI still uses', async () => {
    const ctx = env.ctx('eu-west-1');
    const [snap] = (await env.aws.snapshots({ account: 'fake', region: 'eu-west-1' })).rows;
    const err = await failure(deleteSnapshot(ctx, snap!.snapshotId, snap!.snapshotId));
    expect(err.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(err.message).toContain(snap!.snapshotId);
    expect(err.hint).toMatch(/deregister that AMI/);
  });

  it('explains a zone that does not exist', async () => {
    const err = await failure(
      createVolume(env.ctx(), { availabilityZone: 'us-east-1z', sizeGiB: 1, volumeType: 'gp3' }),
    );
    expect(err.code).toBe('AWS_INVALID_ZONE');
    expect(err.message).toContain('us-east-1z');
    expect(err.hint).toMatch(/zones listed/);
  });
});

describe('key pairs', () => {
  it('creates a key pair and keeps the private key 0600 in the key store', async () => {
    const ctx = env.ctx('eu-west-1');
    const created = await createKeyPair(ctx, 'ops-2026', 'rsa');
    expect(created.keyPath).toMatch(/keys\/fake-eu-west-1-ops-2026\.pem$/);
    expect(statSync(created.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(created.keyPath, 'utf8')).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n$/,
    );
    const listed = (await env.aws.keyPairs({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(listed.map((k) => k.keyName)).toContain('ops-2026');
    // The key material never reaches the audit trail.
    expect(JSON.stringify(env.audit.list(50))).not.toContain('PRIVATE KEY');

    const again = await failure(createKeyPair(ctx, 'ops-2026', 'rsa'));
    expect(again.code).toBe('CONFLICT');
  });

  it('imports a public key and deletes a pair only when confirmed', async () => {
    const ctx = env.ctx('eu-west-1');
    const pub =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt6aW5nIGFib3V0IGEgcHVibGljIGtleSBmb3IgdGVzdHM= me@laptop';
    const imported = await importKeyPair(ctx, 'laptop', pub);
    expect(imported.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const bad = await failure(importKeyPair(ctx, 'bad', '-----BEGIN OPENSSH PRIVATE KEY-----'));
    expect(bad.code).toBe('INVALID_PARAMS');

    expect((await failure(deleteKeyPair(ctx, 'laptop'))).code).toBe('CONFIRMATION_REQUIRED');
    await deleteKeyPair(ctx, 'laptop', 'laptop');
    const listed = (await env.aws.keyPairs({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(listed.map((k) => k.keyName)).not.toContain('laptop');
  });
});

describe('security groups', () => {
  it('authorizes and revokes ingress rules', async () => {
    const ctx = env.ctx('ap-southeast-2');
    const groups = async () =>
      (await env.aws.securityGroups({ account: 'fake', region: 'ap-southeast-2' })).rows;
    const web = (await groups()).find((g) => g.groupName === 'web')!;
    const rule = {
      protocol: 'tcp' as const,
      fromPort: 8080,
      toPort: 8081,
      source: '192.0.2.0/24',
      description: 'lb',
    };
    await authorizeIngress(ctx, web.groupId, [rule]);
    expect((await groups()).find((g) => g.groupId === web.groupId)?.ingress).toContainEqual({
      protocol: 'tcp',
      fromPort: 8080,
      toPort: 8081,
      sourceKind: 'cidr',
      source: '192.0.2.0/24',
      description: 'lb',
    });
    const duplicate = await failure(authorizeIngress(ctx, web.groupId, [rule]));
    expect(duplicate.code).toBe('CONFLICT');
    await revokeIngress(ctx, web.groupId, [rule]);
    expect(
      (await groups())
        .find((g) => g.groupId === web.groupId)
        ?.ingress.some((r) => r.source === '192.0.2.0/24'),
    ).toBe(false);
  });

  it('replaces a CIDR in every group of every region that has it', async () => {
    const run = async (plan: boolean, confirm?: string) => {
      const { rows, failedRegions } = await env.aws.securityGroups({
        account: 'fake',
        allRegions: true,
      });
      return replaceCidr({
        from: '203.0.113.0/24',
        to: '198.51.100.0/24',
        plan,
        ...(confirm ? { confirm } : {}),
        groups: rows,
        failedRegions,
        contextFor: (region) => env.ctx(region),
      });
    };
    const plan = await run(true);
    expect(plan.planned).toBe(true);
    expect(plan.changes).toHaveLength(8); // web and db in four regions
    expect(new Set(plan.changes.map((c) => c.groupName))).toEqual(new Set(['web', 'db']));

    const refused = await failure(run(false));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain('8 rule(s) of 8 group(s)');

    const done = await run(false, '203.0.113.0/24');
    expect(done.changes.map((c) => c.outcome)).toEqual(Array(8).fill('replaced'));
    const after = await env.aws.securityGroups({ account: 'fake', allRegions: true });
    const sources = after.rows.flatMap((g) => g.ingress.map((r) => r.source));
    expect(sources).not.toContain('203.0.113.0/24');
    expect(sources.filter((s) => s === '198.51.100.0/24')).toHaveLength(8);
    const web = after.rows.find((g) => g.groupName === 'web')!;
    expect(web.ingress).toContainEqual(
      expect.objectContaining({ fromPort: 22, source: '198.51.100.0/24', description: 'office' }),
    );
    expect((await run(true)).changes).toEqual([]);
  });
});

describe('elastic IPs', () => {
  it('allocates, associates, moves in one step, disassociates and releases', async () => {
    const ctx = env.ctx('eu-west-1');
    const running = (await instancesIn('eu-west-1')).filter((i) => i.state === 'running');
    const [a, b] = running;
    const address = await allocateAddress(ctx, 'front');
    expect(address).toMatchObject({ name: 'front', domain: 'vpc', associationId: '' });

    await associateAddress(ctx, address.allocationId, a!.instanceId, false);
    expect((await instance(a!.instanceId, 'eu-west-1'))?.publicIp).toBe(address.publicIp);

    const taken = await failure(associateAddress(ctx, address.allocationId, b!.instanceId, false));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.hint).toMatch(/move it/);

    const moved = await moveAddress(ctx, address.allocationId, b!.instanceId);
    expect(moved.results[0]?.detail).toContain(
      `move ${address.publicIp} from ${a!.instanceId} to ${b!.instanceId}`,
    );
    expect((await instance(b!.instanceId, 'eu-west-1'))?.publicIp).toBe(address.publicIp);
    expect((await instance(a!.instanceId, 'eu-west-1'))?.publicIp).not.toBe(address.publicIp);

    const busy = await failure(releaseAddress(ctx, address.allocationId, address.publicIp));
    expect(busy.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(busy.hint).toMatch(/disassociate it first/);

    await disassociateAddress(ctx, address.allocationId);
    expect((await failure(releaseAddress(ctx, address.allocationId))).code).toBe(
      'CONFIRMATION_REQUIRED',
    );
    await releaseAddress(ctx, address.allocationId, 'front');
    const left = (await env.aws.addresses({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(left.some((x) => x.allocationId === address.allocationId)).toBe(false);
    expect(env.audit.list(10, 'aws:fake/eu-west-1').map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'ec2.addresses.release',
        'ec2.addresses.move',
        'ec2.addresses.associate',
      ]),
    );
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
