import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${process.env.OPSDECK_SHOTS ?? 'test-results'}/workflows-${name}.png` });

test.describe('workflows: many hosts, gates @smoke', () => {
  test('plan facts on three hosts, step through the run at its gate, see each host finish', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');

    // Select the three hosts, plan facts collection on all of them.
    await page.getByTestId('host-row-db1').click();
    await page.getByTestId('host-row-db3').click({ modifiers: ['Shift'] });
    await page.getByTestId('host-row-db2').click({ button: 'right' });
    await expect(page.getByTestId('action-plan-facts')).toHaveText(
      'Plan facts collection on 3 hosts (dry run)',
    );
    await page.getByTestId('action-plan-facts').click();

    // The plan, by host: three targets, one child each, reads only.
    const plan = page.getByTestId('plan');
    await expect(plan.getByTestId('plan-hosts')).toBeVisible({ timeout: 20_000 });
    for (const h of ['db1', 'db2', 'db3']) {
      await expect(plan.getByTestId(`plan-host-${h}`)).toContainText(/\d+ reads/);
      await expect(plan.getByTestId(`plan-child-${h}`)).toBeVisible();
    }
    await expect(plan).toContainText('3 hosts, 8 at once');
    await shot(page, 'plan-many-hosts');
    // One host only.
    await plan.getByTestId('plan-host-db2').click();
    await expect(plan.getByTestId('plan-child-db1')).toHaveCount(0);
    await expect(plan.getByTestId('plan-child-db2')).toBeVisible();
    // The targets are tabs: the arrows move to the next host, Home back to all of them.
    await page.keyboard.press('ArrowRight');
    await expect(plan.getByTestId('plan-host-db3')).toBeFocused();
    await expect(plan.getByTestId('plan-host-db3')).toHaveAttribute('aria-selected', 'true');
    await expect(plan.getByTestId('plan-child-db2')).toHaveCount(0);
    await page.keyboard.press('Home');
    await expect(plan.getByTestId('plan-host-*')).toHaveAttribute('aria-selected', 'true');
    await expect(plan.getByTestId('plan-child-db1')).toBeVisible();

    // Run it from the plan, stopping for a go-ahead before the step.
    await page.getByTestId('plan-step-through').check();
    await page.getByTestId('plan-run-start').click();
    await expect(page.getByTestId('run-status')).toHaveText('waiting', { timeout: 20_000 });
    // Every door is asked: here as a dialog, which can be left for the run view.
    const dialog = page.getByTestId('prompt-gate');
    await expect(dialog).toContainText('Paused before “Read OS, disks and MySQL');
    await dialog.getByTestId('gate-later').click();
    await expect(dialog).toHaveCount(0);
    const gate = page.getByTestId('run-gate');
    await expect(gate).toContainText('Waiting for you: Paused before');
    await expect(page.getByTestId('run-step-collect')).toHaveAttribute('data-status', 'waiting');
    await shot(page, 'run-waiting-gate');

    await gate.getByTestId('gate-approve').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await expect(page.getByTestId('run-gate')).toHaveCount(0);
    for (const h of ['db1', 'db2', 'db3'])
      await expect(page.getByTestId(`run-child-${h}`)).toHaveAttribute('data-status', 'done');
    // One host's log only.
    await page.getByTestId('run-child-db3').click();
    await expect(page.getByTestId('run-log')).toContainText('hostname db3');
    await expect(page.getByTestId('run-log')).not.toContainText('hostname db1');
    await expect(page.getByTestId('run-facts')).toContainText('db2');
    await shot(page, 'run-many-hosts');
  });
});
