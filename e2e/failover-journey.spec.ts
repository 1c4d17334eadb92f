import { test, expect } from '../testing/e2e/web-mode';
import { failoverLab } from '../testing/e2e/failover-lab';
import { openLabClusterSettings, saveClusterSettings } from '../testing/e2e/failover-ui';

/**
 * From the topology to a completed switchover: the ranking beside the tree before anything is
 * pressed, the cluster's traffic settings, the wizard (candidate, plan), the go-ahead with the
 * cluster's name typed, the live run and its report.
 */
test.describe('failover journey', () => {
  test.describe.configure({ timeout: 180_000 });
  test.beforeAll(async () => {
    await failoverLab('setup');
  });
  test.afterAll(async () => {
    await failoverLab('teardown');
  });

  test('topology → ranking → settings → switchover wizard → typed go-ahead → report', async ({
    web,
    page,
  }) => {
    await openLabClusterSettings(page, web.url);
    // The cluster: a name to type, HAProxy on proxy1 carries the writers.
    await saveClusterSettings(page, 'writer');
    await expect(page.getByTestId('master-verdict')).toHaveText('alive');
    await expect(page.getByTestId('rank-db2')).toHaveAttribute('data-rank', '1');
    await expect(page.getByTestId('rank-db2').getByTestId('rank-chosen')).toBeVisible();
    await expect(page.getByTestId('topo-node-db2')).toHaveAttribute('data-role', 'replica');
    await page.screenshot({ path: 'test-results/failover-ranking.png' });

    await page.getByTestId('switchover-open').click();
    await expect(page.getByTestId('failover-wizard')).toBeVisible();
    await expect(page.getByTestId('pick-db2')).toBeChecked({ timeout: 20_000 });
    await expect(page.getByTestId('wizard-loss')).toContainText('none');
    await page.getByTestId('wizard-plan').click();
    await expect(page.getByTestId('plan-step-fence')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('plan-step-promote')).toContainText('SET GLOBAL read_only = OFF');
    await page.screenshot({ path: 'test-results/failover-plan.png', fullPage: true });

    await page.getByTestId('wizard-run').click();
    // The go-ahead (a dialog, and inline in the run): nothing changes before the name is typed.
    const gate = page.getByTestId('prompt-gate');
    await expect(gate).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('run-gate')).toBeVisible();
    await page.screenshot({ path: 'test-results/failover-gate.png' });
    await expect(gate.getByTestId('gate-approve')).toBeDisabled();
    await gate.getByTestId('gate-typed').fill('shop');
    await gate.getByTestId('gate-approve').click();

    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 90_000 });
    await expect(page.getByTestId('failover-report')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('failover-report')).toContainText('shop: db1 → db2');
    await expect(page.getByTestId('report-write-pause')).toHaveText(/\d+\.\d\d s/);
    await page.screenshot({ path: 'test-results/failover-report.png', fullPage: true });

    // Back on the topology: db2 is the master, db1 and db3 replicate from it.
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('topology-start').selectOption('db2');
    await expect(page.getByTestId('topo-node-db2')).toHaveAttribute('data-role', 'master', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('topo-node-db1')).toHaveAttribute('data-role', 'replica');
  });
});
