import { dropLabSshSessions, lab, labAddress } from '../../testing/lab/lab';
import { startTestSshd } from '../../testing/ssh/sshd';
import { seedHosts, sampleFleet } from '../../testing/e2e/seed-hosts';
import { test, expect } from '../../testing/e2e/web-mode';

/**
 * The renderer's keyboard, dialogs, runs and prompts in web mode over the real core (a fresh data
 * folder per test). Hosts come from an imported ssh config or the lab; the faults are real: a lab
 * host whose sshd is stopped, a throwaway sshd whose host key is replaced.
 */
test.describe('renderer over the real core @ui', () => {
  test('keyboard: arrows, shift-extend, Enter opens details, Ctrl+W closes, / searches, n adds', async ({
    web,
    page,
  }) => {
    seedHosts(web, sampleFleet());
    await page.goto(web.url);
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

  test('remove names the hosts; add validates and reports a conflict', async ({ web, page }) => {
    seedHosts(web, sampleFleet());
    await page.goto(web.url);
    await page.getByTestId('host-row-batch-euw1-01').click();
    await page.getByTestId('host-row-batch-euw1-02').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('remove-names')).toContainText('batch-euw1-01');
    await expect(page.getByTestId('remove-names')).toContainText('batch-euw1-02');
    await page.getByTestId('confirm-remove-submit').click();
    await expect(page.getByTestId('host-row-batch-euw1-01')).toHaveCount(0);
    await expect(page.getByTestId('host-row-batch-euw1-03')).toBeVisible();

    await page.getByTestId('add-host').first().click();
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
    await page.screenshot({ path: 'test-results/renderer-form-dialog.png' });
  });

  test('empty state → import lab → collect facts from the context menu → run succeeds', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await expect(page.getByTestId('empty-hosts')).toBeVisible();
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.getByTestId('host-row-db2').click({ button: 'right' });
    await page.getByTestId('action-collect-facts').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await expect(page.getByTestId('run-step-collect')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-child-db2')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-log')).toContainText('db2');
    await page.locator('[data-testid^="tab-run:"]').click({ button: 'middle' });
    await expect(page.locator('[data-testid^="tab-run:"]')).toHaveCount(0);
    await expect(page.getByTestId('host-row-db2')).toContainText(/Linux/);
  });

  test('a failed run resumes', async ({ web, page }) => {
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db3');
    // The fault: db3's sshd is down and its live sessions cut (the hosts table's live charts may
    // already hold one), so the run fails at its one step (after the step's retry).
    lab('stop', 'db3', 'ssh');
    dropLabSshSessions('db3');
    try {
      await page.getByTestId('host-menu-db3').click();
      await page.getByTestId('action-collect-facts').click();
      await expect(page.getByTestId('run-status')).toHaveText('failed', { timeout: 30_000 });
      await expect(page.getByTestId('run-step-collect')).toHaveAttribute('data-status', 'failed');
      await expect(page.getByTestId('run-child-db3')).toHaveAttribute('data-status', 'failed');
    } finally {
      lab('start', 'db3', 'ssh');
    }
    await page.getByTestId('run-resume').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await expect(page.getByTestId('run-child-db3')).toHaveAttribute('data-status', 'done');
  });

  test('host-key prompt: changed key warns; Esc rejects; palette reaches host actions', async ({
    web,
    page,
  }) => {
    const sshd = await startTestSshd(labAddress(1), 2214);
    try {
      seedHosts(web, [
        ...sampleFleet(),
        {
          name: 'cache-euw1-01',
          address: sshd.address,
          port: sshd.port,
          identityFile: sshd.clientKey,
        },
      ]);
      await page.goto(web.url);
      await expect(page.getByTestId('host-row-cache-euw1-01')).toBeVisible();
      const testFromPalette = async () => {
        await page.keyboard.press('Control+k');
        await expect(page.getByTestId('command-palette')).toBeVisible();
        await page.keyboard.type('test cache-euw1-01');
        await page.keyboard.press('Enter');
      };
      const prompt = page.getByTestId('prompt-hostkey');
      const result = page.getByTestId('test-connection-result');
      const first = sshd.hostKeyFingerprint();

      // First contact: the core asks; Esc rejects and nothing is remembered.
      await testFromPalette();
      await expect(prompt).toBeVisible();
      await expect(page.getByTestId('prompt-fingerprint')).toHaveText(first);
      await page.keyboard.press('Escape');
      await expect(prompt).toHaveCount(0);
      await expect(result).toHaveAttribute('data-ok', 'false');
      await expect(result).toContainText('HOST_KEY_REJECTED');
      await page.keyboard.press('Escape');

      // Again from the palette: accept and remember.
      await testFromPalette();
      await expect(prompt).toBeVisible();
      await page.getByTestId('prompt-accept-remember').click();
      await expect(result).toHaveAttribute('data-ok', 'true');
      await page.keyboard.press('Escape');

      // The server comes back with another key: refused as changed, never asked as new.
      await sshd.rotateHostKey();
      await testFromPalette();
      await expect(result).toHaveAttribute('data-ok', 'false');
      await expect(result).toContainText('HOST_KEY_CHANGED');
      await expect(result).toContainText(first);
      await expect(prompt).toHaveCount(0);
      await expect(page.getByTestId('replace-host-key-open')).toBeVisible();
    } finally {
      await sshd.stop();
    }
  });
});
