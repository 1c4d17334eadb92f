import { test, expect } from './fixtures/web-mode';
import { resetLabDb2 } from './fixtures/mysql-lab';

test.describe('mysql journey', () => {
  test.describe.configure({ timeout: 90_000 });
  test.beforeAll(async () => {
    await resetLabDb2('setup');
  });
  test.afterAll(async () => {
    await resetLabDb2('teardown');
  });

  test('set up db1 → db2 with the wizard, then see the replica in the topology', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('host-row-db2')).toBeVisible();

    await page.getByTestId('nav-mysql').click();
    await page.getByTestId('mysql-view-setup').click();
    await page.getByTestId('rs-master').selectOption('db1');
    await page.getByTestId('rs-replica').selectOption('db2');
    await page.getByTestId('rs-seed-dump').check();
    // Only the test's own database; other suites use the shared master too, so their databases
    // (and opsdeck, where they write the marker) are filtered out.
    await page.getByTestId('rs-databases').fill('opsdeck_src');
    await page
      .getByTestId('rs-ignore')
      .fill('opsdeck_test.% opsdeck_bench.% opsdeck_junk.% opsdeck.%');
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('plan-step-seed')).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: 'test-results/mysql-wizard.png', fullPage: true });

    await page.getByTestId('rs-run').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 45_000 });
    await expect(page.getByTestId('run-step-verify')).toHaveAttribute('data-status', 'done');

    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-mysql-topology').click();
    const replica = page.getByTestId('topo-node-db2');
    await expect(replica).toHaveAttribute('data-role', 'replica', { timeout: 20_000 });
    await expect(page.getByTestId('topo-node-db1')).toHaveAttribute('data-role', 'master');
    await expect(replica.getByTestId('topo-io')).toHaveAttribute('data-state', 'running');
    await expect(replica.getByTestId('topo-sql')).toHaveAttribute('data-state', 'running');
    await page.screenshot({ path: 'test-results/mysql-topology.png', fullPage: true });

    // Stop replication on db2 (confirmed by typing the host name): the link turns red.
    await replica.getByTestId('topo-stop').click();
    await expect(page.getByTestId('mysql-action-submit')).toBeDisabled();
    await page.getByTestId('mysql-action-confirm').fill('db2');
    await page.getByTestId('mysql-action-submit').click();
    await expect(replica.getByTestId('topo-io')).toHaveAttribute('data-state', 'stopped');
    await expect(replica.getByTestId('topo-link')).toHaveAttribute('data-tone', 'crit');
    await page.screenshot({ path: 'test-results/mysql-topology-stopped.png', fullPage: true });
  });
});
