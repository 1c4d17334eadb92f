import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClusterPlanView, HaproxySetServerResult, HaproxyStatus } from '../../contract';
import { runCli } from '../../../testing/cli/run-cli';
import { labServices } from '../../../testing/core/ssh-fixture';
import { buildLabCluster, resetLabCluster } from '../../../testing/lab/failover-lab';
import { labInventoryPath } from '../../../testing/lab/lab';
import { sql } from '../../../testing/lab/mysql-lab';
import { labProxy, restoreLabHaproxy } from '../../../testing/lab/proxy-lab';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-failover-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';
const opsdeck = (...args: string[]) => runCli(home, ...args);
/** A server's row in HAProxy's stats, as `haproxy status --json` prints them. */
const serverRow = (stats: HaproxyStatus['stats'], backend: string, server: string) =>
  stats.find((r) => r.proxy === backend && r.name === server);
const readOnly = async (host: string) =>
  Number((await sql(host, 'SELECT @@read_only AS ro'))[0]?.ro);

afterEach(() => vi.restoreAllMocks());

/**
 * Issue 13's commands as a user types them, through the CLI against the lab: the failover plan
 * (JSON), HAProxy's status (JSON) and a server drained then readied (asked first; --yes), a
 * switchover's dry run (changes nothing), then the switchover itself.
 */
describe('opsdeck mysql failover / switchover and opsdeck haproxy on the lab', () => {
  // Only to put the lab back as it was (HAProxy's config, standalone servers).
  let helper: Awaited<ReturnType<typeof labServices>>;
  const proxy = () => labProxy().host;

  beforeAll(async () => {
    helper = await labServices();
    await restoreLabHaproxy(helper);
    await buildLabCluster('db1', ['db2', 'db3']);
    expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
    const cluster = await opsdeck(
      'mysql',
      'cluster',
      'db1',
      '--name',
      'lab',
      '--members',
      'db1,db2,db3',
      '--haproxy',
      `${proxy()}/writer`,
    );
    expect(cluster.code, cluster.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await resetLabCluster(['db1', 'db2', 'db3']);
    await restoreLabHaproxy(helper);
    await helper.dispose();
    rmSync(home, { recursive: true, force: true });
  }, 180_000);

  it('mysql failover --master db1 --plan --json: the health from every angle and the ranking, nothing changed', async () => {
    const r = await opsdeck('--json', 'mysql', 'failover', '--master', 'db1', '--plan');
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as ClusterPlanView;
    expect(view.cluster.name).toBe('lab');
    expect(view.health).toMatchObject({ master: 'db1', verdict: 'alive' });
    expect(view.plan.candidates.map((c) => c.name).sort()).toEqual(['db2', 'db3']);
    expect(view.plan.candidates[0]).toMatchObject({ rank: 1, eligible: true });
    expect(view.plan.chosen).toBe(view.plan.candidates[0]?.name);
    const text = await opsdeck('mysql', 'failover', '--master', 'db1', '--plan');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/db2/);
    expect(text.stdout).toMatch(/db3/);
    expect(await readOnly('db1')).toBe(0);
  });

  it('haproxy status proxy1 --json: sections from the config, live stats from the socket', async () => {
    const r = await opsdeck('--json', 'haproxy', 'status', proxy());
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout) as HaproxyStatus;
    expect(status.sections.find((s) => s.name === 'writer')?.servers.map((s) => s.name)).toEqual([
      'db1',
    ]);
    expect(serverRow(status.stats, 'writer', 'db1')?.status).toMatch(/^UP/);
    expect(serverRow(status.stats, 'readers', 'db2')?.status).toMatch(/^UP/);
  });

  it('haproxy server proxy1 readers/db2 drain asks first (no terminal: refused, nothing changed), --yes drains, ready puts it back', async () => {
    const refused = await opsdeck('haproxy', 'server', proxy(), 'readers/db2', 'drain');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /Not confirmed: Set readers\/db2 on proxy1 to drain\? Nothing was changed\./,
    );
    expect(refused.stderr).toMatch(/--yes/);
    const still = JSON.parse(
      (await opsdeck('--json', 'haproxy', 'status', proxy())).stdout,
    ) as HaproxyStatus;
    expect(serverRow(still.stats, 'readers', 'db2')?.status).toMatch(/^UP/);

    const drained = await opsdeck(
      '--json',
      'haproxy',
      'server',
      proxy(),
      'readers/db2',
      'drain',
      '--yes',
    );
    expect(drained.code, drained.stderr).toBe(0);
    const d = JSON.parse(drained.stdout) as HaproxySetServerResult;
    expect(d.command).toMatch(/set server readers\/db2 state drain/);
    expect(d.row.status).toMatch(/^DRAIN/);

    const ready = await opsdeck('haproxy', 'server', proxy(), 'readers/db2', 'ready', '--yes');
    expect(ready.code, ready.stderr).toBe(0);
    expect(ready.stdout).toMatch(/set server readers\/db2 state ready/);
    expect(ready.stdout).toMatch(/\bUP\b/);
  });

  it('mysql switchover --master db1 --to db2 --dry-run: every statement planned, nothing changed', async () => {
    const r = await opsdeck('mysql', 'switchover', '--master', 'db1', '--to', 'db2', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    for (const planned of [
      'SET GLOBAL read_only = ON',
      'STOP SLAVE',
      'RESET SLAVE ALL',
      'SET GLOBAL read_only = OFF',
    ])
      expect(r.stdout).toContain(planned);
    expect(await readOnly('db1')).toBe(0);
    expect(await readOnly('db2')).toBe(1);
    const [db2] = await sql('db2', 'SHOW SLAVE STATUS');
    expect(db2).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });
  });

  it('mysql switchover --master db1 --to db2 --yes: db2 is the master, db1 and db3 replicate from it', async () => {
    const r = await opsdeck('mysql', 'switchover', '--master', 'db1', '--to', 'db2', '--yes');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(await readOnly('db2')).toBe(0);
    for (const h of ['db1', 'db3']) {
      expect(await readOnly(h)).toBe(1);
      const [s] = await sql(h, 'SHOW SLAVE STATUS');
      expect(s, h).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' });
    }
    const status = JSON.parse(
      (await opsdeck('--json', 'haproxy', 'status', proxy())).stdout,
    ) as HaproxyStatus;
    expect(serverRow(status.stats, 'writer', 'db2')?.status).toMatch(/^UP/);
  }, 120_000);
});
