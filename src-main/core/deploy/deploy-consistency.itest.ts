import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployItemResult, DeployReport } from '../../contract';
import { labSuite } from '../../../testing/core/lab-suite';
import { buildLabCluster, resetLabCluster } from '../../../testing/lab/failover-lab';
import { disableAtBootIn } from '../../../testing/lab/lab-faults';
import { sql, waitCaughtUp } from '../../../testing/lab/mysql-lab';

const item = (report: DeployReport, host: string, kind: string): DeployItemResult => {
  const found = report.hosts.find((h) => h.host === host)?.items.find((i) => i.kind === kind);
  if (!found) throw new Error(`${host} has no ${kind} item in ${JSON.stringify(report)}`);
  return found;
};

/**
 * The deployment items that read the host's own state: services enabled at boot (SysV start links
 * on these Debian hosts) and tables consistent with the master (pt-table-checksum, installed on the
 * lab's hosts as the Debian package percona-toolkit), on the lab's real servers.
 */
describe('deployment checks: services at boot, tables consistent', () => {
  const t = labSuite();

  describe('services enabled at boot', () => {
    let undo: (() => void) | undefined;
    afterAll(() => undo?.());

    it('passes for services with a start link, fails naming one disabled and one not installed', async () => {
      await t().call('deploy.saveSuite', {
        name: 'boot services',
        role: 'db',
        checks: [{ kind: 'services-enabled', services: ['ssh', 'mariadb'] }],
      });
      const enabled = await t().call('deploy.run', {
        suite: 'boot services',
        hosts: ['db1', 'db2'],
      });
      for (const host of ['db1', 'db2'])
        expect(item(enabled, host, 'services-enabled')).toMatchObject({
          outcome: 'pass',
          detail: 'ssh: enabled-sysv, mariadb: enabled-sysv',
        });

      // `update-rc.d ssh disable` on db2 only (its own view of /etc/rc[2345].d).
      undo = disableAtBootIn('db2', 'ssh');
      await t().call('deploy.saveSuite', {
        name: 'boot services',
        role: 'db',
        checks: [
          { kind: 'services-enabled', services: ['ssh', 'mariadb', 'opsdeck-no-such-daemon'] },
        ],
      });
      const report = await t().call('deploy.run', {
        suite: 'boot services',
        hosts: ['db1', 'db2'],
      });
      expect(report.passed).toBe(false);
      expect(item(report, 'db1', 'services-enabled')).toMatchObject({
        outcome: 'fail',
        detail: 'ssh: enabled-sysv, mariadb: enabled-sysv, opsdeck-no-such-daemon: not-found',
      });
      expect(item(report, 'db2', 'services-enabled')).toMatchObject({
        outcome: 'fail',
        detail: 'ssh: disabled, mariadb: enabled-sysv, opsdeck-no-such-daemon: not-found',
      });
    }, 60_000);
  });

  describe('tables consistent (pt-table-checksum)', () => {
    const DB = 'opsdeck_failover';
    const dropChecksums = async (hosts: string[]) => {
      for (const h of hosts)
        await sql(h, 'SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS percona').catch(
          () => undefined,
        );
    };
    beforeAll(async () => {
      await dropChecksums(['db1', 'db2']);
      await buildLabCluster('db1', ['db2']);
      await sql(
        'db1',
        `INSERT INTO ${DB}.t VALUES (2), (3), (4); CREATE TABLE ${DB}.u (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB; INSERT INTO ${DB}.u VALUES (1, 'a'), (2, 'b')`,
      );
      await waitCaughtUp('db1', 'db2');
      await t().call('deploy.saveSuite', {
        name: 'consistency',
        role: 'db',
        checks: [{ kind: 'tables-consistent', databases: [DB] }],
      });
    }, 180_000);
    afterAll(async () => {
      await resetLabCluster(['db1', 'db2']);
      await dropChecksums(['db1', 'db2']);
    }, 120_000);

    it('a replica before any checksum run is skipped, saying to run the master’s suite', async () => {
      const report = await t().call('deploy.run', { suite: 'consistency', hosts: ['db2'] });
      expect(item(report, 'db2', 'tables-consistent')).toMatchObject({
        outcome: 'skipped',
        detail: expect.stringContaining('master'),
      });
    }, 60_000);

    it('the master runs pt-table-checksum; the replica then reports the same data, and a drifted table by name', async () => {
      const onMaster = await t().call('deploy.run', { suite: 'consistency', hosts: ['db1'] });
      expect(item(onMaster, 'db1', 'tables-consistent')).toMatchObject({
        outcome: 'pass',
        detail:
          'checksummed 2 tables into percona.checksums (replicas compare them in their suite)',
      });
      const audit = await t().call('audit.list', { limit: 20 });
      expect(audit.map((a) => a.action)).toContain('deploy.pt-table-checksum');

      await waitCaughtUp('db1', 'db2');
      const same = await t().call('deploy.run', { suite: 'consistency', hosts: ['db2'] });
      expect(item(same, 'db2', 'tables-consistent')).toMatchObject({
        outcome: 'pass',
        detail: expect.stringMatching(/^same as its master \(checksummed .*, 2 tables\)$/),
      });

      // A write made on the replica alone (what an errant transaction or a bad restore leaves).
      await sql(
        'db2',
        `SET SESSION sql_log_bin = 0; UPDATE ${DB}.u SET v = 'drifted' WHERE id = 2`,
      );
      const again = await t().call('deploy.run', { suite: 'consistency', hosts: ['db1'] });
      expect(item(again, 'db1', 'tables-consistent')).toMatchObject({ outcome: 'pass' });
      await waitCaughtUp('db1', 'db2');
      const drifted = await t().call('deploy.run', { suite: 'consistency', hosts: ['db2'] });
      expect(item(drifted, 'db2', 'tables-consistent')).toMatchObject({
        outcome: 'fail',
        detail: expect.stringMatching(new RegExp(`^differs from its master: ${DB}\\.u \\(`)),
      });
      expect(drifted.passed).toBe(false);
    }, 180_000);
  });
});
