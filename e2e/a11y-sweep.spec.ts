import { expect, openWithLab, test } from '../testing/e2e/web-mode';
import { AxeChecker } from '../testing/e2e/axe';
import { registeredAreas, shellOverflow, sweepAreas } from '../testing/e2e/a11y-sweep';

/**
 * Every registered area, empty and with the lab's hosts, checked by axe in light and dark (the
 * fixture) and in both high-contrast themes (a second checker here), with visible focus on the
 * first Tab stops of each. New areas are swept as soon as they are registered.
 */
test.describe('every registered area, accessible @a11y', () => {
  test.describe.configure({ timeout: 300_000 });

  test('sweep: axe in four themes, visible focus, the shell dialogs', async ({
    web,
    page,
    axe,
  }) => {
    const contrast = new AxeChecker(page, ['contrast-light', 'contrast-dark']);
    await page.goto(web.url);
    await expect(page.getByTestId('empty-hosts')).toBeVisible();
    const areas = await registeredAreas(page);
    expect(areas).toEqual(expect.arrayContaining(['hosts', 'exec', 'terminals', 'settings']));

    const empty = await sweepAreas(page, axe, 'empty');
    await sweepAreas(page, contrast, 'empty');
    expect(empty.unseenFocus).toEqual({});

    await openWithLab(page, web);
    const full = await sweepAreas(page, axe, 'with hosts');
    await sweepAreas(page, contrast, 'with hosts');
    expect(full.unseenFocus).toEqual({});

    // The shell's own dialogs: the keys sheet and the palette.
    await page.getByTestId('nav-hosts').click();
    await page.locator('main').focus();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-sheet')).toBeVisible();
    await axe.check('keys');
    await contrast.check('keys');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await axe.check('palette');
    await contrast.check('palette');
    await page.keyboard.press('Escape');

    // 1280×720, and 200 % zoom of it: the shell never scrolls sideways.
    const overflow = await shellOverflow(page, [
      { width: 1280, height: 720 },
      { width: 640, height: 360 },
    ]);
    expect(overflow).toEqual([]);

    console.log(contrast.report());
    expect(contrast.blocking(), contrast.report()).toEqual([]);
  });
});
