import { expect, openWithLab, test } from '../testing/e2e/web-mode';

test.describe('cluster exec journey', () => {
  test('run uptime on group db and see 3 ok', async ({ web, page }) => {
    await openWithLab(page, web);

    await page.getByTestId('nav-exec').click();
    await page.getByTestId('exec-target').selectOption('group:db');
    await page.getByTestId('exec-command').fill('uptime');
    await page.getByTestId('exec-run').click();

    await expect(page.getByTestId('exec-summary')).toHaveAttribute('data-status', 'finished', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('exec-summary')).toContainText('3 ok');
    await expect(page.getByTestId('exec-summary')).toContainText('0 failed');
    for (const name of ['db1', 'db2', 'db3']) {
      await expect(page.getByTestId(`exec-host-${name}`)).toHaveAttribute('data-status', 'ok');
    }
    await page.getByTestId('exec-host-db1').click();
    await expect(page.getByTestId('exec-output-db1')).toContainText('load average');
    await page.screenshot({ path: 'test-results/exec-journey-results.png' });

    // Two hosts fail; re-run on them only.
    await page.getByTestId('exec-command').fill('test "$(hostname)" = db1');
    await page.getByTestId('exec-run').click();
    await expect(page.getByTestId('exec-summary')).toHaveAttribute('data-status', 'finished');
    await expect(page.getByTestId('exec-summary')).toContainText('1 ok');
    await expect(page.getByTestId('exec-summary')).toContainText('2 failed');
    await expect(page.getByTestId('exec-host-db2')).toHaveAttribute('data-status', 'failed');
    await page.getByTestId('exec-rerun-failed').click();
    await expect(page.getByTestId('exec-summary')).toHaveAttribute('data-status', 'finished');
    await expect(page.getByTestId('exec-host-db1')).toBeHidden();
    await expect(page.getByTestId('exec-summary')).toContainText('2 failed');
  });
});
