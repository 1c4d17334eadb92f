import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServices } from '../../../testing/core/ssh-fixture';
import { labAddress } from '../../../testing/lab/lab';

type Services = Awaited<ReturnType<typeof labServices>>;

/**
 * Deployment checks on the lab's db hosts: a suite of the `db` role run on demand gives a report
 * per host with what passed, what failed and why, and what was skipped (with what to set), kept
 * in the store. The lab's hosts look like fresh installs: no replication, read_only OFF.
 */
describe('deployment checks on the lab', () => {
  let t: Services;
  beforeAll(async () => {
    t = await labServices();
    await t.call('metrics.configureHost', {
      host: 'db1',
      settings: { mysql: true, haproxyStatsUrl: `http://${labAddress(254)}:8404/;csv` },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('reports per host: pass, fail with the reason, skipped with what to set; the report is stored', async () => {
    await t.call('deploy.saveSuite', {
      name: 'db servers',
      role: 'db',
      checks: [
        { kind: 'fstab-mounted' },
        { kind: 'read-only', expected: false },
        { kind: 'replication', maxLagSeconds: 30 },
        { kind: 'haproxy-backends-up' },
      ],
    });
    const report = await t.call('deploy.run', { suite: 'db servers', hosts: ['db1', 'db2'] });
    expect(report).toMatchObject({ suite: 'db servers', role: 'db', passed: false });
    const byHost = Object.fromEntries(
      report.hosts.map((h) => [h.host, Object.fromEntries(h.items.map((i) => [i.kind, i]))]),
    );
    expect(Object.keys(byHost)).toEqual(['db1', 'db2']);
    for (const host of ['db1', 'db2']) {
      expect(byHost[host]!['fstab-mounted']).toMatchObject({ outcome: 'pass' });
      expect(byHost[host]!['read-only']).toMatchObject({
        outcome: 'pass',
        detail: 'read_only is OFF',
      });
      // A fresh install is no replica: the role's requirement fails and says why.
      expect(byHost[host]!['replication']).toMatchObject({
        outcome: 'fail',
        detail: `${host} is not a replica`,
      });
    }
    // HAProxy is read through db1 (its stats URL is set there); db2 has none set.
    expect(byHost['db1']!['haproxy-backends-up']).toMatchObject({ outcome: 'pass' });
    expect(byHost['db2']!['haproxy-backends-up']).toMatchObject({
      outcome: 'skipped',
      detail: expect.stringContaining('Collection'),
    });

    const [stored] = await t.call('deploy.reports', { suite: 'db servers', limit: 1 });
    expect(stored).toMatchObject({ id: report.id, passed: false });
    expect(stored!.hosts.map((h) => h.host)).toEqual(['db1', 'db2']);
  }, 60_000);

  it('read_only as a replica role requires it: OFF fails, naming the value', async () => {
    await t.call('deploy.saveSuite', {
      name: 'replicas',
      role: 'db',
      checks: [{ kind: 'read-only', expected: true }],
    });
    const report = await t.call('deploy.run', { suite: 'replicas', hosts: ['db3'] });
    expect(report.hosts[0]!.items[0]).toMatchObject({
      kind: 'read-only',
      outcome: 'fail',
      detail: expect.stringContaining('OFF'),
    });
  }, 60_000);
});
