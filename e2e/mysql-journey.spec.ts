import type { Page } from '@playwright/test';
import type { LeftFile } from '../src-main/contract';
import { test, expect } from '../testing/e2e/web-mode';
import { finishedRun as runOutcome, resetLab, writeOnMaster } from '../testing/e2e/mysql-lab';

/** What the runs these journeys made left on the hosts (what teardown may clean up). */
const runs: { leftFiles: LeftFile[] }[] = [];

async function importLab(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('import-lab').click();
  await page.getByTestId('import-lab-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('db1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('host-row-db3')).toBeVisible();
}

/** Wait for the run to stop; keep what it left (as the run view lists it) for the teardown. */
async function finishedRun(page: Page, timeout: number): Promise<Record<string, unknown>> {
  const run = await runOutcome(page, timeout);
  runs.push({ leftFiles: run.leftFiles });
  return run;
}

/** Lab imported, MySQL → Set up replication, master and replica chosen. */
async function openWizard(page: Page, url: string, master: string, replica: string) {
  await importLab(page, url);
  await page.getByTestId('nav-mysql').click();
  await page.getByTestId('mysql-view-setup').click();
  await page.getByTestId('rs-master').selectOption(master);
  await page.getByTestId('rs-replica').selectOption(replica);
}

async function openTopologyFrom(page: Page, host: string) {
  await page.getByTestId('nav-hosts').click();
  await page.getByTestId(`host-row-${host}`).click({ button: 'right' });
  await page.getByTestId('action-mysql-topology').click();
}

test.describe('mysql journey', () => {
  test.describe.configure({ timeout: 150_000 });
  test.beforeAll(async () => {
    // db3 gets a database of its own, so the wizard must ask to overwrite it.
    await resetLab('setup', { replicas: ['db2', 'db3'], create: { db3: ['opsdeck_junk'] } });
  });
  test.afterAll(async () => {
    await resetLab('teardown', { replicas: ['db2', 'db3'], runs });
  });

  test('set up db1 → db2 with the wizard, then see the replica in the topology', async ({
    web,
    page,
  }) => {
    await openWizard(page, web.url, 'db1', 'db2');
    await page.getByTestId('rs-seed-dump').check();
    // Only the test's own database; other suites use the shared master too, so their databases
    // (and opsdeck, where they write the marker) are filtered out.
    await page.getByTestId('rs-databases').fill('opsdeck_src');
    await page
      .getByTestId('rs-ignore')
      .fill('opsdeck_test.% opsdeck_bench.% opsdeck_junk.% opsdeck.%');
    await expect(page.getByTestId('rs-run')).toBeDisabled();
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-replica-empty')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('plan-step-seed')).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: 'test-results/mysql-wizard.png', fullPage: true });

    await page.getByTestId('rs-run').click();
    const output = await finishedRun(page, 60_000);
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    expect(output.seed).toMatchObject({ method: 'dump' });
    await expect(page.getByTestId('run-step-verify')).toHaveAttribute('data-status', 'done');

    await openTopologyFrom(page, 'db1');
    const replica = page.getByTestId('topo-node-db2');
    await expect(replica).toHaveAttribute('data-role', 'replica', { timeout: 20_000 });
    await expect(page.getByTestId('topo-node-db1')).toHaveAttribute('data-role', 'master');
    await expect(replica.getByTestId('topo-io')).toHaveAttribute('data-state', 'running');
    await expect(replica.getByTestId('topo-sql')).toHaveAttribute('data-state', 'running');

    // Stop replication on db2 (confirmed by typing the host name): the link turns red.
    await replica.getByTestId('topo-stop').click();
    await expect(page.getByTestId('mysql-action-submit')).toBeDisabled();
    await page.getByTestId('mysql-action-confirm').fill('db2');
    await page.getByTestId('mysql-action-submit').click();
    await expect(replica.getByTestId('topo-io')).toHaveAttribute('data-state', 'stopped');
    await expect(replica.getByTestId('topo-link')).toHaveAttribute('data-tone', 'crit');
    await page.screenshot({ path: 'test-results/mysql-topology-stopped.png', fullPage: true });
  });

  test('set up db1 → db3 by hot backup while db1 takes writes; the topology shows it catch up', async ({
    web,
    page,
  }) => {
    await openWizard(page, web.url, 'db1', 'db3');
    await page.getByTestId('rs-seed-hot-backup').check();
    await expect(page.getByTestId('rs-databases')).toBeDisabled();
    // Other suites' scratch databases on the shared master are not replicated.
    await page.getByTestId('rs-ignore').fill('opsdeck_test.% opsdeck_bench.% opsdeck_junk.%');

    // db3 is not empty: the wizard names its database; unconfirmed, the preflight refuses.
    const overwrite = page.getByTestId('rs-overwrite-box');
    await expect(overwrite).toContainText('opsdeck_junk');
    await expect(overwrite).toContainText('replaces db3');
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-replica-empty')).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('plan')).toHaveCount(0);
    await expect(page.getByTestId('rs-run')).toBeDisabled();

    // Typing a wrong name does not confirm; typing the listed database does.
    await page.getByTestId('rs-overwrite').fill('opsdeck_other');
    await expect(overwrite).toContainText('Not on the replica: opsdeck_other');
    await page.getByTestId('rs-overwrite').fill('opsdeck_junk');
    await page.getByTestId('rs-overwrite').press('Enter');
    await expect(page.getByTestId('rs-check-replica-empty')).toHaveAttribute(
      'data-level',
      'warning',
    );
    await expect(page.getByTestId('plan-step-seed')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('plan-step-seed')).toContainText('mariabackup --backup');
    await expect(page.getByTestId('rs-run')).toBeEnabled();
    await page.screenshot({ path: 'test-results/mysql-setup.png', fullPage: true });

    const writing = writeOnMaster(25);
    await page.getByTestId('rs-run').click();
    // While the backup streams, the run shows a bar: bytes of the data directory's size, rate,
    // time left (a screenshot when the stream lasts long enough to be caught).
    await page
      .getByTestId('run-progress')
      .waitFor({ timeout: 60_000 })
      .then(() => page.screenshot({ path: 'test-results/workflows-run-progress.png' }))
      .catch(() => undefined);
    const output = await finishedRun(page, 120_000);
    await expect(page.getByTestId('run-progress-seed')).toContainText(/iB of [\d.]+ [KMG]iB/);
    await page.screenshot({ path: 'test-results/workflows-run-seeded.png' });
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    expect(output.seed).toMatchObject({
      method: 'hot-backup',
      gtid: expect.stringMatching(/^0-1-\d+/),
    });
    // The run lists what it left: db3's previous data (and its my.cnf backup), no staging folder.
    const left = output.leftFiles as LeftFile[];
    expect(left).toContainEqual(
      expect.objectContaining({
        host: 'db3',
        path: (output.seed as { previousData: string }).previousData,
      }),
    );
    expect(left.filter((f) => f.path.includes('.opsdeck-seed-'))).toEqual([]);

    await openTopologyFrom(page, 'db1');
    const db3 = page.getByTestId('topo-node-db3');
    await expect(db3).toHaveAttribute('data-role', 'replica', { timeout: 20_000 });
    await expect(db3.getByTestId('topo-io')).toHaveAttribute('data-state', 'running');
    await expect(db3.getByTestId('topo-sql')).toHaveAttribute('data-state', 'running');
    await writing;
    // Once db1 stops taking writes, the live view shows db3 at db1's GTID position, 0 s behind.
    const executed = async (host: string) =>
      (await page.getByTestId(`topo-node-${host}`).getByTestId('topo-executed').textContent()) ??
      '';
    await expect
      .poll(async () => (await executed('db3')) === (await executed('db1')), { timeout: 30_000 })
      .toBe(true);
    // No heartbeat on a cluster that is not saved: Seconds_Behind_Master, marked coarse.
    await expect(db3.getByTestId('topo-lag')).toHaveText('behind 0 s (coarse)');
    await expect(db3.getByTestId('topo-link')).toHaveAttribute('data-tone', 'ok');
    await page.screenshot({ path: 'test-results/mysql-topology.png', fullPage: true });
  });
});
