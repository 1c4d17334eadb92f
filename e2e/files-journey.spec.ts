import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

/** The file browser on lab host db2, in a folder prepared (and removed) over plain ssh. */
const dir = `/tmp/opsdeck-files-e2e-${randomBytes(4).toString('hex')}`;
const local = mkdtempSync(join(tmpdir(), 'opsdeck-files-e2e-'));
const ssh = (command: string) =>
  execFileSync('ssh', ['-F', join(process.cwd(), '.lab/ssh_config'), 'db2', command], {
    encoding: 'utf8',
  });

test.beforeAll(() => {
  ssh(
    `mkdir -p ${dir}/conf.d && printf '[mysqld]\\nport = 3306\\n' > ${dir}/app.conf && ` +
      `chmod 640 ${dir}/app.conf && head -c 3000000 /dev/urandom > ${dir}/blob.bin && ` +
      `printf 'x' > ${dir}/.hidden && truncate -s 4G ${dir}/huge.img`,
  );
});
test.afterAll(() => {
  ssh(`rm -rf ${dir}`);
  rmSync(local, { recursive: true, force: true });
});

const rowNames = (page: Page) =>
  page
    .getByTestId('file-list')
    .locator('[role="row"][data-testid^="file-row-"]')
    .evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-testid')!.slice('file-row-'.length)),
    );

test.describe('files journey', () => {
  test('browse, edit with backup, download with progress', async ({ web, page }) => {
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db2');
    await page.keyboard.press('Escape');

    // From the host's menu: the home folder first.
    await page.getByTestId('host-row-db2').click({ button: 'right' });
    await page.getByTestId('action-browse-files').click();
    const files = page.getByTestId('files-db2');
    await expect(files.getByTestId('files-path')).toHaveValue('/root', { timeout: 20_000 });

    // The path bar: type the folder, Enter.
    await files.getByTestId('files-path').fill(dir);
    await files.getByTestId('files-path').press('Enter');
    await expect.poll(() => rowNames(page)).toEqual(['conf.d', 'app.conf', 'blob.bin', 'huge.img']);
    await expect(files.getByTestId('file-row-app.conf')).toContainText('-rw-r-----');
    await expect(files.getByTestId('file-row-app.conf')).toContainText('root:root');
    await expect(files).toContainText('4 shown, 1 hidden');

    // Keyboard: into conf.d (Enter), back up (Backspace), type-ahead to app.conf, open it.
    const list = files.getByTestId('file-list');
    await expect(list).toBeFocused();
    await expect(files.getByTestId('file-row-conf.d')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(files.getByTestId('file-row-huge.img')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect(files.getByTestId('files-path')).toHaveValue(`${dir}/conf.d`);
    await expect(list).toContainText('Empty folder.');
    await page.keyboard.press('Backspace');
    await expect(files.getByTestId('files-path')).toHaveValue(dir);
    await expect(files.getByTestId('file-row-conf.d')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.type('app');
    await expect(files.getByTestId('file-row-app.conf')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const editor = files.getByTestId('file-editor');
    await files.getByTestId('files-show-hidden').check();
    await expect
      .poll(() => rowNames(page))
      .toEqual(['conf.d', '.hidden', 'app.conf', 'blob.bin', 'huge.img']);
    await files.getByTestId('files-show-hidden').uncheck();
    await expect(editor.getByTestId('file-text')).toHaveValue('[mysqld]\nport = 3306\n');
    await expect(editor.getByTestId('file-meta')).toContainText('mode 0640');

    // Edit, Ctrl+S: the confirmation says what is written and that a backup is kept.
    await editor.getByTestId('file-text').fill('[mysqld]\nport = 3307\nmax_connections = 300\n');
    await expect(editor.getByTestId('file-dirty')).toBeVisible();
    await page.keyboard.press('Control+s');
    const confirm = page.getByTestId('file-save-dialog');
    await expect(confirm).toContainText(`${dir}/app.conf`);
    await expect(confirm).toContainText('app.conf.opsdeck-<date>-<time>.bak');
    await confirm.getByTestId('file-save-confirm').click();
    await expect(editor.getByTestId('file-dirty')).toBeHidden();
    await expect
      .poll(() => rowNames(page))
      .toEqual([
        'conf.d',
        'app.conf',
        expect.stringMatching(/^app\.conf\.opsdeck-\d{8}-\d{6}\.bak$/),
        'blob.bin',
        'huge.img',
      ]);
    expect(ssh(`cat ${dir}/app.conf; stat -c %a ${dir}/app.conf`)).toBe(
      '[mysqld]\nport = 3307\nmax_connections = 300\n640\n',
    );
    expect(ssh(`cat ${dir}/app.conf.opsdeck-*.bak`)).toBe('[mysqld]\nport = 3306\n');

    // Someone else edits the file: saving again is refused, nothing is written.
    ssh(`echo '# by hand' >> ${dir}/app.conf`);
    await editor.getByTestId('file-text').fill('[mysqld]\nport = 3308\n');
    await editor.getByTestId('file-save').click();
    await page.getByTestId('file-save-confirm').click();
    await expect(editor.getByTestId('file-error')).toContainText('CONFLICT');
    expect(ssh(`tail -1 ${dir}/app.conf`)).toBe('# by hand\n');
    await editor.getByRole('button', { name: /Reload from the server/ }).click();
    await expect(editor.getByTestId('file-text')).toHaveValue(/# by hand\n$/);

    // Download with progress to a local path.
    await files.getByTestId('file-row-blob.bin').click();
    await files.getByTestId('files-download').click();
    const dialog = page.getByTestId('transfer-dialog');
    await expect(dialog.getByTestId('transfer-local')).toHaveValue(/blob\.bin$/);
    const target = join(local, 'blob.bin');
    await dialog.getByTestId('transfer-local').fill(target);
    await dialog.getByTestId('transfer-start').click();
    const row = files.getByTestId('transfer-blob.bin');
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(row.getByTestId('transfer-progress')).toHaveText('100% · 2.9 MiB / 2.9 MiB');
    const remoteSum = ssh(`sha256sum ${dir}/blob.bin`).split(' ')[0];
    expect(createHash('sha256').update(readFileSync(target)).digest('hex')).toBe(remoteSum);
    expect(existsSync(`${target}.opsdeck-part`)).toBe(false);

    // A 4 GiB download cancelled while running: the partial file is removed.
    await files.getByTestId('file-row-huge.img').click({ button: 'right' });
    await page.getByTestId('file-action-download').click();
    const huge = join(local, 'huge.img');
    await dialog.getByTestId('transfer-local').fill(huge);
    await dialog.getByTestId('transfer-start').click();
    const hugeRow = files.getByTestId('transfer-huge.img');
    await expect(hugeRow.getByTestId('transfer-progress')).not.toHaveText(/^0%/);
    await hugeRow.getByTestId('transfer-cancel').click();
    await expect(hugeRow).toHaveAttribute('data-state', 'cancelled');
    expect(existsSync(huge) || existsSync(`${huge}.opsdeck-part`)).toBe(false);

    // Upload a local file into the folder: it appears in the listing when done.
    writeFileSync(join(local, 'notes.txt'), 'uploaded from the desktop\n');
    await files.getByTestId('files-upload').click();
    await dialog.getByTestId('transfer-local').fill(join(local, 'notes.txt'));
    await expect(dialog.getByTestId('transfer-remote')).toHaveValue(`${dir}/`);
    await dialog.getByTestId('transfer-start').click();
    await expect(files.getByTestId('transfer-notes.txt')).toHaveAttribute('data-state', 'done');
    await expect(files.getByTestId('file-row-notes.txt')).toBeVisible();
    expect(ssh(`cat ${dir}/notes.txt`)).toBe('uploaded from the desktop\n');

    await files.getByTestId('file-row-app.conf').click();
    await page.keyboard.press('Enter');
    await expect(editor.getByTestId('file-text')).toHaveValue(/# by hand\n$/);
    await page.screenshot({ path: 'docs/screenshots/files.png' });

    // Alt+Up from anywhere but the text: the parent folder, with the folder we left selected.
    await list.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect(files.getByTestId('files-path')).toHaveValue('/tmp');
    await expect(files.getByTestId(`file-row-${dir.slice(5)}`)).toHaveAttribute(
      'aria-selected',
      'true',
    );

    // The command palette opens the same tab.
    await page.getByTestId('nav-hosts').click();
    await page.keyboard.press('Control+K');
    await page.getByTestId('command-palette-input').fill('browse files db2');
    await page.keyboard.press('Enter');
    await expect(files.getByTestId('files-path')).toHaveValue('/tmp');
  });
});
