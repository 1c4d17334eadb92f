import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

/** The visible text of a terminal (xterm's DOM renderer). */
const screenText = (page: Page, host: string) =>
  page.getByTestId(`terminal-${host}`).locator('.xterm-rows').innerText();

async function openTerminalFromRow(page: Page, host: string) {
  await page.getByTestId('nav-hosts').click();
  await page.getByTestId(`host-row-${host}`).click({ button: 'right' });
  await page.getByTestId('action-open-terminal').click();
  await expect(page.getByTestId(`terminal-${host}`).getByTestId('terminal-state')).toHaveText(
    'open',
    { timeout: 20_000 },
  );
  // Type only once the shell printed its prompt (else the tty echoes the input before it).
  await expect.poll(() => screenText(page, host)).toMatch(new RegExp(`@${host}\\S*\\s*[#$]`));
}

async function sttySize(page: Page, host: string): Promise<string> {
  const marker = `sz${Date.now() % 100000}`;
  await page.keyboard.type(`echo ${marker}=$(stty size | tr ' ' x)`);
  await page.keyboard.press('Enter');
  let size = '';
  await expect
    .poll(async () => {
      const m = new RegExp(`${marker}=(\\d+x\\d+)`).exec(await screenText(page, host));
      size = m?.[1] ?? '';
      return size;
    })
    .not.toBe('');
  return size;
}

test.describe('terminals journey', () => {
  test('open terminals on lab hosts, resize, broadcast input to two', async ({ web, page }) => {
    // This journey reads the screen from the DOM renderer's rows: WebGL off (Settings toggle).
    // (No DOM lib in this file: the page's localStorage through globalThis.)
    await page.addInitScript(() =>
      (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage.setItem('opsdeck.terminal.gpu', 'off'),
    );
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');

    await openTerminalFromRow(page, 'db1');
    await page.getByTestId('terminal-db1').locator('.xterm').click();
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await expect.poll(() => screenText(page, 'db1')).toMatch(/^db1\s*$/m);

    const before = await sttySize(page, 'db1');
    await page.setViewportSize({ width: 1000, height: 640 });
    await expect.poll(() => sttySize(page, 'db1')).not.toBe(before);
    await page.setViewportSize({ width: 1400, height: 860 });
    await page.screenshot({ path: 'test-results/terminals-journey-terminal.png' });

    // The second one from the command palette.
    await page.keyboard.press('Control+Shift+P'); // Ctrl+K belongs to the shell in a terminal
    await page.getByTestId('command-palette').locator('input').fill('open terminal db2');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('terminal-db2').getByTestId('terminal-state')).toHaveText(
      'open',
      {
        timeout: 20_000,
      },
    );
    await page.getByTestId('terminal-split').click();
    await expect(page.getByTestId('terminal-db1')).toBeVisible();
    await page.getByTestId('broadcast-toggle').click();
    await expect(page.getByTestId('broadcast-target-db1')).toBeChecked();
    await expect(page.getByTestId('broadcast-target-db2')).toBeChecked();
    await page.getByTestId('broadcast-enable').click();
    await expect(page.getByTestId('broadcast-bar')).toHaveText(/Broadcasting to 2 terminals/);

    await page.getByTestId('terminal-db2').locator('.xterm').click();
    await page.keyboard.type('echo broadcast-ok');
    await page.keyboard.press('Enter');
    for (const host of ['db1', 'db2']) {
      await expect.poll(() => screenText(page, host)).toMatch(/^broadcast-ok\s*$/m);
    }
    await page.screenshot({ path: 'test-results/terminals-journey-broadcast.png' });

    // The shell ends: a clear banner, and Reconnect brings the terminal back.
    await page.getByTestId('broadcast-bar').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('broadcast-bar')).toBeHidden();
    await page.getByTestId('terminal-db2').locator('.xterm').click();
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    const db2 = page.getByTestId('terminal-db2');
    await expect(db2.getByTestId('terminal-state')).toHaveText(/exited/);
    await expect(db2.getByRole('alert')).toContainText('Session ended');
    await expect(page.getByTestId('terminal-db1').getByTestId('terminal-state')).toHaveText('open');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/terminals-journey-disconnected-dark.png' });
    await db2.getByTestId('terminal-reconnect').click();
    await expect(db2.getByTestId('terminal-state')).toHaveText('open', { timeout: 20_000 });
  });
});
