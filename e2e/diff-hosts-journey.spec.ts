import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedHosts } from '../testing/e2e/seed-hosts';
import { test, expect, openWithLab } from '../testing/e2e/web-mode';

/**
 * Config diff journeys on the lab's hosts, each asserted on the host's file itself (plain ssh as
 * root), not only on what the window says:
 * - a file changed on the host behind Opsdeck's back while the diff is open: the save warns and
 *   refuses to overwrite it, both when the change is seen before the confirmation and when it
 *   lands between the confirmation's check and the write; after a reload the save goes through;
 * - compare from a host selection (3 hosts → Compare file → one path);
 * - a root-only file read by a non-root login: "Read with sudo" where `sudo -n` works, a message
 *   saying what to do where it does not.
 */
const dir = `/etc/mysql/opsdeck-diff-hosts-e2e-${randomBytes(3).toString('hex')}`;
const labDir = process.env.OPSDECK_LAB_DIR ?? join(process.cwd(), '.lab');
const ssh = (host: string, command: string) =>
  execFileSync('ssh', ['-F', join(labDir, 'ssh_config'), host, command], { encoding: 'utf8' });
const inventory = JSON.parse(readFileSync(join(labDir, 'inventory.json'), 'utf8')) as {
  sshKey: string;
  hosts: { name: string; address: string }[];
};
const HOSTS = ['db1', 'db2', 'db3'];

/** A small option file; `over` replaces whole lines by their option name. */
const cnf = (over: Record<string, string> = {}) => {
  const lines = [
    'port = 3306',
    'bind-address = 0.0.0.0',
    'max_connections = 500',
    'skip_name_resolve = ON',
    'innodb_buffer_pool_size = 2G',
    'innodb_log_file_size = 48M',
  ].map((l) => over[l.split(' ')[0] as string] ?? l);
  return `[mysqld]\n${lines.join('\n')}\n`;
};
/** Write a file on a lab host as root, byte for byte (base64: no shell quoting of the content). */
const put = (host: string, path: string, content: string, mode = '644') =>
  ssh(
    host,
    `echo ${Buffer.from(content).toString('base64')} | base64 -d > ${path} && chmod ${mode} ${path}`,
  );
const cat = (host: string, path: string) => ssh(host, `cat ${path}`);

test.beforeAll(() => {
  for (const h of HOSTS) ssh(h, `mkdir -p ${dir}`);
});
test.afterAll(() => {
  for (const h of HOSTS) ssh(h, `rm -rf ${dir}`);
});

async function compareFromPalette(page: Page, hosts: string[], path: string) {
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-palette-input').fill('compare files');
  await page.getByTestId('palette-config:compare').click();
  const dialog = page.getByTestId('compare-dialog');
  for (const [i, host] of hosts.entries()) {
    await dialog.getByTestId(`compare-host-${i}`).selectOption({ label: host });
    await dialog.getByTestId(`compare-path-${i}`).fill(path);
  }
  await dialog.getByTestId('compare-open').click();
  return page.getByTestId('diff-tab');
}

test.describe('config diff on hosts', () => {
  // Over SSH with an axe check of every screen: a loaded machine needs more than the default
  // minute; every wait has its own (expect) timeout.
  test.describe.configure({ timeout: 120_000 });

  test('a file changed on the host while the diff is open: save refused, reload, save', async ({
    web,
    page,
  }) => {
    const path = `${dir}/changed.cnf`;
    put('db1', path, cnf());
    put('db2', path, cnf({ max_connections: 'max_connections = 800' }));
    await openWithLab(page, web);
    const tab = await compareFromPalette(page, ['db1', 'db2'], path);
    await expect(tab.getByTestId('diff-side-1')).toContainText(`db2:${path}`);
    await expect(tab.getByTestId('diff-position')).toContainText('1 change');
    await tab.getByTestId('diff-next').click();
    await tab.getByTestId('diff-obtain').click();
    await expect(tab.getByTestId('diff-side-1')).toContainText('modified');

    // Someone edits db2's file by hand while the diff is open.
    const byHand = `${cnf({ max_connections: 'max_connections = 800' })}# tuned by hand\n`;
    ssh('db2', `echo '# tuned by hand' >> ${path}`);

    // Ctrl+S: the confirmation reads the file again, sees it changed, and will not save.
    await page.keyboard.press('Control+s');
    const save = page.getByTestId('diff-save-dialog');
    await expect(save.getByTestId('diff-save-changed')).toContainText(
      'The file changed on db2 since you opened it',
    );
    await expect(save.getByTestId('diff-save-confirm')).toBeDisabled();
    await page.screenshot({ path: 'docs/screenshots/diff-save-changed.png' });
    expect(cat('db2', path)).toBe(byHand);

    // Reload db2's file: its pane shows the hand edit; the edit made here is gone.
    await save.getByRole('button', { name: 'Reload db2’s file' }).click();
    await expect(save).toHaveCount(0);
    await expect(tab.getByTestId('diff-side-1')).not.toContainText('modified');
    await expect(tab.locator('.cm-merge-b')).toContainText('# tuned by hand');
    await expect(tab.getByTestId('diff-position')).toContainText('2 changes');

    // Take db1's max_connections again; the confirmation now finds the file as read...
    await tab.getByTestId('diff-next').click();
    await expect(tab.getByTestId('diff-position')).toContainText('change 1 of 2');
    await tab.getByTestId('diff-obtain').click();
    await expect(tab.getByTestId('diff-side-1')).toContainText('modified');
    await page.keyboard.press('Control+s');
    await expect(save.getByTestId('diff-save-confirm')).toBeEnabled();
    await expect(save.getByTestId('diff-save-changed')).toHaveCount(0);

    // ...but it changes again before Save is clicked: the write itself is refused (CONFLICT).
    ssh('db2', `sed -i 's/= 2G/= 3G/' ${path}`);
    const byHandAgain = byHand.replace('= 2G', '= 3G');
    await save.getByTestId('diff-save-confirm').click();
    const refused = save.getByTestId('diff-save-changed');
    await expect(refused).toHaveAttribute('data-code', 'CONFLICT');
    await expect(refused).toContainText(`Not saved: ${path} on db2 changed since you read it`);
    await page.screenshot({ path: 'test-results/diff-save-conflict.png' });
    expect(cat('db2', path)).toBe(byHandAgain);
    expect(ssh('db2', `ls ${dir}`)).toBe('changed.cnf\n');
    await save.getByRole('button', { name: 'Cancel' }).click();

    // The pane says so and offers a reload; after it, the same edit saves.
    await tab.getByTestId('diff-conflict-1').getByRole('button', { name: 'Reload' }).click();
    await expect(tab.getByTestId('diff-conflict-1')).toHaveCount(0);
    await expect(tab.locator('.cm-merge-b')).toContainText('innodb_buffer_pool_size = 3G');
    await tab.getByTestId('diff-next').click();
    await expect(tab.getByTestId('diff-position')).toContainText('change 1 of 3');
    await tab.getByTestId('diff-obtain').click();
    await page.keyboard.press('Control+s');
    await save.getByTestId('diff-save-confirm').click();
    await expect(save).toHaveCount(0);
    await expect(tab.getByTestId('diff-side-1')).not.toContainText('modified');
    expect(cat('db2', path)).toBe(byHandAgain.replace('= 800', '= 500'));
    expect(ssh('db2', `cat ${path}.opsdeck-*.bak`)).toBe(byHandAgain);
  });

  test('compare from a host selection: three hosts, one path typed once', async ({ web, page }) => {
    const path = `${dir}/selected.cnf`;
    const files: Record<string, string> = {
      db1: cnf(),
      db2: cnf({ max_connections: 'max_connections = 800' }),
      db3: `${cnf()}# db3 only\nslow_query_log = ON\n`,
    };
    for (const h of HOSTS) put(h, path, files[h] as string);
    await openWithLab(page, web);

    // db1, then Ctrl+click db2 and db3: the toolbar offers "Compare file…" for 2–3 hosts.
    await page.getByTestId('host-row-db1').click();
    await page.getByTestId('host-row-db2').click({ modifiers: ['Control'] });
    await expect(page.getByTestId('compare-selected')).toBeVisible();
    await page.getByTestId('host-row-db3').click({ modifiers: ['Control'] });
    await page.getByTestId('compare-selected').click();
    const dialog = page.getByTestId('compare-dialog');
    for (const [i, host] of HOSTS.entries())
      await expect(dialog.getByTestId(`compare-host-${i}`).locator('option:checked')).toHaveText(
        host,
      );
    // The path, typed once in the first row, is the path of all three.
    await dialog.getByTestId('compare-path-0').fill(path);
    for (const i of [1, 2]) await expect(dialog.getByTestId(`compare-path-${i}`)).toHaveValue(path);
    await dialog.getByTestId('compare-open').click();

    // vimdiff a b c: each pane holds its host's file, line for line; db2 (the middle) is edited.
    const tab = page.getByTestId('diff-tab');
    for (const [i, host] of HOSTS.entries())
      await expect(tab.getByTestId(`diff-side-${i}`)).toContainText(`${host}:${path}`);
    await expect(tab.getByTestId('diff-side-0')).toContainText('read-only');
    await expect(tab.getByTestId('diff-side-1')).not.toContainText('read-only');
    const paneLines = (i: number) =>
      tab.locator('.dv-pane').nth(i).locator('.cm-content .cm-line').allTextContents();
    for (const [i, host] of HOSTS.entries()) {
      const lines = (files[host] as string).split('\n');
      await expect.poll(() => paneLines(i)).toEqual(lines);
      expect(cat(host, path)).toBe(files[host]);
    }
  });

  test('a file only root may read: Read with sudo where sudo -n works, what to do where not', async ({
    web,
    page,
  }) => {
    const path = `${dir}/root-only.cnf`;
    const secret = cnf({ port: 'port = 3310' });
    put('db1', path, secret, '600');
    expect(ssh('db1', `stat -c '%U %a' ${path}`)).toBe('root 600\n');
    const db1 = inventory.hosts.find((h) => h.name === 'db1');
    if (!db1) throw new Error('the lab has no db1');
    await openWithLab(page, web);
    // db1 again through its non-root logins, as a user's ~/.ssh/config would name them: admin
    // may use sudo without a password, deploy only with one it does not have.
    seedHosts(web, [
      { name: 'db1-admin', address: db1.address, user: 'admin', identityFile: inventory.sshKey },
      { name: 'db1-deploy', address: db1.address, user: 'deploy', identityFile: inventory.sshKey },
    ]);
    await expect(page.getByTestId('host-row-db1-deploy')).toBeVisible();

    // admin: denied over SFTP; the tab says so and offers to read through sudo.
    let tab = await compareFromPalette(page, ['db1-admin', 'db2'], path);
    const error = tab.getByTestId('diff-error');
    await expect(error).toContainText(
      `admin may not read ${path} on db1-admin (permission denied)`,
    );
    await expect(tab.getByTestId('diff-read-sudo')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/diff-read-sudo.png' });
    await tab.getByTestId('diff-read-sudo').click();
    await expect(error).toHaveCount(0);
    await expect(tab.getByTestId('diff-side-0')).toContainText('sudo');
    await expect
      .poll(() => tab.locator('.cm-merge-a .cm-content .cm-line').allTextContents())
      .toEqual(secret.split('\n'));
    // db2 has no such file: compared as empty, marked missing.
    await expect(tab.getByTestId('diff-side-1')).toContainText('missing');
    expect(ssh('db1', `stat -c '%U %a' ${path}`)).toBe('root 600\n');

    // deploy: denied too, and no sudo offer: the message says what to do instead.
    await page.getByTitle(/^Close root-only\.cnf db1-admin/).click();
    await expect(tab).toHaveCount(0);
    tab = await compareFromPalette(page, ['db1-deploy', 'db2'], path);
    await expect(tab.getByTestId('diff-error')).toContainText(
      `deploy may not read ${path} on db1-deploy (permission denied)`,
    );
    await expect(tab.getByTestId('diff-error')).toContainText('NOPASSWD');
    await expect(tab.getByTestId('diff-read-sudo')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/diff-read-no-sudo.png' });
  });
});
