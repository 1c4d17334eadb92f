import { expect, test } from '../testing/e2e/web-mode';
import { registeredAreas } from '../testing/e2e/a11y-sweep';
import { screenText, useDomTerminals } from '../testing/e2e/terminal-screen';
import { arrowToOption, focusStaysIn, pressUntilFocused, tabTo } from '../testing/e2e/keyboard';
import { finishedRun, resetLab, type LabRun } from '../testing/e2e/mysql-lab';

/** Other suites' scratch databases on the shared master: not replicated. */
const IGNORED = 'opsdeck_test.% opsdeck_bench.% opsdeck_junk.% opsdeck.%';
/** What the wizard's run left on the hosts (what the teardown may clean up). */
const runs: LabRun[] = [];

/**
 * Issue 17, "done means": a user runs a cluster exec, opens a terminal, and walks the
 * replication wizard with the keyboard alone — no click anywhere in this file. Every screen it
 * passes is checked by axe (the web-mode fixture).
 */

test.describe('keyboard alone @a11y', () => {
  test.describe.configure({ timeout: 300_000 });
  // The wizard really sets up db1 → db2: db2 starts standalone and is put back afterwards.
  test.beforeAll(async () => {
    await resetLab('setup', { replicas: ['db2'] });
  });
  test.afterAll(async () => {
    await resetLab('teardown', { replicas: ['db2'], runs });
  });

  test('import the lab, cluster exec, a terminal, the keys sheet, dialogs, the replication wizard run', async ({
    web,
    page,
  }) => {
    await useDomTerminals(page);
    await page.goto(web.url);
    await expect(page.getByTestId('empty-hosts')).toBeVisible();
    const areas = await registeredAreas(page);
    const go = (id: string) => page.keyboard.press(`Control+${areas.indexOf(id) + 1}`);

    // The first Tab stop is the skip link; it puts the focus in the main area.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Skip to the main area' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();

    // Import the lab inventory from the command palette.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('import lab');
    await page.keyboard.press('Enter');
    const submit = page.getByTestId('import-lab-submit');
    await tabTo(page, submit);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('host-row-db3')).toBeVisible();

    // Cluster exec on group db.
    await go('exec');
    const target = page.getByTestId('exec-target');
    await tabTo(page, target);
    await arrowToOption(page, target, 'group:db');
    await tabTo(page, page.getByTestId('exec-command'));
    await page.keyboard.type('uptime');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('exec-summary')).toHaveAttribute('data-status', 'finished', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('exec-summary')).toContainText('3 ok');
    await expect(page.getByTestId('announcer')).toContainText('uptime finished: 3 ok');
    await tabTo(page, page.getByTestId('exec-host-db1').getByRole('button'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('exec-output-db1')).toContainText('load average');

    // A terminal on db1 from the hosts table: cursor row, its menu, "Open terminal".
    await go('hosts');
    const table = page.getByTestId('hosts-table');
    await tabTo(page, table);
    await page.keyboard.press('Home');
    for (let i = 0; i < 10; i++) {
      if ((await page.getByTestId('host-row-db1').getAttribute('aria-selected')) === 'true') break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(page.getByTestId('host-row-db1')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+F10');
    await pressUntilFocused(page, 'ArrowDown', page.getByTestId('action-open-terminal'));
    await page.keyboard.press('Enter');
    const pane = page.getByTestId('terminal-db1');
    await expect(pane.getByTestId('terminal-state')).toHaveText('open', { timeout: 20_000 });
    const input = pane.locator('.xterm-helper-textarea');
    await expect(input).toBeFocused();
    await expect.poll(() => screenText(page, 'db1')).toMatch(/@db1\S*\s*[#$]/);
    await page.keyboard.type('echo kb-$((6*7))');
    await page.keyboard.press('Enter');
    await expect.poll(() => screenText(page, 'db1')).toMatch(/^kb-42\s*$/m);

    // Leave the terminal with its documented key, come back with Enter.
    await page.keyboard.press('Control+Shift+E');
    const tab = page.getByTestId('terminal-tab-db1');
    await expect(tab).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await page.keyboard.press('Control+Shift+E');
    await expect(tab).toBeFocused();

    // `?` lists every key, the terminal's included; the focus stays in it and comes back.
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('Ctrl+Shift+E');
    await expect(sheet).toContainText('Leave the terminal');
    await expect(sheet).toContainText('Shift+F10');
    await focusStaysIn(page, sheet, 8);
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(tab).toBeFocused();

    // A form dialog from the hosts table: focus trapped, then back on the table.
    await go('hosts');
    await tabTo(page, table);
    await page.keyboard.press('n');
    const form = page.getByTestId('host-form');
    await expect(form).toBeVisible();
    await focusStaysIn(page, form);
    await page.keyboard.press('Escape');
    await expect(form).toBeHidden();
    await expect(table).toBeFocused();

    // The replication wizard, walked to its plan (the dry run changes nothing), then run.
    await go('mysql');
    const topologyTab = page.getByTestId('mysql-view-topology');
    await tabTo(page, topologyTab);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('mysql-view-setup')).toBeFocused();
    await expect(page.getByTestId('replication-wizard')).toBeVisible();
    const master = page.getByTestId('rs-master');
    await tabTo(page, master);
    await arrowToOption(page, master, 'db1');
    const replica = page.getByTestId('rs-replica');
    await tabTo(page, replica);
    await arrowToOption(page, replica, 'db2');
    await tabTo(page, page.locator('#rs-databases'));
    await page.keyboard.type('opsdeck_src');
    // Other suites' scratch databases on the shared master are not replicated.
    await tabTo(page, page.locator('#rs-ignore'));
    await page.keyboard.type(IGNORED);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rs-preflight')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('rs-check-replica-empty')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('plan-step-seed')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('plan-step-seed')).toContainText('opsdeck_src');
    const run = page.getByTestId('rs-run');
    await expect(run).toBeEnabled();
    await tabTo(page, run);
    await page.keyboard.press('Enter');
    runs.push(await finishedRun(page, 150_000));
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    await expect(page.getByTestId('run-step-verify')).toHaveAttribute('data-status', 'done');

    // The topology tree of the new pair: one tab stop, arrows between the nodes.
    await go('mysql');
    await tabTo(page, page.locator('[data-testid^="mysql-view-"][aria-selected="true"]'));
    await pressUntilFocused(page, 'ArrowLeft', topologyTab, 8);
    const start = page.getByTestId('topology-start');
    await tabTo(page, start);
    await arrowToOption(page, start, 'db1');
    const root = page.getByTestId('topo-node-db1');
    await expect(root).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('topo-node-db2')).toHaveAttribute('data-role', 'replica', {
      timeout: 20_000,
    });
    await expect(page.locator('[data-node-id]')).not.toHaveCount(1);
    await tabTo(page, root);
    await page.keyboard.press('ArrowDown');
    await expect(root).not.toBeFocused();
    await expect(page.locator('[data-node-id]:focus')).toHaveCount(1);
    await page.keyboard.press('ArrowLeft');
    await expect(root).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(root.getByRole('button').first()).toBeFocused();
  });
});
