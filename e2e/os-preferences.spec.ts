import type { Page } from '@playwright/test';
import { expect, test } from '../testing/e2e/web-mode';

/**
 * Issue 17 #2 and #5: with Settings on "Follow system", high contrast follows the OS — `prefers-
 * contrast: more` and Windows forced colours — live, without a reload; an explicit choice wins
 * over the OS. `prefers-reduced-motion: reduce` stops the console's animations and transitions.
 */
const html = (page: Page) => page.locator('html');
/** A Settings choice, by its label (the segmented control draws the label; the radio is hidden). */
async function choose(page: Page, testId: string) {
  await page.locator('label', { has: page.getByTestId(testId) }).click();
  await expect(page.getByTestId(testId)).toBeChecked();
}

interface Motion {
  animation: string;
  transition: string;
}
/**
 * The computed animation and transition durations of elements drawn with the app's own classes
 * (a spinner, a busy dot, a progress bar), added for a moment and removed (an expression: e2e
 * code has no DOM types).
 */
const MOTION = `(() => {
  const probe = (className) => {
    const el = document.createElement('span');
    el.className = className;
    document.body.append(el);
    const style = getComputedStyle(el);
    const out = { animation: style.animationDuration, transition: style.transitionDuration };
    el.remove();
    return out;
  };
  return { spinner: probe('spinner'), pulse: probe('dot tone-busy'), bar: probe('progress-fill') };
})()`;
const motion = (page: Page) => page.evaluate(MOTION) as Promise<Record<string, Motion>>;
const seconds = (css: string) =>
  Math.max(...css.split(',').map((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 0.001 : 1)));

test.describe('the console follows the OS: contrast, forced colours, reduced motion @a11y', () => {
  test('high contrast follows prefers-contrast and forced colours while Settings follows the system', async ({
    web,
    page,
  }) => {
    await page.emulateMedia({
      colorScheme: 'light',
      contrast: 'no-preference',
      forcedColors: 'none',
      reducedMotion: 'no-preference',
    });
    await page.goto(web.url);
    await expect(html(page)).toHaveAttribute('data-theme', 'light');
    await expect(html(page)).not.toHaveAttribute('data-contrast', /.*/);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('contrast-system')).toBeChecked();
    await expect(page.getByTestId('theme-system')).toBeChecked();

    // The OS asks for more contrast: the console follows at once, and says so in the status bar.
    await page.emulateMedia({ contrast: 'more' });
    await expect(html(page)).toHaveAttribute('data-contrast', 'more');
    await expect(page.getByTitle('Toggle theme (Settings has high contrast)')).toContainText(
      'high contrast',
    );
    await page.screenshot({ path: 'test-results/os-contrast-more.png' });
    await page.emulateMedia({ contrast: 'no-preference' });
    await expect(html(page)).not.toHaveAttribute('data-contrast', /.*/);

    // Windows contrast themes (forced colours) count as "more" too; a dark OS theme is followed.
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
    await expect(html(page)).toHaveAttribute('data-contrast', 'more');
    await expect(html(page)).toHaveAttribute('data-theme', 'dark');

    // An explicit choice wins over the OS, and is kept across a reload; "Follow system" returns.
    await choose(page, 'contrast-normal');
    await expect(html(page)).not.toHaveAttribute('data-contrast', /.*/);
    await page.reload();
    await expect(html(page)).toHaveAttribute('data-theme', 'dark');
    await expect(html(page)).not.toHaveAttribute('data-contrast', /.*/);
    await page.emulateMedia({ forcedColors: 'none', contrast: 'no-preference' });
    await page.getByTestId('nav-settings').click();
    await choose(page, 'contrast-more');
    await expect(html(page)).toHaveAttribute('data-contrast', 'more');
    await choose(page, 'contrast-system');
    await expect(html(page)).not.toHaveAttribute('data-contrast', /.*/);
    await page.emulateMedia({ contrast: 'more' });
    await expect(html(page)).toHaveAttribute('data-contrast', 'more');
  });

  test('prefers-reduced-motion: animations and transitions are (as good as) off', async ({
    web,
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto(web.url);
    await expect(page.getByTestId('nav-settings')).toBeVisible();
    const moving = await motion(page);
    expect(seconds(moving.spinner?.animation ?? '0s')).toBeGreaterThanOrEqual(0.5);
    expect(seconds(moving.pulse?.animation ?? '0s')).toBeGreaterThanOrEqual(1);
    expect(seconds(moving.bar?.transition ?? '0s')).toBeGreaterThanOrEqual(0.2);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    const still = await motion(page);
    for (const [what, d] of Object.entries(still)) {
      expect(seconds(d.animation), `${what} animation`).toBeLessThanOrEqual(0.001);
      expect(seconds(d.transition), `${what} transition`).toBeLessThanOrEqual(0.001);
    }
  });
});
