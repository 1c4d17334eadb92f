import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, ParamsIn, Result } from '../../contract';
import { startFakeEc2, type FakeEc2 } from '../../../testing/aws/fake-ec2';
import { composeServices, type Services } from '../compose';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

let fake: FakeEc2;
let services: Services;
const home = mkdtempSync(join(tmpdir(), 'opsdeck-ec2-router-'));

/** Call through the router as the web door: params parsed, results checked against the contract. */
async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const envelope = await services.router.call(method, params, { door: 'web' });
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as Result<M>;
}
async function fails(method: MethodName, params: unknown) {
  const envelope = await services.router.call(method, params, { door: 'web' });
  expect(envelope.ok).toBe(false);
  return (envelope as { error: { code: string; message: string; hint: string } }).error;
}

beforeAll(async () => {
  fake = await startFakeEc2({ regions: ['us-east-1', 'eu-west-1'] });
  fake.seed({ instancesPerRegion: 4 });
  services = await composeServices({
    door: 'web',
    dataDir: home,
    vaultPassphrase: 'router-test-passphrase',
    knownHostsFiles: [],
  });
  await call('ec2.accounts.add', {
    name: 'fake',
    auth: 'access-key',
    accessKeyId: 'AKIAFAKE000000000001',
    secretAccessKey: 'fake-secret',
    endpoint: fake.endpoint,
  });
});
afterAll(async () => {
  await services.shutdown();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

describe('ec2 methods through the router', () => {
  it('never returns the secret key, and validates account input at the door', async () => {
    const [account] = await call('ec2.accounts.list', {});
    expect(account).toMatchObject({
      name: 'fake',
      auth: 'access-key',
      secretRef: expect.stringMatching(/^vault:/),
    });
    expect(JSON.stringify(account)).not.toContain('fake-secret');
    const bad = await fails('ec2.accounts.add', { name: 'x', endpoint: 'ftp://nope' });
    expect(bad.code).toBe('INVALID_PARAMS');
    expect((await call('ec2.accounts.test', { account: 'fake' })).ok).toBe(true);
  });

  it('answers every listing in the contract shape', async () => {
    const scope = { account: 'fake', allRegions: true };
    for (const method of [
      'ec2.zones',
      'ec2.instances',
      'ec2.images',
      'ec2.keyPairs',
      'ec2.securityGroups',
      'ec2.volumes',
      'ec2.snapshots',
      'ec2.addresses',
    ] as const) {
      const result = await call(method, scope);
      expect(result.failedRegions, method).toEqual([]);
      expect(result.rows.length, method).toBeGreaterThan(0);
    }
    expect((await call('ec2.regions', { account: 'fake' })).map((r) => r.name)).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
  });

  it('cancels a listing by its requestId: the listing answers CANCELLED', async () => {
    fake.faults.delay(5000, { action: 'DescribeImages' });
    try {
      const listing = services.router.call(
        'ec2.images',
        { account: 'fake', allRegions: true, owners: ['amazon'], requestId: 'images-1' },
        { door: 'web' },
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(await call('ec2.cancel', { requestId: 'images-1' })).toEqual({ cancelled: true });
      expect(await listing).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await call('ec2.cancel', { requestId: 'images-1' })).toEqual({ cancelled: false });
      expect((await fails('ec2.cancel', { requestId: 'no spaces' })).code).toBe('INVALID_PARAMS');
    } finally {
      fake.faults.clear();
    }
  });

  it('runs the actions with contract-checked results, audited as the web door', async () => {
    const { rows } = await call('ec2.instances', { account: 'fake' });
    const [a, b] = rows.filter(
      (i) => i.availabilityZone === 'us-east-1a' || i.availabilityZone === 'us-east-1b',
    );
    const volume = await call('ec2.volumes.create', {
      account: 'fake',
      availabilityZone: a!.availabilityZone,
      sizeGiB: 10,
      name: 'router-vol',
    });
    fake.advance(2000);
    await call('ec2.volumes.attach', {
      account: 'fake',
      volumeId: volume.volumeId,
      instanceId: a!.instanceId,
      device: '/dev/sdg',
    });
    expect(
      (
        await fails('ec2.volumes.attach', {
          account: 'fake',
          volumeId: volume.volumeId,
          instanceId: a!.instanceId,
          device: 'C:',
        })
      ).code,
    ).toBe('INVALID_PARAMS');
    const snapshot = await call('ec2.snapshots.create', {
      account: 'fake',
      volumeId: volume.volumeId,
    });
    expect(snapshot.state).toBe('pending');
    await call('ec2.volumes.detach', { account: 'fake', volumeId: volume.volumeId });
    await call('ec2.tags.update', {
      account: 'fake',
      resourceIds: [volume.volumeId],
      set: { Team: 'db' },
    });
    const key = await call('ec2.keyPairs.create', { account: 'fake', keyName: 'router-key' });
    expect(key.keyPath.startsWith(join(home, 'keys'))).toBe(true);
    const eip = await call('ec2.addresses.allocate', { account: 'fake', name: 'router-ip' });
    await call('ec2.addresses.associate', {
      account: 'fake',
      allocationId: eip.allocationId,
      instanceId: a!.instanceId,
    });
    const moved = await call('ec2.addresses.move', {
      account: 'fake',
      allocationId: eip.allocationId,
      instanceId: b!.instanceId,
    });
    expect(moved.results[0]?.detail).toContain(`to ${b!.instanceId}`);
    const plan = await call('ec2.securityGroups.replaceCidr', {
      account: 'fake',
      allRegions: true,
      from: '203.0.113.0/24',
      to: '192.0.2.0/24',
      plan: true,
    });
    expect(plan.changes).toHaveLength(4);
    const web = (await call('ec2.securityGroups', { account: 'fake' })).rows.find(
      (g) => g.groupName === 'web',
    )!;
    await call('ec2.securityGroups.authorizeIngress', {
      account: 'fake',
      groupId: web.groupId,
      rules: [{ protocol: 'tcp', fromPort: 5432, source: '10.1.0.0/16' }],
    });
    const out = await call('ec2.instances.consoleOutput', {
      account: 'fake',
      instanceId: a!.instanceId,
    });
    expect(out.output).toContain('Cloud-init');

    const audit = await call('audit.list', { limit: 50, target: 'aws:fake/us-east-1' });
    expect(audit.every((r) => r.door === 'web')).toBe(true);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'ec2.volumes.create',
        'ec2.volumes.attach',
        'ec2.snapshots.create',
        'ec2.volumes.detach',
        'ec2.tags.update',
        'ec2.keyPairs.create',
        'ec2.addresses.allocate',
        'ec2.addresses.move',
        'ec2.securityGroups.authorizeIngress',
      ]),
    );
  });

  it('refuses destructive calls without a matching confirmation', async () => {
    const { rows } = await call('ec2.volumes', { account: 'fake', region: 'eu-west-1' });
    const spare = rows.find((v) => v.name === 'spare-data')!;
    const error = await fails('ec2.volumes.delete', {
      account: 'fake',
      region: 'eu-west-1',
      volumeId: spare.volumeId,
      confirm: 'spare',
    });
    expect(error.code).toBe('CONFIRMATION_REQUIRED');
    expect(error.message).toContain(`${spare.volumeId} (spare-data)`);
    await call('ec2.volumes.delete', {
      account: 'fake',
      region: 'eu-west-1',
      volumeId: spare.volumeId,
      confirm: 'spare-data',
    });
  });
});
