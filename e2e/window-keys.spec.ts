import { test, expect } from '../testing/e2e/web-mode';

/**
 * The window-wide keys work from the moment the window shows: a key pressed as soon as the
 * page's scripts have run (before React's first render and its effects) is not lost.
 */
test('Ctrl+K pressed as soon as the page is parsed opens the command palette', async ({
  web,
  page,
}) => {
  // DOMContentLoaded: the bundle (a module script) has run, React has not rendered yet.
  await page.goto(web.url, { waitUntil: 'domcontentloaded' });
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette-input')).toBeVisible();
  await expect(page.getByTestId('command-palette-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  // Once rendered, the same key still toggles the palette.
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette-input')).toBeVisible();
});
