import { test, expect, resetStockHost } from '../testing/e2e/stock-web';

/**
 * The acceptance in the GUI: two servers exactly as Debian installs MariaDB, imported from
 * ~/.ssh/config (a login with passwordless sudo, keys in ~/.ssh/known_hosts). The user opens the
 * MySQL area and sets up replication with two ticks of consent — no account created, no path
 * typed, no file edited by hand. Then the host view and form show what was detected.
 */
test.describe('stock servers journey', () => {
  test.describe.configure({ timeout: 240_000 });

  test('import ~/.ssh/config, detect MySQL, replicate with two consents, see the detected profile', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('import-ssh-config').click();
    await expect(page.getByTestId('import-result')).toContainText('peer1');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('host-row-peer2')).toBeVisible();

    // MySQL area: the imported hosts were never checked; detect them (facts + profile).
    await page.getByTestId('nav-mysql').click();
    await expect(page.getByTestId('mysql-detect-banner')).toContainText('peer1, peer2');
    await page.screenshot({ path: 'test-results/stock-mysql-detect.png' });
    await page.getByTestId('mysql-detect').click();
    await expect(page.getByTestId('mysql-detect-banner')).toBeHidden({ timeout: 60_000 });

    // The wizard: both offers appear (binlog off on the master; server_id 1 on both).
    await page.getByTestId('mysql-view-setup').click();
    await page.getByTestId('rs-master').selectOption('peer1');
    await page.getByTestId('rs-replica').selectOption('peer2');
    await expect(page.getByTestId('rs-binlog-box')).toContainText(
      '/etc/mysql/mariadb.conf.d/50-server.cnf',
    );
    await expect(page.getByTestId('rs-binlog-box')).toContainText('service mariadb restart');
    await expect(page.getByTestId('rs-server-id-box')).toContainText(
      'peer2 has server_id 1, like peer1',
    );
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-server-id')).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('rs-check-binlog')).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('rs-run')).toBeDisabled();

    // Two ticks of consent, then check and plan: the fixes are in the plan before the run.
    await page.locator('#rs-enable-binlog').check();
    await page.locator('#rs-fix-server-id').check();
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-server-id')).toHaveAttribute('data-level', 'warning');
    await expect(page.getByTestId('plan-step-fix-server-id')).toContainText(
      'SET GLOBAL server_id = 2',
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('plan-step-enable-binlog')).toContainText(
      'service mariadb restart',
    );
    await page.screenshot({ path: 'test-results/stock-wizard-plan.png', fullPage: true });

    const started = performance.now();
    await page.getByTestId('rs-run').click();
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded|failed/, {
      timeout: 120_000,
    });
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    console.info(
      `stock replication in the GUI (sudo logins): Run → succeeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await expect(page.getByTestId('run-step-fix-server-id')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('run-step-verify')).toHaveAttribute('data-status', 'done');
    await page.screenshot({ path: 'test-results/stock-run.png', fullPage: true });

    // The host view: the MySQL login is automatic, the profile values marked detected.
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-peer2').click({ button: 'right' });
    await page.getByTestId('action-open').click();
    const details = page.getByTestId('host-details-peer2');
    await expect(details.getByTestId('host-mysql-login')).toContainText(
      'root over SSH to /run/mysqld/mysqld.sock, as root through sudo -n from admin',
    );
    await expect(details.getByTestId('host-access')).toContainText('sudo without a password');
    await expect(details.getByTestId('profile-mysqlConfigPath')).toContainText(
      '/etc/mysql/mariadb.conf.d/50-server.cnf',
    );
    await expect(details.getByTestId('profile-origin-mysqlConfigPath')).toHaveText('detected');
    await page.screenshot({ path: 'test-results/stock-host-details.png', fullPage: true });

    // The form: MySQL login, ProxyJump and the profile editor; a value typed becomes "yours".
    await details.getByRole('button', { name: 'Edit…' }).click();
    const form = page.getByTestId('host-form');
    await expect(form.getByTestId('hf-mysql')).toContainText('Automatic');
    await expect(form.getByTestId('hf-proxyJump')).toBeVisible();
    await expect(form.locator('#hf-profile-mysqlServiceRestart')).toHaveAttribute(
      'placeholder',
      'service mariadb restart',
    );
    await form.locator('#hf-profile-mysqlServiceRestart').fill('/etc/init.d/mariadb restart');
    await page.screenshot({ path: 'test-results/stock-host-form.png', fullPage: true });
    await page.getByTestId('host-form-submit').click();
    await expect(form).toBeHidden();
    await expect(details.getByTestId('profile-origin-mysqlServiceRestart')).toHaveText('yours');
    await expect(details.getByTestId('profile-mysqlServiceRestart')).toContainText(
      'detected: service mariadb restart',
    );

    // The audited host-key replacement: only the exact fingerprint the server presents.
    await details.getByTestId('host-replace-key').click();
    const dialog = page.getByTestId('replace-host-key');
    const presented = (await dialog.getByTestId('replace-host-key-presented').textContent()) ?? '';
    const fingerprint = presented.split(' ').pop() ?? '';
    await dialog.getByTestId('replace-host-key-typed').fill('SHA256:not-it');
    await expect(dialog.getByTestId('replace-host-key-confirm')).toBeDisabled();
    await dialog.getByTestId('replace-host-key-typed').fill(fingerprint);
    await page.screenshot({ path: 'test-results/stock-replace-key.png' });
    await dialog.getByTestId('replace-host-key-confirm').click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('nav-audit').click();
    await expect(page.getByText('ssh.host-key.replace').first()).toBeVisible();
  });

  test('a master that listens only on 127.0.0.1: the check offers the bind-address fix, and it goes into the plan', async ({
    web,
    page,
  }) => {
    // stock1 (peer1) as the package ships bind-address; put back by the fixture afterwards.
    resetStockHost('stock1', '--bind-loopback');
    await page.goto(web.url);
    await page.getByTestId('import-ssh-config').click();
    await expect(page.getByTestId('import-result')).toContainText('peer1');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-mysql').click();
    await page.getByTestId('mysql-detect').click();
    await expect(page.getByTestId('mysql-detect-banner')).toBeHidden({ timeout: 60_000 });

    await page.getByTestId('mysql-view-setup').click();
    await page.getByTestId('rs-master').selectOption('peer1');
    await page.getByTestId('rs-replica').selectOption('peer2');
    await page.locator('#rs-enable-binlog').check();
    await page.locator('#rs-fix-server-id').check();
    // Only the check can tell that peer2 cannot reach peer1: the offer appears with it.
    await expect(page.getByTestId('rs-bind-box')).toBeHidden();
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-network')).toHaveAttribute('data-level', 'error');
    const box = page.getByTestId('rs-bind-box');
    await expect(box).toContainText('peer1 listens only on 127.0.0.1 (bind-address)');
    await expect(box).toContainText('the same restart as the binary log');
    await expect(page.getByTestId('rs-run')).toBeDisabled();
    await page.screenshot({ path: 'test-results/stock-bind-offer.png', fullPage: true });

    await page.locator('#rs-fix-bind-address').check();
    await page.getByTestId('rs-plan').click();
    await expect(page.getByTestId('rs-check-network')).toHaveAttribute('data-level', 'warning');
    await expect(page.getByTestId('plan-step-fix-bind-address')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('plan-step-enable-binlog')).toContainText(
      'service mariadb restart',
    );
    await expect(page.getByTestId('rs-run')).toBeEnabled();
    await page.screenshot({ path: 'test-results/stock-bind-plan.png', fullPage: true });
  });
});
