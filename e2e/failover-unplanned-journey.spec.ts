import { test, expect } from '../testing/e2e/web-mode';
import {
  DIVERGED_ROWS,
  divergeLabMaster,
  failoverLab,
  killLabMaster,
  startLabMaster,
} from '../testing/e2e/failover-lab';
import { openLabClusterSettings, saveClusterSettings } from '../testing/e2e/failover-ui';
import { expectRunSucceeded } from '../testing/e2e/run-view';
import { labProxy } from '../testing/lab/proxy-lab';

/**
 * The master dies: the MySQL area says so with its reasons, the failover wizard ranks, plans, asks
 * for the cluster's name, and reports what was lost; then "Rebuild redundancy" brings the old
 * master back — its divergence check names the transactions only it had, so it is reseeded from
 * the new master — and the topology shows a redundant cluster again.
 *
 * Every wait is for a state, with its own budget well below the test's; a run that ends badly or a
 * check that errs fails at once with what the screen says. About 1.5 min on an idle machine.
 */
test.describe('unplanned failover journey', () => {
  test.describe.configure({ timeout: 360_000 });
  test.beforeAll(async () => {
    await failoverLab('setup');
  });
  test.afterAll(async () => {
    await failoverLab('teardown');
  });

  test('master killed → dead with reasons → failover wizard → loss reported → rebuild redundancy → redundant cluster', async ({
    web,
    page,
  }) => {
    await openLabClusterSettings(page, web.url);
    // A section the proxy does not have: the writers' pool is offered, previewed, added.
    await page.getByTestId('cs-section').fill('writer_new');
    await page.getByTestId('pool-offer-open').click();
    // The lab proxy's own address: HAProxy binds with SO_REUSEPORT, so a wildcard port would be
    // shared with a parallel lab's proxy.
    await page.locator('#pool-bind').fill(`${labProxy().address}:3310`);
    await expect(page.locator('#pool-check-user')).toHaveValue('haproxy_check');
    await page.getByTestId('pool-plan').click();
    await expect(page.getByTestId('pool-preview')).toContainText('listen writer_new');
    await expect(page.getByTestId('pool-preview')).toContainText('server db1 ');
    await expect(page.getByTestId('pool-create')).toBeDisabled();
    await page.getByTestId('pool-typed').fill('writer_new');
    await page.screenshot({ path: 'test-results/haproxy-pool-offer.png' });
    await page.getByTestId('pool-create').click();
    await expect(page.getByTestId('pool-made').or(page.getByTestId('pool-error'))).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('pool-error')).toHaveCount(0);
    await expect(page.getByTestId('pool-made')).toContainText('db1 shows UP');
    // The journey's failover moves the lab's own writers' section.
    await page.getByTestId('cs-section').fill('writer');
    await expect(page.getByTestId('pool-offer')).toBeHidden();
    await saveClusterSettings(page, 'writer');

    // Rows only db1 has (its replicas stopped fetching): the panel sees them before the crash.
    await divergeLabMaster();
    await expect(page.getByTestId('failover-loss')).toContainText(
      `${DIVERGED_ROWS} transaction(s)`,
      { timeout: 30_000 },
    );
    await killLabMaster();

    // Dead from every angle, with the reasons: the panel offers Failover… — unless the monitor's
    // alert ("a person is needed") opened the wizard first.
    const wizard = page.getByTestId('failover-wizard');
    const deadInPanel = page.getByTestId('master-verdict').filter({ hasText: 'dead' });
    await expect(wizard.or(deadInPanel).first()).toBeVisible({ timeout: 60_000 });
    if (!(await wizard.isVisible())) {
      await expect(page.getByTestId('failover-open')).toBeEnabled();
      await page.screenshot({ path: 'test-results/failover-dead-master.png' });
      await page
        .getByTestId('failover-open')
        .click({ timeout: 5_000 })
        .catch(() => undefined); // the alert may open the wizard in between
    }
    await expect(wizard).toBeVisible();
    await expect(
      wizard.getByText('mysqld is not running on db1 (its host answers SSH), and every replica'),
    ).toBeVisible({ timeout: 30_000 });
    await expect(wizard.getByTestId('rank-chosen')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('wizard-loss')).toContainText(`${DIVERGED_ROWS} transaction(s)`);
    await page.getByTestId('wizard-plan').click();
    await expect(page.getByTestId('plan-step-promote')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('wizard-run').click();

    const gate = page.getByTestId('prompt-gate');
    await expect(gate).toBeVisible({ timeout: 30_000 });
    await expect(gate.getByTestId('gate-approve')).toBeDisabled();
    await gate.getByTestId('gate-typed').fill('shop');
    await gate.getByTestId('gate-approve').click();

    await expectRunSucceeded(page, 120_000);
    // db1's host is back (its mysqld started, the old data): started now, awaited before the
    // rejoin — a lab command may first wait for the machine-wide lab lock.
    const db1Back = startLabMaster().then(
      () => null,
      (err: unknown) => err,
    );
    const report = page.getByTestId('failover-report');
    await expect(report).toBeVisible({ timeout: 15_000 });
    await expect(report).toContainText(/Failover of shop: db1 → db[23]/);
    await expect(page.getByTestId('report-loss')).toContainText(`lost ${DIVERGED_ROWS}`);
    const newMaster = /db1 → (db[23])/.exec((await report.textContent()) ?? '')?.[1] as string;
    const other = newMaster === 'db2' ? 'db3' : 'db2';

    // Rebuild redundancy: db1 rejoins — its check names what only it had, and offers a reseed.
    const rebuild = page.getByTestId('rebuild');
    await expect(rebuild).toBeVisible();
    await expect(page.getByTestId('rebuild-new-replica')).toHaveText(
      `New replica from ${newMaster}…`,
    );
    await rebuild.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/failover-rebuild.png' });
    const notBack = await db1Back;
    if (notBack) throw notBack;
    await page.getByTestId('rebuild-rejoin').click();
    const diverged = page.getByTestId('rebuild-diverged');
    const checkError = page.getByTestId('rebuild-error');
    await expect(diverged.or(checkError)).toBeVisible({ timeout: 60_000 });
    if (await checkError.isVisible())
      throw new Error(`The divergence check erred: ${await checkError.innerText()}`);
    await expect(diverged).toContainText(
      `has ${DIVERGED_ROWS} transaction(s) ${newMaster} never got (0-1-`,
    );
    await page.getByTestId('rebuild-reseed').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/mysql-failover-rebuild.png' });
    await page.getByTestId('rebuild-reseed').click();
    await expect(page.getByTestId('rebuild-check').or(checkError)).toBeVisible({
      timeout: 60_000,
    });
    await expect(checkError).toHaveCount(0);
    await expect(page.getByTestId('rebuild-check')).toContainText(
      `${DIVERGED_ROWS} transaction(s)`,
    );
    await expect(page.getByTestId('plan-step-reseed')).toBeVisible();
    await page.getByTestId('rebuild-run').click();

    await expect(gate).toBeVisible({ timeout: 30_000 });
    await expect(gate.getByTestId('gate-approve')).toBeDisabled();
    await gate.getByTestId('gate-typed').fill('db1');
    await gate.getByTestId('gate-approve').click();
    await expectRunSucceeded(page, 180_000);

    // The topology from the new master: db1 and the other replica replicate from it.
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('topology-start').selectOption(newMaster);
    await expect(page.getByTestId(`topo-node-${newMaster}`)).toHaveAttribute(
      'data-role',
      'master',
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('topo-node-db1')).toHaveAttribute('data-role', 'replica', {
      timeout: 30_000,
    });
    await expect(page.getByTestId(`topo-node-${other}`)).toHaveAttribute('data-role', 'replica');
    await page.screenshot({ path: 'test-results/failover-redundant-again.png', fullPage: true });
  });
});
