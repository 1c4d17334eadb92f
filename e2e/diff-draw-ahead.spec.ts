import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../testing/e2e/web-mode';

/**
 * The idle-time drawing ahead after `]c` (draw-ahead.ts) draws lines but never moves a view: not
 * a short pane's scroll, not the other pane's sideways scroll, not the text after `[c`.
 */

/** 2,000 lines, one changed every 40 (so unchanged runs fold), and a few very long lines. */
function writePair(dir: string): [string, string] {
  const line = (i: number) =>
    i % 97 === 5 ? `long_${i} = ${'x'.repeat(3000)}` : `option_${i} = ${i}`;
  const a = Array.from({ length: 2000 }, (_x, i) => line(i));
  const b = a.map((l, i) => (i % 40 === 20 ? `option_${i} = changed` : l));
  writeFileSync(join(dir, 'a.cnf'), `${a.join('\n')}\n`);
  writeFileSync(join(dir, 'b.cnf'), `${b.join('\n')}\n`);
  return [join(dir, 'a.cnf'), join(dir, 'b.cnf')];
}

async function openPair(page: Page, paths: [string, string]) {
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-palette-input').fill('compare files');
  await page.getByTestId('palette-config:compare').click();
  for (const [i, path] of paths.entries()) {
    await page.getByTestId(`compare-kind-${i}`).selectOption('local');
    await page.getByTestId(`compare-path-${i}`).fill(path);
  }
  await page.getByTestId('compare-open').click();
}

/** Starts counting lines drawn into any editor (childList additions on `.cm-content`). */
const watchDrawing = (page: Page) =>
  page.evaluate(`(() => {
    window.drew = 0;
    window.drawWatch?.disconnect();
    window.drawWatch = new MutationObserver((records) => {
      for (const r of records) window.drew += r.addedNodes.length;
    });
    for (const el of document.querySelectorAll('.cm-content'))
      window.drawWatch.observe(el, { childList: true });
  })()`);

/**
 * Presses `keys`, the last of them a jump's `c`. `read` (a page expression) is taken two frames
 * later, when the jump has scrolled and measured (the draw-ahead queues its idle callback in that
 * frame, after this read; `settle`: then until a frame changes nothing, which may let an idle
 * callback run first: only for a jump that draws nothing ahead), and again once the draw-ahead's
 * idle callback (idle callbacks run in the order asked) and two more frames have run; with how
 * many lines were drawn between.
 */
async function acrossIdle<T>(
  page: Page,
  keys: string[],
  read: string,
  settle = false,
): Promise<{ before: T; after: T; drew: number }> {
  await page.evaluate(`(() => {
    window.acrossIdle = undefined;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const onKey = async (e) => {
      if (e.key !== 'c') return;
      window.removeEventListener('keydown', onKey, true);
      await frame();
      await frame();
      // The jump has settled when a frame changes nothing (a long jump measures what it drew).
      let before = ${read};
      for (let i = 0; i < ${settle ? 30 : 0}; i++) {
        await frame();
        const now = ${read};
        if (JSON.stringify(now) === JSON.stringify(before)) break;
        before = now;
      }
      const drewBefore = window.drew;
      await new Promise((r) => requestIdleCallback(() => r(null)));
      await frame();
      await frame();
      window.acrossIdle = { before, after: ${read}, drew: window.drew - drewBefore };
    };
    window.addEventListener('keydown', onKey, true);
  })()`);
  for (const k of keys) await page.keyboard.press(k);
  const result = () => page.evaluate('window.acrossIdle ?? null');
  await expect.poll(result).not.toBeNull();
  return (await result()) as { before: T; after: T; drew: number };
}

const UNIFIED_SCROLL = `(() => {
  const s = document.querySelector('.dv-unified .cm-scroller');
  return [s.scrollTop, s.scrollLeft, s.clientHeight];
})()`;
const A_SIDEWAYS = `(() => {
  const s = document.querySelector('.cm-merge-a .cm-scroller');
  return [s.scrollLeft, s.clientWidth];
})()`;
const CURSOR_TOP = `document.querySelector('.cm-merge-b .cm-activeLine').getBoundingClientRect().top`;

async function press(page: Page, keys: string[]) {
  for (const k of keys) await page.keyboard.press(k);
}

test.describe('diff draw-ahead', () => {
  let dir: string;
  let paths: [string, string];
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-e2e-ahead-'));
    paths = writePair(dir);
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('never scrolls a short unified pane, nor the other pane sideways in 2-way', async ({
    web,
    page,
  }) => {
    await page.setViewportSize({ width: 1100, height: 560 });
    await page.goto(web.url);
    await openPair(page, paths);
    const tab = page.getByTestId('diff-tab');
    await expect(tab.locator('.cm-merge-b .cm-collapsedLines').first()).toBeVisible();

    // Unified, in a pane a few hundred pixels high.
    await tab.getByTestId('diff-layout-unified').click();
    await expect(tab.locator('.dv-unified .cm-collapsedLines').first()).toBeVisible();
    await tab.locator('.dv-unified .cm-content').click();
    await page.keyboard.press('Control+Home');
    await watchDrawing(page);
    let drewAhead = 0;
    for (let i = 0; i < 12; i++) {
      const r = await acrossIdle<number[]>(page, [']', 'c'], UNIFIED_SCROLL);
      await expect(tab.getByTestId('diff-position')).toContainText(`change ${i + 1} of`);
      expect(r.before[2]).toBeLessThan(520);
      expect(r.after, `scroll after ]c no. ${i + 1}`).toEqual(r.before);
      drewAhead += r.drew;
    }
    // The idle time did draw (else this test would prove nothing).
    expect(drewAhead).toBeGreaterThan(0);

    // 2-way: pane A read sideways far along a long line; ]c in pane B leaves A where it was.
    await tab.getByTestId('diff-layout-side').click();
    const a = tab.locator('.cm-merge-a .cm-scroller');
    await expect(a).toBeVisible();
    await tab.locator('.cm-merge-b .cm-content').click();
    await page.keyboard.press('Control+Home');
    await watchDrawing(page);
    drewAhead = 0;
    for (let i = 0; i < 12; i++) {
      await a.evaluate((s) => {
        s.scrollLeft = 2 * s.clientWidth;
      });
      const r = await acrossIdle<number[]>(page, [']', 'c'], A_SIDEWAYS);
      expect(r.before[0]).toBeGreaterThan(r.before[1] as number);
      expect(r.after, `pane A's sideways scroll after ]c no. ${i + 1}`).toEqual(r.before);
      drewAhead += r.drew;
    }
    expect(drewAhead).toBeGreaterThan(0);
  });

  test('[c from the end keeps the text still across the idle time', async ({ web, page }) => {
    await page.goto(web.url);
    await openPair(page, paths);
    const tab = page.getByTestId('diff-tab');
    await expect(tab.locator('.cm-merge-b .cm-collapsedLines').first()).toBeVisible();
    await tab.locator('.cm-merge-b .cm-content').click();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 8; i++) {
      const r = await acrossIdle<number>(page, ['[', 'c'], CURSOR_TOP, true);
      expect(
        Math.abs(r.after - r.before),
        `cursor line moved after [c no. ${i + 1}`,
      ).toBeLessThanOrEqual(1);
    }
    await expect(tab.getByTestId('diff-position')).toContainText('change 43 of 50');
  });

  test('zM closes the folds opened by clicking, with Collapse already on', async ({
    web,
    page,
  }) => {
    // 60 lines, one change in the middle: two folds.
    const lines = Array.from({ length: 60 }, (_x, i) => `option_${i} = ${i}`);
    writeFileSync(join(dir, 'c.cnf'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'd.cnf'),
      `${lines.join('\n').replace('option_30 = 30', 'option_30 = 31')}\n`,
    );
    await page.goto(web.url);
    // The ? sheet lists the diff keys (from the table the viewer acts on).
    const sheet = page.getByTestId('shortcuts-sheet');
    await expect(async () => {
      await page.keyboard.press('?');
      await expect(sheet).toBeVisible({ timeout: 1000 });
    }).toPass();
    await expect(sheet).toContainText('Diff (vimdiff keys)');
    await expect(sheet).toContainText('Fold the unchanged lines');
    await expect(sheet.locator('kbd', { hasText: /^zM$/ })).toHaveCount(1);
    await sheet
      .locator('section', { has: page.getByRole('heading', { name: 'Diff (vimdiff keys)' }) })
      .screenshot({ path: 'test-results/diff-keys-sheet.png' });
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await openPair(page, [join(dir, 'c.cnf'), join(dir, 'd.cnf')]);
    const tab = page.getByTestId('diff-tab');
    const folds: Locator = tab.locator('.cm-merge-b .cm-collapsedLines');
    await expect(folds).toHaveCount(2);
    await folds.first().click();
    await expect(folds).toHaveCount(1);
    await tab.locator('.cm-merge-b .cm-content').click();
    await press(page, ['z', 'M']);
    await expect(folds).toHaveCount(2);
    await expect(tab.getByTestId('diff-opt-collapse')).toBeChecked();
    await expect(tab.getByTestId('diff-message')).toContainText('folded again');
  });
});
