import { expect, openWithLab, test } from '../testing/e2e/web-mode';
import { lab, labAddress, labInventory } from '../testing/lab/lab';
import { failoverLab } from '../testing/e2e/failover-lab';
import { createTestData, sql, startWriter } from '../testing/lab/mysql-lab';

/**
 * Live charts and checks: a host's dashboard draws live data from the SSH collector, a group
 * overlay of the three lab hosts, and a threshold crossing shows CRITICAL with a notification.
 */
test.describe('live charts and checks', () => {
  test.afterAll(async () => {
    await sql('db1', 'DROP DATABASE IF EXISTS opsdeck_test');
  });

  test('a host dashboard draws live data within seconds, nothing installed on the host', async ({
    web,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('host-row-db1').dblclick();
    await page.getByTestId('host-view-charts').click();
    const dashboard = page.getByTestId('dashboard-db1');
    await expect(dashboard.getByTestId('dashboard-status')).toContainText('LIVE', {
      timeout: 20_000,
    });
    for (const chart of [
      'chart-cpu',
      'chart-load',
      'chart-memory',
      'chart-disk-bytes',
      'chart-mysql-qps',
      'chart-mysql-threads',
    ])
      await expect(dashboard.getByTestId(chart).locator('canvas')).toBeVisible();
    // Without the pointer on it, a chart's legend shows the latest values: a value, not a dash.
    await page.mouse.move(5, 5);
    await expect(
      dashboard.getByTestId('chart-load').locator('.u-legend .u-value').nth(1),
    ).not.toHaveText('—', { timeout: 10_000 });
    // Half a minute of a writer on db1, on a 1-minute window: the screenshot in docs/metrics.md.
    await page.getByTestId('chart-span').selectOption('60');
    await createTestData('db1');
    const writer = startWriter('db1');
    try {
      await page.waitForTimeout(30_000);
    } finally {
      await writer.stop();
    }
    await page.mouse.move(5, 5);
    await page.screenshot({ path: 'docs/screenshots/host-dashboard.png' });
    // Drag to zoom: the window leaves the live tail; double-click goes back.
    const over = dashboard.getByTestId('chart-load').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + 20, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('chart-live')).toHaveText('Go live');
    await over.dblclick();
    await expect(page.getByTestId('chart-live')).toHaveText('● Live');
  });

  test('an overlay of the db group: one line per host, the odd one out listed', async ({
    web,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('nav-charts').click();
    await page.getByTestId('overlay-group').selectOption('db');
    await page.getByTestId('overlay-metric').selectOption('load.1');
    await expect(page.getByTestId('overlay-status')).toHaveText('LIVE', { timeout: 20_000 });
    const chart = page.getByTestId('overlay-chart');
    for (const h of ['db1', 'db2', 'db3'])
      await expect(chart.locator('.u-legend')).toContainText(h);
    // The lab has 3 db hosts or more (a bench may have grown it): at most five stand out.
    const dbHosts = labInventory().hosts.filter((h) => /^db\d+$/.test(h.name)).length;
    await expect(page.getByTestId('overlay-topn').locator('li')).toHaveCount(Math.min(dbHosts, 5), {
      timeout: 15_000,
    });
    // Queries/s of the group while a writer runs on db1: db1 is the odd one out, first in the list.
    await page.getByTestId('chart-span').selectOption('60');
    await page.getByTestId('overlay-metric').selectOption('mysql.qps');
    await createTestData('db1');
    const writer = startWriter('db1');
    try {
      await expect(page.getByTestId('overlay-topn').locator('li').first()).toContainText('db1', {
        timeout: 20_000,
      });
      await page.waitForTimeout(15_000);
    } finally {
      await writer.stop();
    }
    // The pointer off the chart: the legend shows each host's latest value.
    await page.mouse.move(5, 5);
    await expect(chart.locator('.u-legend .u-value').nth(1)).not.toHaveText('—', {
      timeout: 10_000,
    });
    await page.screenshot({ path: 'docs/screenshots/group-overlay.png' });
    // The Hosts table draws a CPU sparkline per host from the same collectors.
    await page.getByTestId('nav-hosts').click();
    await expect(page.getByTestId('spark-cpu.busy-db2').locator('canvas')).toBeVisible({
      timeout: 20_000,
    });
  });

  test('the same dashboard from the lab Prometheus (Debian prometheus + exporters)', async ({
    web,
    page,
  }) => {
    const started = !/prometheus\s+\S+\s+up/.test(lab('monitoring', 'status'));
    lab('monitoring', 'up');
    try {
      await openWithLab(page, web);
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('prometheus-url').fill(`http://${labAddress(254)}:9090`);
      await page.getByTestId('prometheus-save').click();
      await expect(page.locator('.toast').filter({ hasText: 'Prometheus saved' })).toBeVisible();
      await page.getByTestId('nav-hosts').click();
      await page.getByTestId('host-row-db1').dblclick();
      await page.getByTestId('host-view-charts').click();
      await page.getByTestId('source-prometheus').click();
      const dashboard = page.getByTestId('dashboard-db1');
      await expect(dashboard.getByTestId('dashboard-status')).toContainText('LIVE', {
        timeout: 30_000,
      });
      // The chart definitions of the SSH collector, drawn from PromQL.
      for (const chart of ['chart-cpu', 'chart-load', 'chart-disk-bytes', 'chart-mysql-qps'])
        await expect(dashboard.getByTestId(chart).locator('canvas')).toBeVisible();
      await page.mouse.move(5, 5);
      await expect(
        dashboard.getByTestId('chart-cpu').locator('.u-legend .u-value').nth(1),
      ).not.toHaveText('—', { timeout: 20_000 });
      // Half a minute of scrapes on a 1-minute window: the screenshot in docs/metrics.md.
      await page.getByTestId('chart-span').selectOption('60');
      await page.waitForTimeout(25_000);
      await page.mouse.move(5, 5);
      await page.screenshot({ path: 'docs/screenshots/host-dashboard-prometheus.png' });
    } finally {
      if (started) lab('monitoring', 'down');
    }
  });

  test('a threshold crossing shows CRITICAL, notifies, and marks the chart', async ({
    web,
    page,
  }) => {
    // The browser's desktop notifications, allowed and recorded.
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (globalThis as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
      }
      (globalThis as unknown as { Notification: unknown }).Notification = RecordingNotification;
    });
    await openWithLab(page, web);
    await page.getByTestId('nav-checks').click();
    await page.getByTestId('check-add').click();
    await page.getByTestId('check-name').fill('Load on db2');
    await page.getByTestId('check-series').fill('load.1');
    await page.getByTestId('check-hosts').fill('db2');
    await page.getByTestId('check-groups').fill('');
    // Any load is above a negative threshold: CRITICAL at the first result (attempts 1).
    await page.getByTestId('check-critical').fill('-1');
    await page.getByTestId('check-attempts').fill('1');
    await page.getByTestId('check-save').click();
    await expect(page.getByTestId('check-state-Load on db2-db2')).toHaveText('CRITICAL', {
      timeout: 30_000,
    });
    await expect(
      page.locator('.toast').filter({ hasText: 'CRITICAL: Load on db2 on db2' }),
    ).toBeVisible();
    await expect(page.getByTestId('status-checks')).toContainText('1 critical');
    const shown = await page.evaluate(
      () =>
        (globalThis as unknown as { shownNotifications: { title: string; body: string }[] })
          .shownNotifications,
    );
    expect(shown).toEqual([
      {
        title: 'CRITICAL: Load on db2 on db2',
        body: expect.stringMatching(/^CRITICAL - load\.1 = /),
      },
    ]);
    await page.screenshot({ path: 'docs/screenshots/checks.png' });
    // The change is a marker on db2's charts.
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-db2').dblclick();
    await page.getByTestId('host-view-charts').click();
    await expect(
      page.getByTestId('dashboard-db2').getByTestId('chart-load').getByTestId('chart-marker'),
    ).toHaveCount(1, { timeout: 20_000 });
  });

  test('a workflow run is a marker on the host’s charts; clicking it opens the run', async ({
    web,
    page,
  }) => {
    await openWithLab(page, web);
    await page.getByTestId('host-row-db3').click({ button: 'right' });
    await page.getByTestId('action-plan-facts').click();
    await page.getByTestId('plan-run-start').click();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('host-row-db3').dblclick();
    await page.getByTestId('host-view-charts').click();
    const marker = page
      .getByTestId('dashboard-db3')
      .getByTestId('chart-load')
      .locator('[data-testid="chart-marker"].link');
    await expect(marker).toHaveCount(1, { timeout: 20_000 });
    await marker.click();
    // The run's own view replaces the dashboard: its status and its step.
    await expect(page.getByTestId('dashboard-db3')).toBeHidden();
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    await expect(page.getByTestId('run-step-collect')).toBeVisible();
  });

  test('the MySQL topology: queries/s of every node and the lag of every replica flow live', async ({
    web,
    page,
  }) => {
    test.setTimeout(180_000);
    await failoverLab('setup');
    try {
      await openWithLab(page, web);
      await page.getByTestId('nav-mysql').click();
      await page.getByTestId('topology-start').selectOption('db1');
      const lines = [
        ...['db1', 'db2', 'db3'].map((h) => `spark-mysql.qps-${h}`),
        ...['db2', 'db3'].map((h) => `spark-mysql.repl_lag-${h}`),
      ];
      // A sparkline draws from its second point on: samples arrived for that node.
      for (const id of lines) {
        const spark = page.getByTestId(id);
        await expect(spark.locator('canvas')).toBeVisible({ timeout: 30_000 });
        await expect(spark.locator('.spark-value')).not.toHaveText('—');
      }
      await page.screenshot({ path: 'docs/screenshots/topology-sparklines.png' });
    } finally {
      await failoverLab('teardown');
    }
  });
});
