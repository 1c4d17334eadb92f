import type { Page } from '@playwright/test';
import { addAccount as addFakeAccount, test, expect } from '../testing/e2e/ec2-web';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${process.env.OPSDECK_SHOTS ?? 'test-results'}/ec2-${name}.png` });

/** The EC2 area with an account on the fake (ec2-web's dialog steps) and its instances listed. */
async function addAccount(page: Page, endpoint: string, name = 'fake') {
  await page.getByTestId('nav-ec2').click();
  await addFakeAccount(page, endpoint, name);
  await expect(page.getByTestId('ec2-row-web-0001').first()).toBeVisible();
}

test.describe('EC2 screens', () => {
  test('a failing region is a warning strip; columns and filters; tags', async ({
    web,
    fake,
    page,
  }) => {
    await page.goto(web.url);
    await addAccount(page, fake.endpoint);
    fake.faults.unauthorized('DescribeInstances', { region: 'eu-west-1', count: 100 });
    await page.getByTestId('ec2-region').selectOption('all');
    await expect(page.getByTestId('ec2-failed-regions')).toContainText('fake/eu-west-1');
    await expect(page.getByTestId('ec2-count')).toHaveText('6 instances');
    await page.getByTestId('ec2-failed-regions').getByRole('button', { name: 'Why?' }).click();
    await expect(page.getByTestId('ec2-failed-regions')).toContainText('ec2:DescribeInstances');
    await shot(page, 'failed-region');
    fake.faults.clear();

    // Columns: show Public DNS, hide Key pair; remembered after a reload.
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-publicDns').check();
    await page.getByTestId('column-key').uncheck();
    await shot(page, 'column-chooser');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('columnheader', { name: 'Public DNS' })).toBeVisible();
    await page.reload();
    await page.getByTestId('nav-ec2').click();
    await expect(page.getByRole('columnheader', { name: 'Public DNS' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Key pair' })).toHaveCount(0);

    // Facet filter: only t3.micro
    await page.getByTestId('facet-type').click();
    await page.getByTestId('facet-type-t3.micro').check();
    await shot(page, 'facet');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('ec2-count')).toHaveText('4 of 12');
    await page.getByRole('button', { name: 'Clear' }).click();

    // Sort by launch time, descending
    await page.getByRole('columnheader', { name: 'Launched' }).click();
    await page.getByRole('columnheader', { name: 'Launched' }).click();
    await expect(page.getByRole('columnheader', { name: 'Launched' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );

    // Tags on two instances at once (multi-select)
    await page.getByTestId('ec2-search').fill('us-east-1 web-000');
    await expect(page.getByTestId('ec2-count')).toHaveText('2 of 12');
    await page.getByTestId('ec2-row-web-0001').click();
    await page.getByTestId('ec2-row-web-0006').click({ modifiers: ['Shift'] });
    await page.getByTestId('ec2-row-web-0006').click({ button: 'right' });
    await page.getByTestId('ec2-action-tags').click();
    const form = page.getByTestId('tags-form');
    await expect(form.getByPlaceholder('(differs: unchanged)')).toHaveCount(2); // Name and Env differ
    await form.getByPlaceholder('New key').fill('Team');
    const values = form.getByLabel('Tag value'); // a new empty row follows the one just keyed
    await values.nth((await values.count()) - 2).fill('payments');
    await expect(page.getByTestId('tags-form-summary')).toHaveText(
      /^set Team=payments\s*on 2 resources/,
    );
    await shot(page, 'tags');
    await page.getByTestId('tags-form-submit').click();
    await expect(page.getByTestId('ec2-row-web-0001')).toContainText('Team=payments');
    await expect(page.getByTestId('ec2-row-web-0006')).toContainText('Team=payments');
    await expect(page.getByTestId('ec2-row-web-0006')).toContainText('Role=web');
  });

  test('SSH from a row adds the host with instance id, region and tags and opens it', async ({
    web,
    fake,
    page,
  }) => {
    await page.goto(web.url);
    await addAccount(page, fake.endpoint);
    await page.getByTestId('ec2-row-web-0001').click({ button: 'right' });
    await page.getByTestId('ec2-action-ssh').click();
    await expect(page.getByTestId('ssh-user')).toHaveValue('ec2-user');
    await expect(page.getByTestId('ssh-form')).toContainText('public IP');
    await page.getByTestId('ssh-user').fill('admin');
    await shot(page, 'ssh-dialog');
    await page.getByTestId('ssh-form-submit').click();
    await expect(page.getByTestId('host-details-web-0001')).toBeVisible();
    await expect(page.getByTestId('host-details-web-0001')).toContainText('ec2');
    await expect(page.getByTestId('host-details-web-0001')).toContainText(/ec2:i-/);
    await expect(page.getByTestId('host-details-web-0001')).toContainText('region:us-east-1');
    await shot(page, 'ssh-host');

    // Console output, then stop and start (each confirmed, naming the instance)
    await page.getByTestId('nav-ec2').click();
    await page.getByTestId('ec2-row-web-0006').click({ button: 'right' });
    await page.getByTestId('ec2-action-console').click();
    await expect(page.getByTestId('console-text')).toContainText('Cloud-init');
    await page.keyboard.press('Escape');
    await page.getByTestId('ec2-row-web-0006').click({ button: 'right' });
    await page.getByTestId('ec2-action-stop').click();
    await expect(page.getByTestId('ec2-confirm-items')).toContainText('web-0006');
    await page.getByTestId('ec2-confirm-submit').click();
    await expect(page.getByTestId('ec2-row-web-0006')).toContainText('stopped', {
      timeout: 20_000,
    });
    await page.getByTestId('ec2-row-web-0006').click({ button: 'right' });
    await page.getByTestId('ec2-action-start').click();
    await page.getByTestId('ec2-confirm-submit').click();
    await expect(page.getByTestId('ec2-row-web-0006')).toContainText('running', {
      timeout: 20_000,
    });
  });

  test('security groups: add a rule, replace a CIDR everywhere (plan, then typed confirmation)', async ({
    web,
    fake,
    page,
  }) => {
    await page.goto(web.url);
    await addAccount(page, fake.endpoint);
    await page.getByTestId('ec2-nav-securityGroups').click();
    await page.getByTestId('ec2-row-db').click();
    await expect(page.getByTestId('ec2-details')).toContainText('3306');
    await page.getByTestId('add-rule').click();
    await page.getByTestId('rule-ports').fill('9100');
    await page.getByTestId('rule-source').fill('10.20.0.0/16');
    await expect(page.getByTestId('rule-form-summary')).toContainText('tcp 9100 from 10.20.0.0/16');
    await page.getByTestId('rule-form-submit').click();
    await expect(page.getByTestId('ec2-details')).toContainText('10.20.0.0/16');
    await shot(page, 'security-groups');

    await page.getByTestId('ec2-replace-cidr').click();
    await page.getByTestId('cidr-from').fill('203.0.113.0/24');
    await page.getByTestId('cidr-to').fill('198.51.100.0/24');
    await page.getByTestId('replace-cidr').getByText('Every region of fake').click();
    await page.getByTestId('replace-cidr-submit').click();
    await expect(page.getByTestId('cidr-plan')).toContainText('planned');
    await expect(page.getByTestId('cidr-plan').locator('tbody tr')).toHaveCount(4); // web + db, 2 regions
    await expect(page.getByTestId('replace-cidr-submit')).toBeDisabled();
    await page.getByTestId('cidr-typed').fill('203.0.113.0/24');
    await shot(page, 'replace-cidr');
    await page.getByTestId('replace-cidr-submit').click();
    await expect(page.getByTestId('cidr-plan')).toContainText('replaced');
    await page.getByTestId('replace-cidr-submit').click();
    await expect(page.getByTestId('ec2-details')).toContainText('198.51.100.0/24');
    await expect(page.getByTestId('ec2-details')).not.toContainText('203.0.113.0/24');
  });

  test('key pair, snapshot and volume from snapshot, AMIs, zones', async ({ web, fake, page }) => {
    await page.goto(web.url);
    await addAccount(page, fake.endpoint);
    await page.getByTestId('ec2-nav-keyPairs').click();
    await page.getByTestId('ec2-create-key').click();
    await page.getByTestId('key-name').fill('ops-2025');
    await page.getByTestId('key-create-submit').click();
    await expect(page.getByTestId('key-path')).toContainText('fake-us-east-1-ops-2025.pem');
    await page.getByTestId('key-created-submit').click();
    await expect(page.getByTestId('ec2-row-ops-2025')).toBeVisible();
    await shot(page, 'key-pairs');

    await page.getByTestId('ec2-nav-volumes').click();
    await page.getByTestId('ec2-row-spare-data').click({ button: 'right' });
    await page.getByTestId('ec2-action-snapshot').click();
    await page.getByTestId('snapshot-create-submit').click();
    await page.getByTestId('ec2-nav-snapshots').click();
    await expect(page.getByTestId('ec2-table-snapshots')).toContainText('spare-data-');
    await expect(page.getByTestId('ec2-table-snapshots')).toContainText('pending');
    await shot(page, 'snapshots-pending');
    await expect(page.getByTestId('ec2-table-snapshots').getByText('pending')).toHaveCount(0, {
      timeout: 20_000,
    });
    const snap = page
      .getByTestId('ec2-table-snapshots')
      .locator('[data-testid^="ec2-row-spare-data-"]');
    await snap.click({ button: 'right' });
    await page.getByTestId('ec2-action-volume-from-snapshot').click();
    await expect(page.getByTestId('vol-size')).toHaveValue('20');
    await page.getByTestId('vol-name').fill('restored');
    await page.getByTestId('volume-create-submit').click();
    await page.getByTestId('ec2-nav-volumes').click();
    await expect(page.getByTestId('ec2-row-restored')).toBeVisible();

    await page.getByTestId('ec2-nav-images').click();
    await page.getByTestId('ami-owner').selectOption('amazon');
    await page.getByTestId('ami-name').fill('al2023');
    await expect(page.getByTestId('ec2-count')).toHaveText('2 AMIs');
    await shot(page, 'amis');
    await page.getByTestId('ec2-nav-zones').click();
    await page.getByTestId('ec2-region').selectOption('all');
    await expect(page.getByTestId('ec2-count')).toHaveText('6 zones');
    await shot(page, 'zones');
  });

  test('two accounts side by side get an Account column', async ({ web, fake, page }) => {
    await page.goto(web.url);
    await addAccount(page, fake.endpoint, 'prod');
    await addAccount(page, `${fake.endpoint}/{region}/`, 'staging');
    await expect(page.getByTestId('account-prod')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('account-staging')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('ec2-count')).toHaveText('12 instances');
    await expect(page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
    await shot(page, 'two-accounts');
    await page.getByTestId('account-staging').click(); // only this one
    await expect(page.getByTestId('ec2-count')).toHaveText('6 instances');
    await expect(page.getByRole('columnheader', { name: 'Account' })).toHaveCount(0);

    // The palette: launch an instance from anywhere
    await page.getByTestId('nav-hosts').click();
    await page.keyboard.press('Control+k');
    await page.getByTestId('command-palette-input').fill('launch ec2');
    await page.getByTestId('palette-ec2:launch').click();
    await expect(page.getByTestId('launch-wizard')).toContainText('staging');
  });
});
