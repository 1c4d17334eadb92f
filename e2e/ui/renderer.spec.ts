import { test, expect } from '../../testing/e2e/fake-ui';

test.describe('renderer against the fake transport @ui', () => {
  test('keyboard: arrows, shift-extend, Enter opens details, Ctrl+W closes, / searches, n adds', async ({
    ui,
    page,
  }) => {
    await page.goto(ui.url());
    const row = (n: string) => page.getByTestId(`host-row-${n}`);
    await row('batch-euw1-01').click();
    await page.keyboard.press('ArrowDown');
    await expect(row('batch-euw1-02')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(row('batch-euw1-02')).toHaveAttribute('aria-selected', 'true');
    await expect(row('batch-euw1-03')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('host-details-batch-euw1-03')).toBeVisible();
    await page.keyboard.press('Control+w');
    await expect(row('batch-euw1-01')).toBeVisible();
    await page.keyboard.press('/');
    await expect(page.getByTestId('hosts-search')).toBeFocused();
    await page.getByTestId('hosts-search').fill('db euw1');
    await expect(row('db-euw1-01')).toBeVisible();
    await expect(row('batch-euw1-01')).toHaveCount(0);
    await row('db-euw1-01').click();
    await page.keyboard.press('n');
    await expect(page.getByTestId('host-form')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('host-form')).toHaveCount(0);
  });

  test('remove names the hosts; add validates and reports a conflict', async ({ ui, page }) => {
    await page.goto(ui.url());
    await page.getByTestId('host-row-batch-euw1-01').click();
    await page.getByTestId('host-row-batch-euw1-02').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('remove-names')).toContainText('batch-euw1-01');
    await expect(page.getByTestId('remove-names')).toContainText('batch-euw1-02');
    await page.getByTestId('confirm-remove-submit').click();
    await expect(page.getByTestId('host-row-batch-euw1-01')).toHaveCount(0);

    await page.getByTestId('add-host').click();
    await page.getByTestId('hf-address').fill('not an address!');
    await page.getByTestId('host-form-submit').click();
    await expect(page.getByTestId('host-form')).toContainText('Required');
    await expect(page.getByTestId('host-form')).toContainText(
      'Use a hostname, IPv4 or IPv6 address',
    );
    await page.getByTestId('hf-name').fill('db-euw1-01');
    await page.getByTestId('hf-address').fill('10.9.9.9');
    await page.getByTestId('host-form-submit').click();
    await expect(page.getByTestId('host-form')).toContainText('already exists');
  });

  test('empty state → import lab → collect facts from the context menu → run succeeds', async ({
    ui,
    page,
  }) => {
    await page.goto(ui.url('&empty'));
    await expect(page.getByTestId('empty-hosts')).toBeVisible();
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('lab-1');
    await page.getByTestId('host-row-lab-2').click({ button: 'right' });
    await page.getByTestId('action-collect-facts').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 15_000 });
    await expect(page.getByTestId('run-step-mysql')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-log')).toContainText('lab-2');
    await expect(page.getByTestId('facts')).toBeVisible();
    await page.locator('[data-testid^="tab-run:"]').click({ button: 'middle' });
    await expect(page.locator('[data-testid^="tab-run:"]')).toHaveCount(0);
    await expect(page.getByTestId('host-row-lab-2')).toContainText(/Linux/);
  });

  test('a failed run resumes', async ({ ui, page }) => {
    await page.goto(ui.url());
    await page.getByTestId('host-menu-db-euw1-02').click();
    await page.getByTestId('action-collect-facts').click();
    await expect(page.getByTestId('run-status')).toHaveText('failed', { timeout: 15_000 });
    await expect(page.getByTestId('run-step-mysql')).toHaveAttribute('data-status', 'failed');
    await page.getByTestId('run-resume').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 15_000 });
  });

  test('host-key prompt: changed key warns; Esc rejects; palette reaches host actions', async ({
    ui,
    page,
  }) => {
    await page.goto(ui.url('&prompt=changed'));
    const prompt = page.getByTestId('prompt-hostkey');
    await expect(prompt).toContainText('HOST KEY CHANGED — possible man-in-the-middle');
    await expect(page.getByTestId('prompt-previous-fingerprint')).toContainText('SHA256:');
    await page.keyboard.press('Escape');
    await expect(prompt).toHaveCount(0);

    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await page.keyboard.type('test cache-euw1-01');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('prompt-hostkey')).toBeVisible();
    await page.getByTestId('prompt-accept-remember').click();
    await expect(page.getByTestId('test-connection-result')).toHaveAttribute('data-ok', 'true');
  });
});
