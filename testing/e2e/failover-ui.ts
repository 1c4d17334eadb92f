import { expect, type Page } from '@playwright/test';

/**
 * The failover journeys' common start: the lab imported, the MySQL area's topology drawn from db1
 * (alive), and the cluster settings open with the name `shop` and HAProxy on proxy1 chosen — the
 * caller fills the writers' section and saves (saveClusterSettings).
 */
export async function openLabClusterSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('import-lab').click();
  await page.getByTestId('import-lab-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('proxy1');
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-mysql').click();
  await page.getByTestId('topology-start').selectOption('db1');
  await expect(page.getByTestId('master-verdict')).toHaveText('alive', { timeout: 20_000 });
  await expect(page.getByTestId('rank-db2')).toBeVisible();

  await page.getByTestId('cluster-settings-open').click();
  await page.getByTestId('cs-name').fill('shop');
  await page.getByTestId('cs-traffic').selectOption('haproxy');
  await page.getByTestId('cs-proxy').selectOption('proxy1');
}

/** The writers' section typed, saved; the panel shows the cluster by its name. */
export async function saveClusterSettings(page: Page, section: string): Promise<void> {
  await page.getByTestId('cs-section').fill(section);
  await page.getByTestId('cluster-settings-save').click();
  await expect(page.getByTestId('cluster-settings')).toBeHidden();
  await expect(page.getByTestId('failover-cluster')).toHaveText('shop', { timeout: 15_000 });
}
