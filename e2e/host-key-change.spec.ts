import { startTestSshd, type TestSshd } from '../testing/ssh/sshd';
import { labAddress } from '../testing/lab/lab';
import { test, expect } from '../testing/e2e/web-mode';

/**
 * The changed-key flow in the window: a server known by its ed25519 key comes back with an RSA
 * key only (reinstall, or a man-in-the-middle). Opsdeck refuses it as changed — not as a new host
 * — and replaces the key only when the fingerprint verified out of band is pasted.
 */
let sshd: TestSshd;
test.beforeAll(async () => {
  sshd = await startTestSshd(labAddress(1), 2213);
});
test.afterAll(async () => {
  await sshd?.stop();
});

test('a host known by ed25519 that presents RSA: refused as changed, replaced only on the confirmed fingerprint', async ({
  web,
  page,
}) => {
  await page.goto(web.url);
  await page.getByTestId('add-host').first().click();
  await page.getByTestId('hf-name').fill('moved-db');
  await page.getByTestId('hf-address').fill(sshd.address);
  await page.getByTestId('hf-port').fill(String(sshd.port));
  await page.locator('#hf-auth-key').check({ force: true });
  await page.locator('#hf-keyPath').fill(sshd.clientKey);
  await page.getByTestId('host-form-submit').click();
  await expect(page.getByTestId('host-row-moved-db')).toBeVisible();

  const testConnection = async () => {
    await page.getByTestId('host-row-moved-db').click({ button: 'right' });
    await page.getByTestId('action-test-connection').click();
  };
  // First contact: the unknown-host question; remember the ed25519 key.
  await testConnection();
  const ed25519 = sshd.hostKeyFingerprint();
  await expect(page.getByTestId('prompt-fingerprint')).toHaveText(ed25519);
  await page.getByTestId('prompt-accept-remember').click();
  await expect(page.getByTestId('test-connection-result')).toHaveAttribute('data-ok', 'true');
  await page.keyboard.press('Escape');

  // The server now has an RSA key only.
  await sshd.rotateHostKey('rsa');
  const rsa = sshd.hostKeyFingerprint();
  await testConnection();
  const result = page.getByTestId('test-connection-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('HOST_KEY_CHANGED');
  await expect(result).toContainText(ed25519);
  await expect(page.getByTestId('prompt-hostkey')).toHaveCount(0);

  await page.getByTestId('replace-host-key-open').click();
  await expect(page.getByTestId('replace-fingerprint')).toHaveText(`ssh-rsa ${rsa}`);
  await expect(page.getByTestId('replace-previous-fingerprint')).toHaveText(
    `ssh-ed25519 ${ed25519}`,
  );
  await page.getByTestId('replace-confirm').fill(ed25519);
  await expect(page.getByTestId('replace-submit')).toBeDisabled();
  await expect(page.getByTestId('replace-host-key')).toContainText('Does not match');
  await page.screenshot({ path: 'test-results/host-key-change.png' });

  await page.getByTestId('replace-confirm').fill(rsa);
  await page.getByTestId('replace-submit').click();
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('test-connection-fingerprint')).toHaveText(rsa);
});
