import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { labAddress } from '../testing/lab/lab';
import { test, expect } from '../testing/e2e/web-mode';

const labDir = process.env.OPSDECK_LAB_DIR ?? resolve(import.meta.dirname, '..', '.lab');

/** The lab's MySQL admin login (inventory.json). */
function labAdmin(name: string) {
  const inventory = JSON.parse(readFileSync(resolve(labDir, 'inventory.json'), 'utf8')) as {
    hosts: { name: string; mysql?: { adminUser: string; adminPassword: string } }[];
  };
  const m = inventory.hosts.find((h) => h.name === name)?.mysql;
  if (!m) throw new Error(`lab host ${name} has no MySQL`);
  return { user: m.adminUser, password: m.adminPassword };
}

test.describe('tunnels journey', () => {
  test('open a -L tunnel to db1:3306 from a host menu, use it, see traffic, close it', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');

    // From the host row's menu: the Tunnels area with db1 picked.
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-open-tunnel').click();
    await expect(page.getByTestId('nav-tunnels')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('tunnels-empty')).toBeVisible();
    await expect(page.getByTestId('tunnel-host')).toHaveValue(/.+/);
    await expect(page.getByTestId('tunnel-host').locator('option:checked')).toHaveText('db1');

    // Validation before anything is sent.
    await page.getByTestId('tunnel-open').click();
    await expect(page.getByTestId('tunnel-form').getByRole('alert')).toHaveText(
      'target address needed; port 1–65535',
    );

    await page.getByTestId('tunnel-preset-mysql').click();
    await expect(page.getByTestId('tunnel-target-host')).toHaveValue(labAddress(1));
    await expect(page.getByTestId('tunnel-target-port')).toHaveValue('3306');
    await page.getByTestId('tunnel-open').click();

    const first = page.locator('[data-testid^="tunnel-row-db1-"]');
    await expect(first).toHaveCount(1);
    await expect(first).toContainText('open');
    const testId = (await first.getAttribute('data-testid')) ?? '';
    const port = Number(/tunnel-row-db1-(\d+)/.exec(testId)?.[1]);
    expect(port).toBeGreaterThan(0);
    const row = page.getByTestId(`tunnel-row-db1-${port}`);
    await expect(row).toContainText(`127.0.0.1:${port} → db1 → ${labAddress(1)}:3306`);

    // A real MySQL session through the GUI's tunnel.
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, ...labAdmin('db1') });
    const [rows] = await conn.query('SELECT @@hostname AS h, REPEAT("x", 20000) AS pad');
    expect((rows as { h: string }[])[0]?.h).toBe('db1');
    await expect(row).toContainText('1/1'); // one connection open, one in total
    await expect(row).toContainText(/\d+\.\d KiB/); // ↓ In counted (at most a second later)

    // The same port again: refused with what to do.
    await page.getByTestId('tunnel-listen-port').fill(String(port));
    await page.getByTestId('tunnel-open').click();
    await expect(page.getByTestId('tunnel-error')).toContainText(`Port ${port}`);
    await expect(page.getByTestId('tunnel-error')).toContainText('TUNNEL_PORT_IN_USE');
    await page.getByTestId('tunnel-listen-port').fill('');
    await expect(page.getByTestId('tunnel-error')).toBeHidden();

    // A SOCKS proxy beside it.
    await page.getByTestId('tunnel-kind').selectOption('dynamic');
    await expect(page.getByTestId('tunnel-target-host')).toBeHidden();
    await page.getByTestId('tunnel-open').click();
    await expect(page.getByTestId('tunnels-count')).toHaveText('2 open of 2');
    await expect(page.getByTestId('tunnels-table')).toContainText('SOCKS5 127.0.0.1:');
    await page.screenshot({ path: 'docs/screenshots/tunnels.png' });

    // Close: the row goes, the connection is cut, the port is free.
    await row.getByRole('button', { name: /Close tunnel/ }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId('tunnels-count')).toHaveText('1 open of 1');
    await page
      .getByTestId('tunnels-table')
      .getByRole('button', { name: /Close tunnel/ })
      .click();
    await expect(page.getByTestId('tunnels-empty')).toBeVisible();
    await expect(conn.query('SELECT 1')).rejects.toThrow();
    conn.destroy();

    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-table')).toContainText('ssh.tunnel.close');
  });
});
