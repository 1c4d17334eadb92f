import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Schedule } from '../src-main/contract';
import { expect, openWithLab, test } from '../testing/e2e/web-mode';

/**
 * The backup journey on the lab: take a dump of db1 from the Backups area, see it catalogued
 * (verified), run its restore test on db3 — which holds data, so the run stops at its gate until
 * db3's name is typed — and see it pass. Then schedule backups from the same area.
 */
const root = resolve(import.meta.dirname, '..');
const sshConfig = join(process.env.OPSDECK_LAB_DIR ?? join(root, '.lab'), 'ssh_config');
const onHost = (host: string, sql: string) =>
  execFileSync('ssh', ['-F', sshConfig, host, `mariadb -N -B -e ${JSON.stringify(sql)}`], {
    encoding: 'utf8',
  });
/** The stored schedules, read through the API by the CLI (attached to the serve's core). */
const schedulesOf = (home: string): Schedule[] =>
  JSON.parse(
    execFileSync(process.execPath, ['bin/opsdeck.mjs', '--json', 'backup', 'schedule', 'list'], {
      env: { ...process.env, OPSDECK_HOME: home },
      encoding: 'utf8',
      timeout: 30_000,
    }),
  ) as Schedule[];
const DB = 'opsdeck_e2ebk';
// Made in beforeAll: Playwright loads this file in more than one process.
let dir = '';
let restored: string[] = [];

test.describe('backups journey', () => {
  test.describe.configure({ timeout: 180_000 });
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-e2e-backups-'));
    onHost(
      'db1',
      `CREATE DATABASE IF NOT EXISTS ${DB}; CREATE TABLE IF NOT EXISTS ${DB}.orders (id INT PRIMARY KEY, item VARCHAR(40)) ENGINE=InnoDB; INSERT IGNORE INTO ${DB}.orders SELECT seq, CONCAT('item-', seq) FROM ${DB}.seq_1_to_500`,
    );
    onHost('db3', `SET SESSION sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS ${DB}`);
  });
  test.afterAll(() => {
    for (const d of new Set([DB, ...restored]))
      onHost('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${d}`);
    onHost('db1', `DROP DATABASE IF EXISTS ${DB}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('run a backup, see it in the catalog, run its restore test, see it pass', async ({
    web,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('nav-backups').click();
    await expect(page.getByTestId('backups-empty')).toBeVisible();

    await page.getByTestId('backup-host').selectOption({ label: 'db1' });
    await page.getByTestId('backup-kind').selectOption('dump');
    await page.getByTestId('backup-to').fill(`file://${dir}`);
    await page.getByTestId('backup-plan').click();
    await expect(page.getByTestId('backup-plan-text')).toContainText('FLUSH TABLES WITH READ LOCK');
    await page.getByTestId('backup-run').click();
    await expect(page.getByTestId('backup-action')).toContainText('succeeded', {
      timeout: 120_000,
    });

    const row = page.locator('[data-testid^="backup-row-"]').first();
    await expect(row).toContainText('db1');
    // A parallel dump uses mydumper when db1 holds more than one table (earlier tests may have
    // left some), else mariadb-dump: the row names whichever the plan chose.
    await expect(row).toContainText(/dump · (mariadb-dump|mydumper)/);
    await expect(row).toContainText('passed'); // verified: read back, sha256, decompressed
    await row.click();
    await expect(page.getByTestId('backup-tables')).toContainText(`${DB}.orders 500`);

    // db3 holds opsdeck_e2ebk: the run stops at its gate until a person types db3.
    await page.getByTestId('backup-onto').selectOption('db3');
    await page.getByTestId('backup-restore-test-run').click();
    const gate = page.getByTestId('prompt-gate');
    await expect(gate).toContainText('Replace data on db3?', { timeout: 60_000 });
    await expect(gate).toContainText(DB);
    await expect(page.getByTestId('backup-action')).toContainText('waiting');
    restored = [DB];
    await gate.getByTestId('gate-typed').fill('db3');
    await gate.getByTestId('gate-approve').click();
    await expect(page.getByTestId('backup-action')).toContainText('succeeded', {
      timeout: 120_000,
    });
    await expect(page.getByTestId('backup-restore-test')).toContainText('passed');
    await expect(page.getByTestId('backup-restore-test')).toContainText(
      "the backup's row counts and checksums",
    );
    await expect(page.getByTestId('backup-tables')).toContainText(`${DB}.orders 500 → 500`);
    await expect(page.locator('[data-testid^="backup-restore-test-"]').first()).toContainText(
      'passed',
    );
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({ path: join(root, 'docs', 'screenshots', 'backups.png') });

    // New replica from this backup: the replication preflight checks db1 still has the binary
    // logs since the backup (read-only; nothing is started here).
    await page.getByTestId('backup-new-replica').click();
    const replica = page.getByTestId('new-replica-dialog');
    await replica.getByTestId('new-replica-host').selectOption('db2');
    await replica.getByTestId('new-replica-check').click();
    const checks = replica.getByTestId('new-replica-checks');
    await expect(checks.locator('li', { hasText: 'Backup to seed from' })).toHaveAttribute(
      'data-level',
      'ok',
      { timeout: 60_000 },
    );
    await expect(checks.locator('li', { hasText: 'Binary logs since the backup' })).toHaveAttribute(
      'data-level',
      'ok',
    );
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({
        path: join(root, 'docs', 'screenshots', 'backups-new-replica.png'),
      });
    await replica.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(replica).toBeHidden();
  });

  test('schedule nightly backups with a restore test; a cron schedule shows its script before anything is installed', async ({
    web,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('schedule-new').click();
    const dialog = page.getByTestId('schedule-dialog');
    await dialog.getByTestId('schedule-name').fill('nightly-e2e');
    await dialog.getByTestId('schedule-host').selectOption('db1');
    await dialog.getByTestId('schedule-to').fill(`file://${dir}`);
    await dialog.getByTestId('schedule-scratch').selectOption('db3');
    await dialog.getByTestId('schedule-save').click();
    // The scratch host is typed again: every restore test replaces its databases.
    await expect(dialog).toContainText('Type db3: its databases are replaced by every test');
    await dialog.getByTestId('schedule-confirm-scratch').fill('db3');
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({ path: join(root, 'docs', 'screenshots', 'backups-schedule.png') });
    await dialog.getByTestId('schedule-save').click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId('schedule-row-nightly-e2e');
    await expect(row).toContainText('daily at 02:30');
    await expect(row).toContainText('db3');

    await row.getByTestId('schedule-edit').click();
    await dialog.getByTestId('schedule-every').selectOption('hours');
    await dialog.getByTestId('schedule-confirm-scratch').fill('db3');
    await dialog.getByTestId('schedule-save').click();
    await expect(row).toContainText('every 6 h');

    // A hot schedule kept in a folder has no backup host to prepare it on: the dialog says so,
    // and each run verifies on the host picked in "Prepare on" (db2), stored with the schedule.
    await page.getByTestId('schedule-new').click();
    await dialog.getByTestId('schedule-name').fill('hot-verify-e2e');
    await dialog.getByTestId('schedule-host').selectOption('db1');
    await dialog.getByTestId('schedule-kind').selectOption('hot');
    await dialog.getByTestId('schedule-to').fill(`file://${dir}`);
    const verifyOn = dialog.getByTestId('schedule-verify-on');
    await expect(verifyOn).toHaveValue('');
    await expect(dialog).toContainText('Not verified: no host to prepare it on');
    await expect(verifyOn.locator('option', { hasText: 'db1' })).toHaveText(
      "db1 — the source: uses the production host's disk and CPU",
    );
    await verifyOn.selectOption('db2');
    await expect(dialog).toContainText('each backup is verified by preparing it on db2');
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({
        path: join(root, 'docs', 'screenshots', 'backups-schedule-verify.png'),
      });
    await dialog.getByTestId('schedule-save').click();
    await expect(dialog).toBeHidden();
    const hotRow = page.getByTestId('schedule-row-hot-verify-e2e');
    await expect(hotRow.getByTestId('schedule-verify-on-cell')).toHaveText('db2');
    // nightly-e2e (hot, in a folder, no host picked) says loudly that its runs are not verified.
    await expect(row.getByTestId('schedule-verify-on-cell')).toHaveText('not verified');
    const stored = schedulesOf(web.home).find((s) => s.name === 'hot-verify-e2e');
    expect(stored).toMatchObject({ kind: 'hot', hostName: 'db1', verifyOn: 'db2' });

    // cron on db1 writes on db1: its script and crontab line are read before Install.
    await page.getByTestId('schedule-new').click();
    await dialog.getByTestId('schedule-name').fill('cron-e2e');
    await dialog.getByTestId('schedule-host').selectOption('db1');
    await dialog.getByTestId('schedule-kind').selectOption('dump');
    await expect(dialog.getByTestId('schedule-verify-on')).toBeHidden();
    await dialog.getByTestId('schedule-runner').selectOption('cron');
    await dialog.getByTestId('schedule-to').fill(`file://${dir}`);
    await dialog.getByTestId('schedule-save').click();
    await expect(dialog).toContainText('ssh://db1/path');
    await dialog.getByTestId('schedule-to').fill('ssh://db1/var/backups/mysql');
    await dialog.getByTestId('schedule-save').click();
    const cron = page.getByTestId('cron-dialog');
    await expect(cron.getByTestId('cron-script')).toContainText('mariadb-dump');
    await expect(cron).toContainText('# opsdeck-schedule:');
    await expect(cron.getByTestId('cron-install')).toBeEnabled();
    if (process.env.OPSDECK_SCREENSHOTS)
      await page.screenshot({ path: join(root, 'docs', 'screenshots', 'backups-cron.png') });
    await cron.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(cron).toBeHidden();
    await expect(page.getByTestId('schedule-row-cron-e2e')).toContainText('cron (not installed)');
    // A dump has nothing to prepare: no verify host in the list.
    await expect(
      page.getByTestId('schedule-row-cron-e2e').getByTestId('schedule-verify-on-cell'),
    ).toHaveText('—');

    for (const name of ['nightly-e2e', 'hot-verify-e2e', 'cron-e2e']) {
      const r = page.getByTestId(`schedule-row-${name}`);
      await r.getByTestId('schedule-remove').click();
      await r.getByTestId('schedule-remove-confirm').click();
      await expect(r).toBeHidden();
    }
  });
});
