import { expect, openWithLab, test } from '../testing/e2e/web-mode';

/**
 * What one window changes, another sees at once (events from the core, not polling), and each
 * window's live feed is its own.
 */
test.describe('live feeds across windows', () => {
  test('a command run in one window appears in the other window’s Audit area at once', async ({
    web,
    page,
    context,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('nav-audit').click();
    const audit = page.getByTestId('audit-table');
    await expect(audit).not.toContainText('ssh.exec');

    const other = await context.newPage();
    await other.goto(web.url);
    await other.getByTestId('nav-exec').click();
    await other.getByTestId('exec-target').selectOption('group:db');
    await other.getByTestId('exec-command').fill('true');
    await other.getByTestId('exec-run').click();
    await expect(other.getByTestId('exec-summary')).toContainText('3 ok', { timeout: 30_000 });

    // No refresh pressed: audit.appended put the three records on top.
    await expect(audit.getByText('ssh.exec')).toHaveCount(3, { timeout: 5_000 });
    await page.screenshot({ path: 'test-results/live-feeds-audit.png' });
  });

  test('each window watches its own topology; the view refreshes itself', async ({
    web,
    page,
    context,
  }) => {
    await openWithLab(page, web);

    const other = await context.newPage();
    await other.goto(web.url);
    for (const [p, host] of [
      [page, 'db1'],
      [other, 'db2'],
    ] as const) {
      await p.getByTestId('nav-mysql').click();
      await p.getByTestId('topology-start').selectOption(host);
    }
    await expect(page.getByTestId('topo-node-db1')).toBeVisible();
    await expect(other.getByTestId('topo-node-db2')).toBeVisible();
    await expect(page.getByTestId('topo-node-db2')).toBeHidden();

    // The feed refreshes every 3 s: the time shown changes without a click.
    const first = await page.getByTestId('topology-collected').textContent();
    await expect(page.getByTestId('topology-collected')).not.toHaveText(first ?? '', {
      timeout: 10_000,
    });
    await other.close();
    // The first window's feed goes on after the other window is gone.
    const second = await page.getByTestId('topology-collected').textContent();
    await expect(page.getByTestId('topology-collected')).not.toHaveText(second ?? '', {
      timeout: 10_000,
    });
  });
});
