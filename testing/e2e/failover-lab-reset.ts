/**
 * Node-side lab work for the failover journey (bundled to CommonJS by `failoverLab`):
 *   setup     a GTID cluster db1 → db2, db3 and HAProxy's config as the lab wrote it
 *   teardown  standalone servers again (no replication, writable, no test databases or accounts)
 *             and HAProxy as the lab wrote it
 * Both start a server a test killed first. The journey's own steps (diverge, kill, start) run in
 * the test's process: testing/e2e/failover-lab.ts.
 */
import { createTestServices } from '../core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../lab/failover-lab';
import { lab, labInventoryPath } from '../lab/lab';
import { sql } from '../lab/mysql-lab';
import { restoreLabHaproxy } from '../lab/proxy-lab';

const REPLICAS = ['db2', 'db3'];

const answers = (host: string) =>
  sql(host, 'SELECT 1').then(
    () => true,
    () => false,
  );

async function main(mode: string | undefined) {
  // A master a test killed (this run or an interrupted one) is started first — only one that
  // does not answer: each `lab start` waits for the machine-wide lab lock, even for one that runs.
  for (const h of ['db1', ...REPLICAS]) if (!(await answers(h))) lab('start', h, 'mysql');
  const t = await createTestServices();
  try {
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(t);
    if (mode === 'setup') await buildLabCluster('db1', ['db2', 'db3']);
    else if (mode === 'teardown') await resetLabCluster(['db1', 'db2', 'db3']);
    else throw new Error('usage: setup|teardown');
  } finally {
    await t.dispose();
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
