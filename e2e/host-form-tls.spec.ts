import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, openWithLab, test } from '../testing/e2e/web-mode';
import { labInventory } from '../testing/lab/lab';

/**
 * Issues 11 #6 and 12 #4: verified TLS of a direct MySQL login is set in the host form — no JSON
 * typed anywhere. A CA path that cannot be used is refused with what to do, and the saved login
 * (the lab MariaDB's certificate, the lab CA) is then the one the MySQL area uses.
 */
test.describe('host form: direct MySQL with verified TLS', () => {
  test('tick Verify TLS, give the CA file, save; bad paths are refused; the topology loads over it', async ({
    web,
    page,
  }) => {
    const inventory = labInventory();
    const db1 = inventory.hosts.find((h) => h.name === 'db1');
    if (!inventory.tlsCa || !db1) throw new Error('The lab has no TLS CA: run scripts/lab/lab up.');
    await openWithLab(page, web);
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-open').click();
    const details = page.getByTestId('host-details-db1');
    await details.getByRole('button', { name: 'Edit…' }).click();
    const form = page.getByTestId('host-form');

    // Direct TCP: the TLS toggle appears, off, with the warning; the fields come with the tick.
    await expect(form.locator('#hf-mysql-tls')).toHaveCount(0);
    await form.getByText('Direct TCP', { exact: true }).click();
    await expect(form.locator('#hf-mysql-via-direct')).toBeChecked();
    const tls = form.locator('#hf-mysql-tls');
    await expect(tls).not.toBeChecked();
    await expect(form.getByTestId('hf-mysql-tls-fields')).toContainText('unencrypted');
    await expect(form.locator('#hf-mysql-caFile')).toHaveCount(0);
    // By keyboard (as an ops user tabbing through the form would): focus, Space.
    await tls.focus();
    await page.keyboard.press('Space');
    await expect(tls).toBeChecked();
    await form.locator('#hf-mysql-address').fill(db1.address);
    const caFile = form.locator('#hf-mysql-caFile');
    await expect(form.locator('#hf-mysql-tlsServerName')).toHaveAttribute(
      'placeholder',
      db1.address,
    );

    // A relative path is an error on its field; a missing file is refused by the core, said.
    await caFile.fill('lab-ca.pem');
    await page.getByTestId('host-form-submit').click();
    await expect(form).toContainText('Use the full path of a PEM file');
    await expect(caFile).toBeFocused();
    const missing = join(tmpdir(), 'opsdeck-no-such-ca.pem');
    await caFile.fill(missing);
    await page.getByTestId('host-form-submit').click();
    await expect(form).toContainText(`The CA file ${missing} does not exist.`);
    await expect(form).toContainText('PEM file on this machine');

    await caFile.fill(inventory.tlsCa);
    await page.screenshot({ path: 'test-results/host-form-mysql-tls.png', fullPage: true });
    await form
      .getByTestId('hf-mysql')
      .screenshot({ path: 'docs/screenshots/host-form-mysql-tls.png' });
    await page.getByTestId('host-form-submit').click();
    await expect(form).toBeHidden();
    await expect(details.getByTestId('host-mysql-login')).toContainText(
      `directly with verified TLS (CA ${inventory.tlsCa})`,
    );

    // The form reads it back as saved.
    await details.getByRole('button', { name: 'Edit…' }).click();
    await expect(form.locator('#hf-mysql-tls')).toBeChecked();
    await expect(form.locator('#hf-mysql-caFile')).toHaveValue(inventory.tlsCa);
    await page.keyboard.press('Escape');
    await expect(form).toBeHidden();

    // The MySQL area reaches db1 over the verified TLS login.
    await page.getByTestId('nav-mysql').click();
    await page.getByTestId('topology-start').selectOption('db1');
    await expect(page.getByTestId('topo-node-db1')).toBeVisible({ timeout: 30_000 });
  });
});
