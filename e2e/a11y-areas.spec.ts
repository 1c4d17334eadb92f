import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/ec2-web';
import { setTheme } from '../testing/e2e/axe';
import { useDomTerminals } from '../testing/e2e/terminal-screen';

/**
 * Every area with data in it, checked by axe in the light and dark themes (the fixture) and
 * photographed in light, dark and high contrast for a person to look at (OPSDECK_SHOTS).
 */
const SHOTS = process.env.OPSDECK_SHOTS ?? 'test-results/a11y';

async function photograph(page: Page, name: string) {
  for (const theme of ['light', 'dark', 'contrast-light', 'contrast-dark'] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
  }
  await setTheme(page, 'light');
}

test.describe('every area, accessible @a11y', () => {
  test.describe.configure({ timeout: 240_000 });

  test('hosts, runs, terminals, exec, tunnels, mysql, ec2, audit, settings', async ({
    web,
    fake,
    page,
    axe,
  }) => {
    await useDomTerminals(page);
    await page.goto(web.url);
    await expect(page.getByTestId('empty-hosts')).toBeVisible();
    await axe.check('empty');
    await photograph(page, 'hosts-empty');
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');

    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-collect-facts').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await photograph(page, 'run');
    await page.getByTestId('nav-hosts').click();
    await expect(page.getByTestId('host-row-db1')).toContainText(/Debian/);
    await photograph(page, 'hosts');

    await page.getByTestId('nav-runs').click();
    await expect(page.getByTestId('nav-runs')).toHaveAttribute('aria-current', 'page');
    await photograph(page, 'runs');

    await page.getByTestId('nav-terminals').click();
    await photograph(page, 'terminals-empty');
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-open-terminal').click();
    await expect(page.getByTestId('terminal-db1').getByTestId('terminal-state')).toHaveText(
      'open',
      { timeout: 20_000 },
    );
    await axe.check('terminal open');
    await photograph(page, 'terminals');

    await page.getByTestId('nav-exec').click();
    await page.getByTestId('exec-target').selectOption('group:db');
    await page.getByTestId('exec-command').fill('uptime');
    await page.getByTestId('exec-run').click();
    await expect(page.getByTestId('exec-summary')).toHaveAttribute('data-status', 'finished', {
      timeout: 30_000,
    });
    await page.getByTestId('exec-host-db1').click();
    await axe.check('exec results');
    await photograph(page, 'exec');

    await page.getByTestId('nav-tunnels').click();
    await expect(page.getByTestId('tunnels-empty')).toBeVisible();
    await photograph(page, 'tunnels');

    await page.getByTestId('nav-mysql').click();
    await page.getByTestId('topology-start').selectOption('db1');
    await expect(page.getByTestId('mysql-topology')).toContainText('db1');
    await axe.check('topology');
    await photograph(page, 'mysql-topology');
    await page.getByTestId('mysql-view-setup').click();
    await photograph(page, 'mysql-setup');

    await page.getByTestId('nav-ec2').click();
    await page.getByTestId('add-account').first().click();
    const form = page.getByTestId('account-form');
    await form.getByTestId('acc-name').fill('fake');
    await form.getByTestId('acc-auth-access-key').click();
    await form.getByTestId('acc-accessKeyId').fill('AKIAFAKE000000000001');
    await form.getByTestId('acc-secretAccessKey').fill('fake-secret-key');
    await form.getByTestId('acc-endpoint').fill(fake.endpoint);
    await photograph(page, 'ec2-account-dialog');
    await page.getByTestId('account-form-submit').click();
    await expect(page.getByTestId('ec2-row-web-0001').first()).toBeVisible();
    await axe.check('instances');
    await photograph(page, 'ec2');

    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-table')).toBeVisible();
    await axe.check();
    await photograph(page, 'audit');

    await page.getByTestId('nav-settings').click();
    await axe.check();
    await photograph(page, 'settings');
  });
});
