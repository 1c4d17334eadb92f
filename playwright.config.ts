import { defineConfig } from '@playwright/test';

/**
 * E2e journeys run against web mode in Debian's Chromium (Playwright's own browser download is
 * not available here). `@smoke` tags the fast subset: `npx playwright test --grep @smoke`.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // One retry: a journey that fails twice fails the run; one that passes on its retry is
  // reported as flaky by name in npm test's summary (scripts/test-report.mjs) — fix those too.
  retries: 1,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 860 },
    launchOptions: {
      executablePath: process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
