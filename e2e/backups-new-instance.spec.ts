import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addAccount, expect, test } from '../testing/e2e/ec2-web';
import { openWithLab } from '../testing/e2e/web-mode';
import { sql } from '../testing/lab/mysql-lab';

/**
 * A restore test on a new EC2 instance, from the Backups area: with an account on the fake EC2,
 * take a dump of db1, open "On a new instance…", pick the AMI in the launch wizard's own step
 * (listed newest first by the core), read the review (type, AMI, cost, kept or terminated) that
 * every start goes through, and the plan — launch, wait, restore as a child run, terminate —
 * before anything is launched. (The run itself is lab-tested in
 * core/workflows/backup-restore-instance/new-instance.itest.ts.)
 */
const root = resolve(import.meta.dirname, '..');
let dir = '';
const DB = 'opsdeck_e2enewinst';

test.describe('restore test on a new instance', () => {
  test.describe.configure({ timeout: 180_000 });
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-e2e-new-instance-'));
    await sql(
      'db1',
      `CREATE DATABASE IF NOT EXISTS ${DB}; CREATE TABLE IF NOT EXISTS ${DB}.t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT IGNORE INTO ${DB}.t VALUES (1), (2), (3)`,
    );
  });
  test.afterAll(async () => {
    await sql('db1', `DROP DATABASE IF EXISTS ${DB}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('pick what to launch with the wizard’s steps, plan it, nothing launched', async ({
    web,
    fake,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('nav-ec2').click();
    await addAccount(page, fake.endpoint);

    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-host').selectOption({ label: 'db1' });
    await page.getByTestId('backup-kind').selectOption('dump');
    await page.getByTestId('backup-to').fill(`file://${dir}`);
    await page.getByTestId('backup-run').click();
    await expect(page.getByTestId('backup-action')).toContainText('succeeded', {
      timeout: 120_000,
    });
    await page.locator('[data-testid^="backup-row-"]').first().click();

    await page.getByTestId('backup-new-instance-test').click();
    const dialog = page.getByTestId('new-instance-test-dialog');
    await expect(dialog.getByTestId('w-account')).toHaveValue('fake');
    await expect(dialog.getByTestId('new-instance-test-start')).toBeDisabled();
    await dialog.getByTestId('w-ami-search').fill('al2023');
    await dialog.getByTestId('w-ami-al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64').click();
    await expect(dialog.getByTestId('w-ami-chosen')).toContainText('al2023');
    await dialog.getByTestId('new-instance-part-instance').click();
    await dialog.getByTestId('w-type').fill('t3.large');
    await dialog.getByTestId('new-instance-part-test').click();
    await dialog.getByTestId('new-instance-ssh-user').fill('admin');
    // Every start goes through the review: the button leads there first.
    const start = dialog.getByTestId('new-instance-test-start');
    await expect(start).toBeEnabled();
    await expect(start).toHaveText('Review…');
    await start.click();
    const review = dialog.getByTestId('new-instance-review');
    await expect(review.getByTestId('new-instance-review-type')).toHaveText('t3.large');
    await expect(review.getByTestId('new-instance-review-ami')).toContainText('al2023');
    await expect(review.getByTestId('new-instance-review-cost')).toContainText('≈ $0.083/h');
    await expect(review.getByTestId('new-instance-review-login')).toHaveText('admin');
    await expect(review.getByTestId('new-instance-review-afterwards')).toContainText('terminated');
    await dialog.getByTestId('new-instance-part-test').click();
    await dialog.getByTestId('new-instance-keep').check();
    await dialog.getByTestId('new-instance-part-review').click();
    await expect(review.getByTestId('new-instance-review-afterwards')).toContainText(
      'KEPT, passed or failed — still billed',
    );
    await expect(review.getByTestId('new-instance-review-cost')).toContainText('/day while kept');
    await expect(start).toHaveText('Launch and test');
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({
        path: join(root, 'docs', 'screenshots', 'backups-new-instance.png'),
      });
    await dialog.getByTestId('new-instance-part-test').click();
    await dialog.getByTestId('new-instance-keep').uncheck();

    await dialog.getByTestId('new-instance-test-plan').click();
    await expect(dialog).toBeHidden();
    const plan = page.getByTestId('backup-plan-text');
    await expect(plan).toContainText(/launch restore-\S+ \(t3\.large, ami-\w+\)/);
    await expect(plan).toContainText('terminate <the launched instance>');
    expect(fake.requests.some((r) => r.action === 'RunInstances')).toBe(false);
  });
});
