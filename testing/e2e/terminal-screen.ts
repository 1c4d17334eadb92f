import type { Page } from '@playwright/test';

/**
 * Terminals drawn by xterm's DOM renderer (WebGL off, as the Settings toggle does), so a journey
 * can read their screen. Call before the first `page.goto`.
 */
export async function useDomTerminals(page: Page): Promise<void> {
  // No DOM lib in this tree: the page's localStorage through globalThis.
  await page.addInitScript(() =>
    (
      globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
    ).localStorage.setItem('opsdeck.terminal.gpu', 'off'),
  );
}

/** The visible text of a host's terminal (needs `useDomTerminals`). */
export const screenText = (page: Page, host: string): Promise<string> =>
  page.getByTestId(`terminal-${host}`).locator('.xterm-rows').innerText();
