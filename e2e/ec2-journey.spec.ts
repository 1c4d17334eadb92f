import type { Page } from '@playwright/test';
import { addAccount, test, expect } from '../testing/e2e/ec2-web';

// Screenshots for looking at the screens (OPSDECK_SHOTS: another folder, as Playwright empties test-results).
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${process.env.OPSDECK_SHOTS ?? 'test-results'}/ec2-${name}.png` });

const rowMenu = async (page: Page, testName: string, action: string) => {
  await page.getByTestId(`ec2-row-${testName}`).click({ button: 'right' });
  await page.getByTestId(action).click();
};

test.describe('EC2 journey', () => {
  test.beforeEach(({ page }) => {
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
  });
  test('account through the UI, all regions merged, details and a terminate confirmation @smoke', async ({
    web,
    fake,
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('nav-ec2').click();
    await expect(page.getByTestId('empty-ec2')).toBeVisible();
    await addAccount(page, fake.endpoint);

    await expect(page.getByTestId('ec2-row-web-0001')).toBeVisible();
    await page.getByTestId('ec2-region').selectOption('all');
    await expect(page.getByTestId('ec2-count')).toHaveText('12 instances');
    await expect(page.getByTestId('ec2-count')).toHaveAttribute('data-loading', 'false');

    await page.getByTestId('ec2-search').fill('db-0003 eu-west');
    await expect(page.getByTestId('ec2-count')).toHaveText('1 of 12');
    await page.getByTestId('ec2-search').fill('');
    await page.getByTestId('ec2-row-db-0003').first().click();
    await expect(page.getByTestId('ec2-details')).toContainText('db-0003');
    await shot(page, 'instances-all-regions');

    await page.getByTestId('ec2-search').fill('app-0002 us-east-1');
    await expect(page.getByTestId('ec2-count')).toHaveText('1 of 12');
    await rowMenu(page, 'app-0002', 'ec2-action-terminate');
    const dialog = page.getByTestId('confirm-terminate');
    await expect(dialog).toContainText('app-0002');
    await expect(page.getByTestId('ec2-confirm-submit')).toBeDisabled();
    await page.getByTestId('ec2-confirm-typed').fill('app-0002');
    await shot(page, 'confirm-terminate');
    await page.getByTestId('ec2-confirm-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('ec2-row-app-0002')).toContainText(/shutting-down|terminated/);
  });

  test('launch through the wizard, follow it to running, create + attach a volume, move an elastic IP', async ({
    web,
    fake,
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(web.url);
    await page.getByTestId('nav-ec2').click();
    await addAccount(page, fake.endpoint);
    await expect(page.getByTestId('ec2-row-web-0001')).toBeVisible();

    // Launch wizard: AMI
    await page.getByTestId('ec2-launch').click();
    await expect(page.getByTestId('launch-wizard')).toBeVisible();
    await page.getByTestId('w-ami-owner').selectOption('mine+amazon');
    await page.getByTestId('w-ami-search').fill('al2023');
    await page.getByTestId('w-ami-al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64').click();
    await expect(page.getByTestId('w-ami-chosen')).toContainText('al2023');
    await shot(page, 'wizard-1-ami');
    await page.getByTestId('wizard-next').click();
    // Instance
    await page.getByTestId('w-name').fill('mysite-db01');
    await page.getByTestId('w-type').fill('t3.small');
    await page.getByTestId('w-zone').selectOption('us-east-1b');
    await shot(page, 'wizard-2-instance');
    await page.getByTestId('wizard-next').click();
    // Key pair (default: new, named after the instance) and groups
    await expect(page.getByTestId('w-key-new')).toBeChecked();
    await expect(page.getByText('Create a new key pair mysite-db01')).toBeVisible();
    await page.getByTestId('w-group-db').check();
    await shot(page, 'wizard-3-access');
    await page.getByTestId('wizard-next').click();
    // User data: the base template with variables
    await page.getByTestId('w-ud-template').selectOption('base');
    await page.getByTestId('w-ud-packages').fill('mariadb-server curl');
    await expect(page.getByTestId('w-ud-rendered')).toContainText(
      'install_packages mariadb-server curl',
    );
    await expect(page.getByTestId('w-ud-rendered')).toContainText(
      'hostnamectl set-hostname mysite-db01',
    );
    await shot(page, 'wizard-4-userdata');
    await page.getByTestId('wizard-next').click();
    // Volumes and tags
    await page.getByTestId('w-add-volume').click();
    await page.getByTestId('w-vol-size-0').fill('50');
    await page.getByTestId('w-tag-key-0').fill('Env');
    await page.getByTestId('w-tag-value-0').fill('prod');
    await shot(page, 'wizard-5-storage');
    await page.getByTestId('wizard-next').click();
    // Review: the AWS CLI equivalent
    const cli = page.getByTestId('launch-cli');
    await expect(cli).toContainText('aws ec2 create-key-pair');
    await expect(cli).toContainText('--key-name mysite-db01');
    await expect(cli).toContainText('--placement AvailabilityZone=us-east-1b');
    await expect(cli).toContainText('"DeviceName":"/dev/sdf"');
    await shot(page, 'wizard-6-review');
    await page.getByTestId('launch-submit').click();

    // Followed to running
    await expect(page.getByTestId('launch-follow')).toBeVisible();
    await expect(page.getByTestId('launch-next')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('launched-instances')).toContainText('running');
    await shot(page, 'launch-running');
    const instanceId = (await page
      .getByTestId('launched-instances')
      .locator('tbody td')
      .first()
      .textContent())!.trim();
    expect(instanceId).toMatch(/^i-/);

    // It appears in the Instances table, running (the table refetched on ec2.changed / refresh)
    await page.getByTestId('launch-show').click();
    await expect(page.getByTestId('ec2-row-mysite-db01')).toContainText('running');

    // Create a volume in its zone, then attach it
    await rowMenu(page, 'mysite-db01', 'ec2-action-create-volume');
    await expect(page.getByTestId('vol-zone')).toHaveValue('us-east-1b');
    await page.getByTestId('vol-size').fill('30');
    await page.getByTestId('vol-name').fill('mysite-db01-data');
    await expect(page.getByTestId('volume-create-summary')).toContainText('30 GiB gp3');
    await page.getByTestId('volume-create-submit').click();
    await page.getByTestId('ec2-nav-volumes').click();
    await expect(page.getByTestId('ec2-row-mysite-db01-data')).toContainText('available', {
      timeout: 20_000,
    });
    await rowMenu(page, 'mysite-db01-data', 'ec2-action-attach-volume');
    await page.getByTestId('att-instance').selectOption(instanceId);
    await expect(page.getByTestId('att-device')).toHaveValue('/dev/sdg'); // sdf came with the launch
    await expect(page.getByTestId('volume-attach-summary')).toContainText(instanceId);
    await shot(page, 'attach-dialog');
    await page.getByTestId('volume-attach-submit').click();
    await expect(page.getByTestId('ec2-row-mysite-db01-data')).toContainText('in-use', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('ec2-row-mysite-db01-data')).toContainText(
      `${instanceId} /dev/sdg`,
    );
    await shot(page, 'volumes');

    // Elastic IP: associate the spare one with web-0001, then move it to the new instance in one step
    await page.getByTestId('ec2-nav-addresses').click();
    const spare = fake.region('us-east-1');
    const eip = [...spare.addresses.values()][0]!.publicIp;
    await rowMenu(page, eip, 'ec2-action-associate-address');
    const web1 = [...spare.instances.values()].find((i) => i.tags.get('Name') === 'web-0001')!;
    await page.getByTestId('eip-instance').selectOption(web1.instanceId);
    await page.getByTestId('address-associate-submit').click();
    await expect(page.getByTestId(`ec2-row-${eip}`)).toContainText(web1.instanceId);

    await rowMenu(page, eip, 'ec2-action-move');
    await page.getByTestId('eip-instance').selectOption(instanceId);
    await expect(page.getByTestId('address-associate-summary')).toContainText('in one step');
    await shot(page, 'move-eip');
    await page.getByTestId('address-associate-submit').click();
    await expect(page.getByTestId(`ec2-row-${eip}`)).toContainText(instanceId);
    await shot(page, 'elastic-ips');
    const moves = fake.requests.filter((r) => r.action === 'AssociateAddress' && r.status === 200);
    expect(moves).toHaveLength(2);

    // Every change is in the audit log
    await page.getByTestId('nav-audit').click();
    for (const a of ['ec2.instances.launch', 'ec2.volumes.attach', 'ec2.addresses.move'])
      await expect(page.getByText(a).first()).toBeVisible();
  });
});
