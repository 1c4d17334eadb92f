/**
 * Node-side lab work for the failover journey (bundled to CommonJS by `failoverLab`):
 *   setup     a GTID cluster db1 → db2, db3 and HAProxy's config as the lab wrote it
 *   teardown  standalone servers again (no replication, writable, no test databases or accounts)
 *             and HAProxy as the lab wrote it; a master a test killed is started first
 *   diverge   the replicas stop fetching and db1 commits rows only it will have (what a failover loses)
 *   kill      db1's mysqld killed (-9); the replicas fetch again and see it gone
 *   start     db1's mysqld started again (as after a reboot), to be rejoined
 */
import { createTestServices } from '../core/core-fixture';
import { buildLabCluster, resetLabCluster } from '../lab/failover-lab';
import { lab, labInventoryPath } from '../lab/lab';
import { sql } from '../lab/mysql-lab';
import { DIVERGED_ROWS } from './failover-lab';
import { restoreLabHaproxy } from '../lab/proxy-lab';

const REPLICAS = ['db2', 'db3'];

async function labOnly(mode: string | undefined): Promise<boolean> {
  if (mode === 'diverge') {
    for (const r of REPLICAS) await sql(r, 'STOP SLAVE IO_THREAD');
    for (let i = 0; i < DIVERGED_ROWS; i++)
      await sql('db1', `INSERT INTO opsdeck_failover.t VALUES (${100 + i})`);
  } else if (mode === 'kill') {
    lab('kill', 'db1', 'mysql');
    for (const r of REPLICAS) await sql(r, 'START SLAVE IO_THREAD');
  } else if (mode === 'start') lab('start', 'db1', 'mysql');
  else return false;
  return true;
}

async function main(mode: string | undefined) {
  if (await labOnly(mode)) return;
  if (mode === 'teardown') for (const h of ['db1', ...REPLICAS]) lab('start', h, 'mysql');
  const t = await createTestServices();
  try {
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(t);
    if (mode === 'setup') await buildLabCluster('db1', ['db2', 'db3']);
    else if (mode === 'teardown') await resetLabCluster(['db1', 'db2', 'db3']);
    else throw new Error('usage: setup|teardown|diverge|kill|start');
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
