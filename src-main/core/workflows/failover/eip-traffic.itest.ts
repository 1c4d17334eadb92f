import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../../../../testing/aws/fake-ec2';
import type { FailoverReport } from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../../../../testing/lab/failover-lab';
import { labInventoryPath } from '../../../../testing/lab/lab';

/**
 * The other traffic step: the cluster's elastic IP follows the master. The lab's MySQL hosts stand
 * for three EC2 instances of the fake EC2 endpoint (tag ec2:<id>); a switchover moves the address
 * (AssociateAddress with reassociation) from db1's instance to db2's and proves it by
 * DescribeAddresses.
 */
describe('switchover with an elastic IP as the traffic layer', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  let fake: FakeEc2;
  const region = 'eu-west-1';
  const instances: Record<string, string> = {};
  let allocationId = '';
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await t.router.call(method, params, { door: 'cli' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };

  beforeAll(async () => {
    fake = await startFakeEc2({ regions: [region] });
    fake.seed({ regions: [region], instancesPerRegion: 3 });
    t = await createTestServices('cli');
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await call('ec2.accounts.add', {
      name: 'fake',
      auth: 'access-key',
      accessKeyId: 'AKIAFAKE000000000001',
      secretAccessKey: 'fake-secret-access-key',
      endpoint: fake.endpoint,
      defaultRegion: region,
    });
    const state = fake.region(region);
    const ids = [...state.instances.keys()];
    for (const [i, name] of ['db1', 'db2', 'db3'].entries()) {
      instances[name] = ids[i] as string;
      const host = t.core.hosts.get(name);
      await call('hosts.update', {
        id: host.id,
        patch: { tags: [...host.tags, `ec2:${ids[i]}`, `region:${region}`, 'aws:fake'] },
      });
    }
    const address = [...state.addresses.values()][0];
    if (!address) throw new Error('the fake has no elastic IP');
    allocationId = address.allocationId;
    address.instanceId = instances.db1;
    address.associationId = 'eipassoc-0000000001';
    await buildLabCluster('db1', ['db2', 'db3']);
    await call('mysql.saveCluster', {
      name: 'cloud',
      members: ['db1', 'db2', 'db3'],
      traffic: { kind: 'elastic-ip', account: 'fake', region, allocationId },
    });
  }, 180_000);

  afterAll(async () => {
    await resetLabCluster(['db1', 'db2', 'db3']);
    await t.dispose();
    await fake.close();
  }, 120_000);

  it('moves the address to the new master’s instance and proves it', async () => {
    const { runId } = t.core.workflows.start(
      {
        workflow: 'mysql-switchover',
        params: { master: 'db1', to: 'db2' },
        options: { approveGates: true },
      },
      'cli',
    );
    const run = await t.core.workflows.wait(runId);
    expect(run.status, run.error?.message).toBe('succeeded');
    const address = fake.region(region).addresses.get(allocationId);
    expect(address?.instanceId).toBe(instances.db2);
    expect(fake.requests.filter((r) => r.action === 'AssociateAddress')).toHaveLength(1);
    const [report] = await call<FailoverReport[]>('mysql.failoverReports', { cluster: 'cloud' });
    expect(report?.timeline.map((e) => e.text).join('\n')).toMatch(
      new RegExp(`elastic IP ${address?.publicIp} moved from ${instances.db1} to ${instances.db2}`),
    );
    const audit = t.core.audit.list(50).map((a) => a.action);
    expect(audit).toContain('mysql-switchover: ec2.addresses.move');
  });
});
