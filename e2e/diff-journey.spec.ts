import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

/**
 * vimdiff in the window: db1's and db2's copies of the lab my.cnf (db2's tuned by hand) opened
 * from the Files tab, `]c` to a change, `do` to take db1's lines into db2, save with validation,
 * the backup left on the host; then the drift view over the lab's db group.
 */
const dir = `/etc/mysql/opsdeck-diff-e2e-${randomBytes(3).toString('hex')}`;
const ssh = (host: string, command: string) =>
  execFileSync('ssh', ['-F', join(process.cwd(), '.lab/ssh_config'), host, command], {
    encoding: 'utf8',
  });

const DRIFT =
  '[mysqld]\\n# pool sized for 4 GiB\\nmax_connections = 500\\ninnodb_buffer_pool_size = 2G\\n';

test.beforeAll(() => {
  // drift.cnf: the same everywhere but db2 (tuned by hand); the last lab host lacks it.
  for (const h of labHosts) ssh(h, `mkdir -p ${dir}`);
  for (const h of labHosts.slice(0, -1))
    ssh(
      h,
      `mkdir -p ${dir} && printf '${h === 'db2' ? DRIFT.replace('500', '800') : DRIFT}' > ${dir}/drift.cnf`,
    );
  for (const h of ['db1', 'db2'])
    ssh(h, `mkdir -p ${dir} && cp /etc/mysql/my.cnf ${dir}/my.cnf && chmod 640 ${dir}/my.cnf`);
  ssh(
    'db2',
    `sed -i -e 's/^innodb_buffer_pool_size = 32M/innodb_buffer_pool_size = 64M/' ` +
      `-e '/^skip_name_resolve/d' ${dir}/my.cnf`,
  );
});
/** The lab's db group (stock hosts are not in it): the drift check reads one file on all of them. */
const labHosts = (
  JSON.parse(readFileSync(join(process.cwd(), '.lab/inventory.json'), 'utf8')) as {
    hosts: { name: string; groups: string[] }[];
  }
).hosts
  .filter((h) => h.groups.includes('db'))
  .map((h) => h.name);

test.afterAll(() => {
  for (const h of labHosts) ssh(h, `rm -rf ${dir}`);
});

async function importLab(page: Page) {
  await page.getByTestId('import-lab').click();
  await page.getByTestId('import-lab-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('db2');
  await page.keyboard.press('Escape');
}

test.describe('config diff journey', () => {
  // Journeys over SSH with an axe check of every screen in two themes: a loaded machine needs more
  // than the default minute; every wait still has its own (expect) timeout.
  test.describe.configure({ timeout: 120_000 });
  test('compare two hosts’ my.cnf, ]c, do, save with a backup @smoke', async ({ web, page }) => {
    await page.goto(web.url);
    await importLab(page);

    // Files tab on db1 → the copy → "Compare with…" (db2 and the same path are offered).
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-browse-files').click();
    const files = page.getByTestId('files-db1');
    await files.getByTestId('files-path').fill(dir);
    await files.getByTestId('files-path').press('Enter');
    await files.getByTestId('file-row-my.cnf').click({ button: 'right' });
    await page.getByTestId('file-action-compare').click();
    const dialog = page.getByTestId('compare-dialog');
    await expect(dialog.getByTestId('compare-path-1')).toHaveValue(`${dir}/my.cnf`);
    await dialog.getByTestId('compare-host-1').selectOption({ label: 'db2' });
    await dialog.getByTestId('compare-open').click();

    const tab = page.getByTestId('diff-tab');
    await expect(tab.getByTestId('diff-side-0')).toContainText(`db1:${dir}/my.cnf`);
    await expect(tab.getByTestId('diff-side-1')).toContainText(`db2:${dir}/my.cnf`);
    await expect(tab.getByTestId('diff-position')).toContainText('· pane 2');
    await expect(tab.locator('.cm-merge-b .cm-changedLine').first()).toBeVisible();

    // ]c walks the changes (the tooltip of the button names the key); do takes db1's lines.
    await expect(tab.getByTestId('diff-next')).toHaveAttribute('title', /\]c/);
    await page.keyboard.press(']');
    await page.keyboard.press('c');
    await expect(tab.getByTestId('diff-position')).toContainText(/change 2 of 4/);
    const line = async () => tab.locator('.cm-merge-b .cm-activeLine').first().textContent();
    expect(await line()).toContain('server_id = 2');
    await page.keyboard.press(']');
    await page.keyboard.press('c');
    await expect(tab.getByTestId('diff-position')).toContainText(/change 3 of 4/);
    await page.screenshot({ path: 'docs/screenshots/diff.png' });

    await page.keyboard.press('d');
    await page.keyboard.press('o');
    await expect(tab.getByTestId('diff-side-1')).toContainText('modified');
    await expect(tab.getByTestId('diff-position')).toContainText('3 changes');

    // Ctrl+S: the confirmation names the validation; saving leaves a backup on db2.
    await page.keyboard.press('Control+s');
    const save = page.getByTestId('diff-save-dialog');
    await expect(save).toContainText('--help --verbose');
    await expect(save.getByTestId('diff-save-confirm')).toBeEnabled();
    await save.getByTestId('diff-save-confirm').click();
    await expect(save).toHaveCount(0);
    await expect(tab.getByTestId('diff-side-1')).not.toContainText('modified');
    expect(ssh('db2', `grep -c '^skip_name_resolve = ON$' ${dir}/my.cnf`)).toBe('1\n');
    expect(ssh('db2', `ls ${dir}`)).toMatch(/my\.cnf\.opsdeck-\d{8}-\d{6}\.bak/);
    expect(ssh('db2', `stat -c %a ${dir}/my.cnf`)).toBe('640\n');
  });

  test('the drift view clusters the db group and opens a deviating host’s diff', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await importLab(page);
    await page.getByTestId('check-drift').click();
    const drift = page.getByTestId('drift-area');
    await drift.getByTestId('drift-group').selectOption('db');
    await drift.getByTestId('drift-path').fill(`${dir}/drift.cnf`);
    await drift.getByTestId('drift-run').click();
    const last = labHosts[labHosts.length - 1] as string;
    await expect(drift.getByTestId('drift-result')).toContainText('baseline: majority');
    await expect(drift.getByTestId('drift-cluster-1')).toContainText('baseline');
    await expect(drift.getByTestId('drift-row-db1')).toContainText('yes');
    await expect(drift.getByTestId('drift-row-db2')).toContainText('+1 −1 lines');
    await expect(drift.getByTestId(`drift-row-${last}`)).toContainText('file missing');
    await page.screenshot({ path: 'docs/screenshots/drift.png' });
    await drift.getByTestId('drift-diff-db2').click();
    const tab = page.getByTestId('diff-tab');
    await expect(tab.getByTestId('diff-side-0')).toContainText('db1:');
    await expect(tab.getByTestId('diff-side-1')).toContainText(`db2:${dir}/drift.cnf`);
    await expect(tab.getByTestId('diff-position')).toContainText('1 change');

    // Push the baseline to db2 (and the host that lacks the file): a workflow with a go-ahead.
    await page.getByRole('tab', { name: /Config drift/ }).click();
    // The plan first (dry run): one child per host, the typed go-ahead; nothing changes.
    await drift.getByTestId('drift-push').click();
    await page.getByTestId('push-dialog').getByTestId('push-plan').click();
    const plan = page.getByTestId('plan');
    await expect(plan.getByTestId('plan-child-db2')).toBeVisible({ timeout: 20_000 });
    await expect(plan.getByTestId(`plan-child-${last}`)).toBeVisible();
    await expect(plan.getByTestId('plan-gate')).toContainText(`${dir}/drift.cnf`);
    await page.screenshot({ path: 'docs/screenshots/drift-push-plan.png' });
    expect(ssh('db2', `cat ${dir}/drift.cnf`)).not.toBe(ssh('db1', `cat ${dir}/drift.cnf`));
    await page.getByRole('tab', { name: /Config drift/ }).click();
    await drift.getByTestId('drift-push').click();
    await page.getByTestId('push-dialog').getByTestId('push-start').click();
    const gate = page.getByTestId('prompt-gate');
    await expect(gate).toContainText('Push');
    // A typed go-ahead: the button waits for the path being replaced.
    await expect(gate.getByTestId('gate-approve')).toBeDisabled();
    await gate.getByTestId('gate-typed').fill(`${dir}/drift.cnf`);
    await page.screenshot({ path: 'docs/screenshots/drift-push-gate.png' });
    await gate.getByTestId('gate-approve').click();
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 30_000 });
    expect(ssh('db2', `cat ${dir}/drift.cnf`)).toBe(ssh('db1', `cat ${dir}/drift.cnf`));
  });

  test('unchanged lines start folded; zR opens every fold and zM folds them again, in both keymaps', async ({
    web,
    page,
  }) => {
    // Two local files, 60 lines apart by one setting: the unchanged runs around it fold.
    const local = mkdtempSync(join(tmpdir(), 'opsdeck-e2e-folds-'));
    const lines = Array.from({ length: 60 }, (_x, i) => `option_${i} = ${i}`);
    writeFileSync(join(local, 'a.cnf'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(local, 'b.cnf'),
      `${lines.join('\n').replace('option_30 = 30', 'option_30 = 31')}\n`,
    );
    try {
      await page.goto(web.url);
      await page.keyboard.press('Control+k');
      await page.getByTestId('command-palette-input').fill('compare files');
      await page.getByTestId('palette-config:compare').click();
      for (const [i, name] of ['a.cnf', 'b.cnf'].entries()) {
        await page.getByTestId(`compare-kind-${i}`).selectOption('local');
        await page.getByTestId(`compare-path-${i}`).fill(join(local, name));
      }
      await page.getByTestId('compare-open').click();
      const tab = page.getByTestId('diff-tab');
      const folds = tab.locator('.cm-merge-b .cm-collapsedLines');
      const collapse = tab.getByTestId('diff-opt-collapse');
      await expect(folds).toHaveCount(2);
      await expect(collapse.locator('xpath=..')).toHaveAttribute('title', /zM.*zR/);
      await page.keyboard.press(']');
      await page.keyboard.press('c');
      await expect(tab.getByTestId('diff-position')).toContainText('change 1 of 1');

      // The vimdiff keys without vim: zR shows every line (the toolbar says so), the cursor stays.
      await page.keyboard.press('z');
      await page.keyboard.press('R');
      await expect(folds).toHaveCount(0);
      await expect(collapse).not.toBeChecked();
      await expect(tab.getByTestId('diff-message')).toContainText('Every line shown');
      await expect(tab.locator('.cm-merge-b .cm-activeLine')).toContainText('option_30 = 31');
      await page.screenshot({ path: 'test-results/diff-unfolded.png' });

      // The full vim keymap: zM folds again, zR opens again.
      await tab.getByTestId('diff-opt-vim').check();
      await expect(tab.getByTestId('diff-mode')).toHaveText('VIM');
      await tab.locator('.cm-merge-b .cm-activeLine').click();
      await page.keyboard.press('z');
      await page.keyboard.press('M');
      await expect(folds).toHaveCount(2);
      await expect(collapse).toBeChecked();
      await expect(tab.getByTestId('diff-position')).toContainText('change 1 of 1');
      await page.keyboard.press('z');
      await page.keyboard.press('R');
      await expect(folds).toHaveCount(0);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  test('3-way (vimdiff a b c) with the vim keymap: ]c, 1do into the middle file', async ({
    web,
    page,
  }) => {
    // Its own files, whatever ran before it in this worker (a retry runs it alone): db2 tuned
    // by hand, db1 and db3 the same.
    for (const h of ['db1', 'db2', 'db3'])
      ssh(h, `printf '${h === 'db2' ? DRIFT.replace('500', '800') : DRIFT}' > ${dir}/three.cnf`);
    await page.goto(web.url);
    await importLab(page);
    await page.keyboard.press('Control+k');
    await page.getByTestId('command-palette-input').fill('compare files');
    await page.getByTestId('palette-config:compare').click();
    const dialog = page.getByTestId('compare-dialog');
    await dialog.getByTestId('compare-add-third').click();
    for (const [i, host] of ['db1', 'db2', 'db3'].entries()) {
      await dialog.getByTestId(`compare-host-${i}`).selectOption({ label: host });
      await dialog.getByTestId(`compare-path-${i}`).fill(`${dir}/three.cnf`);
    }
    await dialog.getByTestId('compare-open').click();
    const tab = page.getByTestId('diff-tab');
    await expect(tab.getByTestId('diff-side-2')).toContainText(`db3:${dir}/three.cnf`);
    await expect(tab.getByTestId('diff-side-0')).toContainText('read-only');
    await tab.getByTestId('diff-opt-vim').check();
    await expect(tab.getByTestId('diff-mode')).toHaveText('VIM');
    await tab.locator('.dv-pane').nth(1).locator('.cm-content').click();
    await page.keyboard.press('g');
    await page.keyboard.press('g');
    await page.keyboard.press(']');
    await page.keyboard.press('c');
    await expect(tab.getByTestId('diff-position')).toContainText('change 1 of 1 · pane 2');
    // Both neighbours differ from the middle here: plain `do` asks which one, `1do` takes db1's.
    await page.keyboard.press('d');
    await page.keyboard.press('o');
    await expect(tab.getByTestId('diff-message')).toContainText('1do / 3do');
    await page.screenshot({ path: 'docs/screenshots/diff-3way.png' });
    await page.keyboard.press('1');
    await page.keyboard.press('d');
    await page.keyboard.press('o');
    await expect(tab.getByTestId('diff-side-1')).toContainText('modified');
    await expect(tab.getByTestId('diff-position')).toContainText('no differences');
    // :w in vim's command line opens the save confirmation.
    await page.keyboard.type(':w');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('diff-save-dialog')).toContainText('Save three.cnf on db2?');
  });

  test('config check rules typed in the host form: a wrong line is named, saved ones are yours', async ({
    web,
    page,
  }) => {
    await page.goto(web.url);
    await importLab(page);
    await page.getByTestId('host-row-db3').click({ button: 'right' });
    await page.getByTestId('action-open').click();
    const details = page.getByTestId('host-details-db3');
    await details.getByRole('button', { name: 'Edit…' }).click();
    const form = page.getByTestId('host-form');
    const checks = form.getByTestId('host-config-checks');
    await checks.fill(
      '/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy\n\n/etc/nginx/** | nginx -t',
    );
    await page.getByTestId('host-form-submit').click();
    await expect(form).toContainText('Line 3: Use {file}');
    await checks.fill(
      '/etc/haproxy/*.cfg | haproxy -c -f {file} | systemctl reload haproxy\n/etc/nginx/** | | nginx -s reload',
    );
    await page.screenshot({ path: 'test-results/diff-host-form-checks.png', fullPage: true });
    await page.getByTestId('host-form-submit').click();
    await expect(form).toBeHidden();
    const rules = details.getByTestId('profile-config-check');
    await expect(rules).toHaveCount(2);
    await expect(rules.first()).toContainText('/etc/haproxy/*.cfg');
    await expect(rules.first()).toContainText('validate: haproxy -c -f {file}');
    await expect(rules.nth(1)).toContainText('reload: nginx -s reload');
    await expect(details.getByTestId('profile-origin-configChecks')).toHaveText('yours');
    await page.screenshot({ path: 'test-results/diff-host-checks.png', fullPage: true });
  });
});
