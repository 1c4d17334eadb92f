import { afterAll, describe, expect, it } from 'vitest';
import { buildLabCluster, resetLabCluster } from '../../../../testing/lab/failover-lab';
import { sql } from '../../../../testing/lab/mysql-lab';

const HOSTS = ['db1', 'db2', 'db3'];

/**
 * The failover tests' lab reset leaves standalone servers that register no replica. A master that
 * still listed its old replica (an idle binlog dump thread outlives STOP SLAVE by a minute or more)
 * made the next test's replication setup db2 → db1 refuse db1's server_id as "already used by a
 * replica of db2": the unplanned-failover journey's reseed right after the switchover journey.
 */
describe('the failover lab reset', () => {
  afterAll(async () => {
    await resetLabCluster(HOSTS);
  }, 120_000);

  it('leaves no server listing a replica, right after a switchover-shaped cluster', async () => {
    // As after the switchover journey: db2 the master, db1 and db3 replicating from it.
    await buildLabCluster('db2', ['db1', 'db3']);
    const listed = async () =>
      Object.fromEntries(
        await Promise.all(
          HOSTS.map(async (h) => [
            h,
            (await sql(h, 'SHOW SLAVE HOSTS')).map((r) => Number(r.Server_id)).sort(),
          ]),
        ),
      );
    expect((await listed()).db2).toEqual([1, 3]);

    await resetLabCluster(HOSTS);

    expect(await listed()).toEqual({ db1: [], db2: [], db3: [] });
    for (const h of HOSTS)
      expect(await sql(h, 'SHOW SLAVE STATUS'), `${h} replicates from nobody`).toEqual([]);
  }, 120_000);
});
