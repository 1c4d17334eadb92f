import { expect, type Page } from '@playwright/test';
import type { AxeChecker } from './axe';

/**
 * The accessibility sweep over every registered area (issue 17). The sidebar draws exactly
 * `registry.areas()` (src-renderer/app/contributions.ts), one `nav-<id>` button each, so an area
 * registered later (backups, diff, metrics, failover…) is swept without touching this file or
 * the spec. Any area's own journey gets the same axe check from the web-mode fixture (`axe`), or
 * calls `axe.check('name')` for a state the automatic check would not see.
 */

/** The ids of the registered areas, in sidebar order. */
export async function registeredAreas(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Areas' });
  await expect(nav.locator('[data-testid^="nav-"]').first()).toBeVisible();
  const ids = await nav
    .locator('[data-testid^="nav-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('nav-'.length)));
  return ids;
}

/** Show an area by its sidebar button and wait until its main landmark says it is there. */
export async function showArea(page: Page, id: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await expect(page.locator(`main[data-area="${id}"]`)).toBeVisible();
  await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
}

/** The focused element shows that it is focused (an outline or a focus shadow is drawn). */
const FOCUS_SHOWN = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { ok: true, what: 'body', end: true };
  const what = el.tagName.toLowerCase() + (el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '') +
    (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  const own = getComputedStyle(el);
  const drawn = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  // A segmented radio draws the ring on its label; a hidden input hands it to the label.
  const label = el.closest('label');
  return { ok: drawn(own) || (label !== null && drawn(getComputedStyle(label))), what };
})()`;

/**
 * Tab through the first `stops` focusable places of the page (from the skip link, stopping
 * where the focus leaves the page) and report any that got the focus without showing it.
 */
export async function unseenFocus(page: Page, stops = 12): Promise<string[]> {
  await page.locator('body').focus();
  await page.evaluate(
    'document.activeElement && document.activeElement.blur && document.activeElement.blur()',
  );
  const unseen: string[] = [];
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const r = (await page.evaluate(FOCUS_SHOWN)) as { ok: boolean; what: string; end?: true };
    if (r.end) break; // past the last stop: the focus left the page
    if (!r.ok) unseen.push(r.what);
  }
  return unseen;
}

export interface SweepResult {
  areas: string[];
  /** Area id → focus stops that showed no focus. */
  unseenFocus: Record<string, string[]>;
}

/**
 * Every registered area: shown, checked by axe (the checker's themes), its first Tab stops
 * checked for visible focus. `label` names the state of the data ("empty", "with hosts").
 */
export async function sweepAreas(page: Page, axe: AxeChecker, label: string): Promise<SweepResult> {
  const areas = await registeredAreas(page);
  const result: SweepResult = { areas, unseenFocus: {} };
  for (const id of areas) {
    await showArea(page, id);
    await axe.check(`sweep ${label}`);
    const unseen = await unseenFocus(page);
    if (unseen.length > 0) result.unseenFocus[id] = unseen;
  }
  return result;
}

/** The page or the shell scrolls sideways (a table's own scroller does not count). */
const SHELL_OVERFLOW = `(() => {
  const page = document.scrollingElement;
  const shell = document.querySelector('.shell');
  const over = (el) => (el ? el.scrollWidth - el.clientWidth : 0);
  return Math.max(over(page), over(shell));
})()`;

/**
 * Every registered area at each viewport (CSS pixels: 1280×720, and 640×360 = 200 % zoom of
 * it): the areas whose shell scrolls sideways, with by how many pixels.
 */
export async function shellOverflow(
  page: Page,
  viewports: readonly { width: number; height: number }[],
): Promise<string[]> {
  const before = page.viewportSize();
  const bad: string[] = [];
  for (const vp of viewports) {
    await page.setViewportSize(vp);
    for (const id of await registeredAreas(page)) {
      await showArea(page, id);
      const px = (await page.evaluate(SHELL_OVERFLOW)) as number;
      if (px > 0) bad.push(`${id} at ${vp.width}×${vp.height}: ${px}px`);
    }
  }
  if (before) await page.setViewportSize(before);
  return bad;
}
