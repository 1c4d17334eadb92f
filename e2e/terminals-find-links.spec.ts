import type { Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

/** The page's window as these in-page scripts use it (this file has no DOM lib). */
interface PageWindow {
  __opened: unknown[][];
  open: (...args: unknown[]) => unknown;
  document: {
    querySelectorAll(selector: string): Iterable<{
      getContext(kind: 'webgl2'): {
        getExtension(name: 'WEBGL_lose_context'): { loseContext(): void } | null;
      } | null;
    }>;
  };
}

const pane = (page: Page) => page.getByTestId('terminal-db1');
const screenText = (page: Page) => pane(page).locator('.xterm-rows').innerText();

/**
 * Find in scrollback, clickable links and the renderer fallback of a real lab terminal. No link
 * is followed: window.open is replaced before the app loads and only records its arguments.
 */
test.describe('terminal find and links', () => {
  test('Ctrl+Shift+F counts matches; a printed URL opens via window.open on Ctrl+click', async ({
    web,
    page,
  }) => {
    await page.addInitScript(() => {
      const w = globalThis as unknown as PageWindow;
      w.__opened = [];
      w.open = (...args: unknown[]) => {
        w.__opened.push(args);
        return null;
      };
    });
    await page.goto(web.url);
    await page.getByTestId('import-lab').click();
    await page.getByTestId('import-lab-submit').click();
    await expect(page.getByTestId('import-result')).toContainText('db1');
    await page.keyboard.press('Escape');
    await page.getByTestId('host-row-db1').click({ button: 'right' });
    await page.getByTestId('action-open-terminal').click();
    await expect(pane(page).getByTestId('terminal-state')).toHaveText('open', { timeout: 20_000 });

    // Chromium runs with --disable-gpu here; its software WebGL (SwiftShader) may still be there.
    const renderer = pane(page).getByTestId('terminal-renderer');
    await expect(renderer).toHaveAttribute('data-renderer', /^(webgl|dom)$/);
    const first = await renderer.getAttribute('data-renderer');
    test.info().annotations.push({
      type: 'renderer at start',
      description: `${first}: ${(await renderer.getAttribute('title')) ?? ''}`,
    });
    if (first === 'webgl') {
      await expect(pane(page).locator('.xterm-screen canvas').first()).toBeVisible();
      await expect(pane(page).locator('.xterm-rows')).toHaveCount(0);
    }

    // Find works on the buffer whatever draws it. The command line says zebra{find,...}; only
    // the three output lines say "zebrafind".
    await pane(page).locator('.xterm').click();
    // Wait for the prompt (found by the find bar itself) so the tty does not echo input first.
    await page.keyboard.press('Control+Shift+F');
    await page.keyboard.type('@db1:');
    await expect(page.getByTestId('terminal-find-count')).toHaveText('1 of 1');
    await page.keyboard.press('Escape');
    await page.keyboard.type("printf '%s\\n' zebra{find,find,find} https://example.invalid/x");
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+F');
    const find = page.getByTestId('terminal-find');
    const count = find.getByTestId('terminal-find-count');
    await expect(find.getByTestId('terminal-find-input')).toBeFocused();
    await page.keyboard.type('zebrafind');
    await expect(count).toHaveText(/^\d of 3$/);
    await page.keyboard.press('Enter');
    const afterNext = await count.textContent();
    await page.keyboard.press('Shift+Enter');
    await expect(count).not.toHaveText(afterNext ?? '');
    // Case-sensitive: ZEBRAFIND is not there; regex: zebra\w+ is, three times.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('ZEBRAFIND');
    await expect(count).toHaveText(/of 3$/);
    await find.getByTestId('terminal-find-case').click();
    await expect(count).toHaveText('No results');
    await find.getByTestId('terminal-find-case').click();
    await find.getByTestId('terminal-find-regex').click();
    await find.getByTestId('terminal-find-input').fill('zebra(');
    await expect(count).toHaveText('Invalid regex');
    await find.getByTestId('terminal-find-input').fill('zebra\\w+');
    await expect(count).toHaveText(/of 3$/);
    await page.screenshot({ path: 'docs/screenshots/terminals.png' });
    await find.getByTestId('terminal-find-input').press('Escape');
    await expect(find).toBeHidden();
    await expect(pane(page).locator('.xterm-helper-textarea')).toBeFocused();

    if (first === 'webgl') {
      // The GPU drops the context (as after a driver reset): xterm reports it after 3 s, the
      // addon is disposed and the DOM renderer draws the same scrollback.
      const lost = await page.evaluate(() => {
        // The WebGL canvas (xterm's link layer beside it is a 2D canvas: getContext → null).
        const canvases = (globalThis as unknown as PageWindow).document.querySelectorAll(
          '[data-testid="terminal-db1"] .xterm-screen canvas',
        );
        const gl = [...canvases].map((c) => c.getContext('webgl2')).find(Boolean);
        const ext = gl?.getExtension('WEBGL_lose_context');
        ext?.loseContext();
        return Boolean(ext);
      });
      expect(lost).toBe(true);
      await expect(renderer).toHaveAttribute('data-renderer', 'dom', { timeout: 10_000 });
      await expect(renderer).toHaveAttribute('title', 'The GPU dropped the WebGL context');
    }
    await expect.poll(() => screenText(page)).toMatch(/^zebrafind\s*$/m);
    await expect.poll(() => screenText(page)).toMatch(/^https:\/\/example\.invalid\/x\s*$/m);

    // The URL on its own output line: hover shows the hint, a plain click opens nothing,
    // Ctrl+click hands it to window.open (stubbed) with noopener.
    const row = pane(page)
      .locator('.xterm-rows > div')
      .filter({ hasText: /^https:\/\/example\.invalid\/x\s*$/ });
    const box = (await row.boundingBox())!;
    const at = { x: box.x + 40, y: box.y + box.height / 2 };
    await page.mouse.move(at.x, at.y - 30);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await expect(pane(page).getByTestId('terminal-link-hint')).toContainText(
      'https://example.invalid/x',
    );
    await page.screenshot({ path: 'test-results/terminals-link-hover.png' });
    await page.mouse.click(at.x, at.y);
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).__opened)).toEqual([]);
    await page.keyboard.down('Control');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.up('Control');
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).__opened))
      .toEqual([['https://example.invalid/x', '_blank', 'noopener,noreferrer']]);

    // Settings: GPU rendering off keeps the DOM renderer (and says why); on brings WebGL back
    // where the browser has it.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('terminal-gpu').uncheck();
    await page.getByTestId('nav-terminals').click();
    await expect(renderer).toHaveAttribute('data-renderer', 'dom');
    await expect(renderer).toHaveAttribute('title', 'WebGL is off in Settings');
    await expect.poll(() => screenText(page)).toMatch(/^zebrafind\s*$/m);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('terminal-gpu').check();
    await page.getByTestId('nav-terminals').click();
    await expect(renderer).toHaveAttribute('data-renderer', first ?? 'dom');
  });
});
