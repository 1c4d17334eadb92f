import type { Page } from '@playwright/test';
import { seedHosts } from '../testing/e2e/seed-hosts';
import { test, expect } from '../testing/e2e/web-mode';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${process.env.OPSDECK_SHOTS ?? 'test-results'}/workflows-${name}.png` });

test.describe('workflows: discard a stopped run', () => {
  test('a failed run is discarded from its tab, confirmed: it says discarded and offers no resume', async ({
    web,
    page,
  }) => {
    // Nothing listens on port 1: the run fails at its one step, fast.
    seedHosts(web, [{ name: 'gone1', address: '127.0.0.1', port: 1 }]);
    await page.goto(web.url);
    await page.getByTestId('host-menu-gone1').click();
    await page.getByTestId('action-collect-facts').click();
    await expect(page.getByTestId('run-status')).toHaveText('failed', { timeout: 30_000 });
    await expect(page.getByTestId('run-resume')).toBeVisible();

    await page.getByTestId('run-discard').click();
    const dialog = page.getByTestId('confirm-discard');
    await expect(dialog).toContainText('It will never be resumed or rolled back.');
    // The core's dry run says what stays: this run changed nothing, so nothing to type.
    await expect(page.getByTestId('discard-left')).toContainText('Nothing it changed is left');
    await expect(page.getByTestId('discard-rollback')).toHaveCount(0);
    await expect(page.getByTestId('confirm-discard-typed')).toHaveCount(0);
    await shot(page, 'run-discard-confirm');
    // Cancel changes nothing.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('run-status')).toHaveText('failed');

    await page.getByTestId('run-discard').click();
    await page.getByTestId('confirm-discard-submit').click();
    await expect(page.getByTestId('run-status')).toHaveText('discarded');
    await expect(page.getByTestId('run-resume')).toHaveCount(0);
    await expect(page.getByTestId('run-discard')).toHaveCount(0);
    await expect(page.getByTestId('run-error')).toContainText('Discarded: it will not be resumed');
    await shot(page, 'run-discarded');
  });
});
