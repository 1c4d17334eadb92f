import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Driving the page with the keyboard alone (issue 17): the focus is moved only by keys, so a
 * journey that passes proves each control is reachable and operable without a mouse.
 */

/** Is this element the focused one (now, or within a moment)? */
const focused = (target: Locator) =>
  expect(target)
    .toBeFocused({ timeout: 150 })
    .then(() => true)
    .catch(() => false);

/** Press Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 40, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await focused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reachable with ${max} × ${back ? 'Shift+Tab' : 'Tab'}`).toBeFocused();
}

/** Arrow through a focused <select> until it shows `value` (a closed select moves by arrows). */
export async function arrowToOption(page: Page, select: Locator, value: string): Promise<void> {
  await expect(select).toBeFocused();
  for (const key of ['ArrowDown', 'ArrowUp']) {
    for (let i = 0; i < 30; i++) {
      if ((await select.inputValue()) === value) return;
      await page.keyboard.press(key);
    }
  }
  await expect(select).toHaveValue(value);
}

/** Press a key until `target` has the focus (arrows in a menu, a grid, a tab list). */
export async function pressUntilFocused(
  page: Page,
  key: string,
  target: Locator,
  max = 20,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await focused(target)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Tab `presses` times inside an open dialog; the focus must never leave it. */
export async function focusStaysIn(page: Page, dialog: Locator, presses = 25): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
    await expect(
      dialog.locator(':focus'),
      `focus inside the dialog after ${i + 1} presses`,
    ).toHaveCount(1);
  }
}
