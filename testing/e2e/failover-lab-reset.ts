/**
 * Node-side lab work for the failover journey (bundled to CommonJS by `failoverLab`):
 *   setup     a GTID cluster db1 → db2, db3 and HAProxy's config as the lab wrote it
 *   teardown  standalone servers again (no replication, writable, no test databases or accounts)
 *             and HAProxy as the lab wrote it
 */
import { createTestServices } from '../core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../lab/failover-lab';
import { labInventoryPath } from '../lab/lab';
import { restoreLabHaproxy } from '../lab/proxy-lab';

async function main(mode: string | undefined) {
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
