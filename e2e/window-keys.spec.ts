import { test, expect } from '../testing/e2e/web-mode';

/** What the page saw when the early Ctrl+K was pressed (recorded by the init script below). */
interface EarlyKey {
  /** `#root` had no children yet: React had not committed its first render. */
  rootEmpty: boolean;
  /** A window key listener took the key (the hotkeys call preventDefault on keys they run). */
  handled: boolean;
}

/** The page's window as the in-page scripts below use it (this file has no DOM lib). */
interface PageWindow {
  __opsdeckEarlyKey?: EarlyKey;
  KeyboardEvent: new (type: 'keydown', init: Record<string, string | boolean>) => object;
  document: {
    addEventListener(type: 'DOMContentLoaded', listener: () => void): void;
    getElementById(id: 'root'): { childNodes: { length: number } } | null;
    body: { dispatchEvent(event: object): boolean };
  };
}

/**
 * The window-wide keys work from the moment the window shows: a key pressed as soon as the
 * page's scripts have run (before React's first render and its effects) is not lost.
 *
 * A real key press from Playwright only arrives after `goto` returns, and by then React may have
 * rendered and run its effects (a listener installed in an effect would catch it too, so such a
 * test passes by luck on the old code). So the early key is pressed inside the page instead: at
 * DOMContentLoaded — the bundle (a module script) has run, React's first render is still only
 * scheduled — and the test checks that `#root` was indeed still empty at that moment.
 */
test('Ctrl+K pressed before React first renders opens the command palette', async ({
  web,
  page,
}) => {
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageWindow;
    // Registered before any page script, so it runs first among the DOMContentLoaded listeners.
    w.document.addEventListener('DOMContentLoaded', () => {
      const rootEmpty = (w.document.getElementById('root')?.childNodes.length ?? 0) === 0;
      const key = new w.KeyboardEvent('keydown', {
        key: 'k',
        code: 'KeyK',
        ctrlKey: true,
        bubbles: true,
        cancelable: true,
      });
      const handled = !w.document.body.dispatchEvent(key);
      w.__opsdeckEarlyKey = { rootEmpty, handled };
    });
  });
  await page.goto(web.url, { waitUntil: 'domcontentloaded' });
  const early = await page.evaluate(() => (globalThis as unknown as PageWindow).__opsdeckEarlyKey);
  expect(early, 'the early key was pressed').toBeDefined();
  expect(early?.rootEmpty, 'React had not rendered when the key was pressed').toBe(true);
  expect(early?.handled, 'a window hotkey listener took the early Ctrl+K').toBe(true);
  await expect(page.getByTestId('command-palette-input')).toBeVisible();
  await expect(page.getByTestId('command-palette-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  // Once rendered, a real Ctrl+K still toggles the palette.
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette-input')).toBeVisible();
});
