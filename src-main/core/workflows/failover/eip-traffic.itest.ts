import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../../../../testing/aws/fake-ec2';
import type { FailoverReport } from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../../../../testing/lab/failover-lab';
import { lab, labInventoryPath } from '../../../../testing/lab/lab';
import { sql } from '../../../../testing/lab/mysql-lab';

/**
 * The other traffic step: the cluster's elastic IP follows the master. The lab's MySQL hosts stand
 * for three EC2 instances of the fake EC2 endpoint (tag ec2:<id>); a switchover moves the address
 * (AssociateAddress with reassociation) from db1's instance to db2's and proves it by
 * DescribeAddresses. Then the new master's mysqld dies and a failover with stopOldInstance
 * (`--stop-instance`) fences it through EC2: StopInstances on its instance, audited, in the report.
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
    for (const h of ['db1', 'db2', 'db3']) lab('start', h, 'mysql');
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

  it('a failover with --stop-instance stops the dead master’s instance (StopInstances) and moves the address', async () => {
    // db2 is the master now (the switchover above); its mysqld dies.
    lab('kill', 'db2', 'mysql');
    t.core.mysql.close();
    const until = Date.now() + 60_000;
    for (;;) {
      const v = await call<{ health: { verdict: string } }>('mysql.failoverPlan', {
        master: 'db2',
        mode: 'failover',
      }).catch(() => undefined);
      if (v?.health.verdict === 'dead') break;
      if (Date.now() > until) throw new Error('db2 was never judged dead');
      await new Promise((r) => setTimeout(r, 250));
    }
    const { runId } = t.core.workflows.start(
      {
        workflow: 'mysql-failover',
        params: { master: 'db2', stopOldInstance: true },
        options: { approveGates: true },
      },
      'cli',
    );
    const run = await t.core.workflows.wait(runId);
    expect(run.status, run.error?.message).toBe('succeeded');
    const stops = fake.received.filter((r) => r.action === 'StopInstances');
    expect(stops).toHaveLength(1);
    expect(fake.region(region).instances.get(instances.db2 as string)?.state).toMatch(
      /stopping|stopped/,
    );
    const [report] = await call<FailoverReport[]>('mysql.failoverReports', { cluster: 'cloud' });
    expect(report).toMatchObject({ kind: 'failover', oldMaster: 'db2', status: 'succeeded' });
    const newMaster = report?.newMaster as string;
    const timeline = report?.timeline.map((e) => e.text).join('\n');
    expect(timeline).toMatch(new RegExp(`db2 fenced: EC2 instance ${instances.db2} stopped`));
    expect(fake.region(region).addresses.get(allocationId)?.instanceId).toBe(instances[newMaster]);
    const audit = t.core.audit.list(1000).filter((a) => a.runId === runId);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'mysql-failover: ec2.instances.stop',
        detail: `stop (forced) ${instances.db2}`,
      }),
    );
    expect(Number((await sql(newMaster, 'SELECT @@read_only AS ro'))[0]?.ro)).toBe(0);
  }, 180_000);
});
