import { test, expect } from '../testing/e2e/web-mode';

test.describe('host inventory journey @smoke', () => {
  test('import the lab inventory, see the hosts, collect facts on one and watch it succeed', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await expect(page.getByTestId('empty-hosts')).toBeVisible();

    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');

    for (const name of ['db1', 'db2', 'db3']) {
      await expect(page.getByTestId(`host-row-${name}`)).toBeVisible();
    }

    await page.getByTestId('host-row-db2').click({ button: 'right' });
    await page.getByTestId('action-collect-facts').click();

    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await expect(page.getByTestId('run-step-collect')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-child-db2')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-log')).toContainText('db2');
    await page.screenshot({ path: 'test-results/hosts-journey-run.png' });

    await page.getByTestId('nav-hosts').click();
    await expect(page.getByTestId('host-row-db2')).toContainText(/Debian/);
    await page.screenshot({ path: 'test-results/hosts-journey-hosts.png' });
  });
});
