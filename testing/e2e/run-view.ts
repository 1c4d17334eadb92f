import { expect, type Page } from '@playwright/test';

/** The statuses a run does not leave by itself (contract/workflows.ts RunStatus). */
const ENDED = /^(succeeded|failed|cancelled|rolled-back|interrupted|discarded)$/;

/**
 * The run shown in the run view ends, and ends `succeeded`. Waits for any end, not for success: a
 * run that fails after 10 s fails the test after 10 s with the run's own error — it never sits out
 * the rest of `timeout` looking for a "succeeded" that cannot come.
 */
export async function expectRunSucceeded(page: Page, timeout: number): Promise<void> {
  const status = page.getByTestId('run-status');
  await expect(status, 'the run ends within its budget').toHaveText(ENDED, { timeout });
  const ended = (await status.textContent()) ?? '';
  if (ended === 'succeeded') return;
  const error = page.getByTestId('run-error');
  const why = (await error.count()) ? await error.innerText() : '(no error shown)';
  throw new Error(`The run ended ${ended}, not succeeded: ${why}`);
}
