import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/**
 * axe-core over every screen a journey shows (issue 17): each area, tab, dialog, menu and wizard
 * step, in the light and the dark theme. A serious or critical violation fails the test; the
 * others are listed in the output (target: none).
 *
 * Screens are found by themselves: before every element action (a Playwright locator handler
 * on `body`) the page's screen key is read — area, tab kind, open dialogs, menus, wizard steps —
 * and a screen not seen before is checked before the action runs. The last screen is checked when
 * the test ends; a journey that drives the page with the keyboard alone calls `check()` itself.
 */

/** The rules: WCAG 2.2 A/AA and axe's best practices (landmarks, one h1, heading order…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
export const THEMES = ['light', 'dark'] as const;
export type Theme = 'light' | 'dark' | 'contrast-light' | 'contrast-dark';

/**
 * Violations tolerated for now: printed on every run as `known`, not failing it, until they are
 * fixed — then their line goes. A finding is known when its rule matches and every node it names
 * matches `target`. Empty: the config diff and metrics findings were fixed at their source.
 */
const KNOWN: readonly { rule: string; target: RegExp; why: string }[] = [];

const isKnown = (f: Finding): boolean =>
  KNOWN.some((k) => k.rule === f.rule && f.nodes.every((n) => k.target.test(n)));

export interface Finding {
  screen: string;
  theme: Theme;
  rule: string;
  impact: string;
  help: string;
  /** CSS targets of the first few nodes, and how many there were. */
  nodes: string[];
  count: number;
}

/**
 * What the page shows now, as a short stable key (the shell marks its parts with data-*), or
 * null when the page is not the app (no #root: a plain-text answer such as web mode's 401).
 * Page code is a string here: this tree is typed without the DOM library.
 */
const SCREEN_KEY = `(() => {
  if (!document.getElementById('root')) return null;
  const main = document.querySelector('main[data-area]');
  const current = document.querySelector('nav [aria-current=page]');
  const parts = [
    main?.dataset.area ?? current?.dataset.testid?.replace(/^nav-/, '') ?? 'no-area',
    main?.dataset.tab ? 'tab:' + main.dataset.tab : '',
  ];
  for (const d of document.querySelectorAll('[role=dialog],[role=alertdialog]'))
    parts.push('dialog:' + (d.dataset.testid ?? d.getAttribute('aria-label') ?? '?'));
  for (const s of document.querySelectorAll('[data-step]')) parts.push('step:' + s.dataset.step);
  for (const m of document.querySelectorAll('[role=menu]'))
    parts.push('menu:' + (m.getAttribute('aria-label') ?? '?'));
  return parts.filter(Boolean).join(' › ');
})()`;

/** Two frames: styles and layout caught up with the last change. */
const settle = (page: Page) =>
  page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))',
  );

/** Put a theme on the page (the attributes the theme store writes) and let styles settle. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  const dark = theme.endsWith('dark');
  const more = theme.startsWith('contrast');
  await page.evaluate(`(() => {
    const root = document.documentElement;
    root.dataset.theme = ${JSON.stringify(dark ? 'dark' : 'light')};
    if (${more}) root.dataset.contrast = 'more';
    else delete root.dataset.contrast;
  })()`);
  await settle(page);
}

/** The page's theme now, to put back after a check in another one. */
async function currentTheme(page: Page): Promise<Theme> {
  return (await page.evaluate(
    "(document.documentElement.dataset.contrast === 'more' ? 'contrast-' : '') + (document.documentElement.dataset.theme ?? 'light')",
  )) as Theme;
}

export class AxeChecker {
  private readonly seen = new Set<string>();
  readonly findings: Finding[] = [];
  /** Screens checked, in order (for the report). */
  readonly screens: string[] = [];
  private busy = false;

  constructor(
    private readonly page: Page,
    private readonly themes: readonly Theme[] = THEMES,
  ) {}

  /** Check the page as it is now, once per screen key (`force`: again, under another name). */
  async check(name?: string): Promise<void> {
    if (this.busy || this.page.isClosed()) return;
    this.busy = true;
    try {
      await settle(this.page);
      const key = (await this.page.evaluate(SCREEN_KEY)) as string | null;
      // Not the app: a response a journey opened on purpose (a 401 text, a download).
      if (key === null) return;
      const screen = name ? `${key} (${name})` : key;
      if (this.seen.has(screen)) return;
      this.seen.add(screen);
      this.screens.push(screen);
      const was = await currentTheme(this.page);
      try {
        for (const theme of this.themes) {
          await setTheme(this.page, theme);
          const results = await new AxeBuilder({ page: this.page })
            .setLegacyMode(true)
            .withTags(TAGS)
            .options({ resultTypes: ['violations'] })
            .analyze();
          for (const v of results.violations)
            this.findings.push({
              screen,
              theme,
              rule: v.id,
              impact: v.impact ?? 'minor',
              help: v.help,
              nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
              count: v.nodes.length,
            });
        }
      } finally {
        await setTheme(this.page, was);
      }
    } catch (err) {
      // The page navigated or closed mid-check: that screen is gone, nothing to report.
      const gone = /context was destroyed|Target .*closed|navigat/i.test(String(err));
      if (!this.page.isClosed() && !gone) throw err;
    } finally {
      this.busy = false;
    }
  }

  /** Check each new screen before the next element action (see the top of this file). */
  async watch(): Promise<void> {
    await this.page.addLocatorHandler(this.page.locator('body'), () => this.check(), {
      noWaitAfter: true,
    });
  }

  blocking(): Finding[] {
    return this.findings.filter(
      (f) => (f.impact === 'serious' || f.impact === 'critical') && !isKnown(f),
    );
  }

  /** One line per finding; printed after the test and attached to its result. */
  report(): string {
    const lines = [`axe: ${this.screens.length} screens × ${this.themes.join('+')}`];
    for (const f of this.findings)
      lines.push(
        `  ${isKnown(f) ? 'known ' : ''}${f.impact.padEnd(8)} ${f.rule} ×${f.count} [${f.theme}] ${f.screen}: ${f.help} — ${f.nodes.join(', ')}`,
      );
    if (this.findings.length === 0) lines.push('  no violations');
    return lines.join('\n');
  }

  /** Counts per screen and impact, kept in test-results/axe/ for the figures of issue 17. */
  save(info: TestInfo): void {
    const dir = join('test-results', 'axe');
    mkdirSync(dir, { recursive: true });
    const file = join(
      dir,
      `${info.titlePath
        .join(' ')
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 150)}.json`,
    );
    writeFileSync(
      file,
      JSON.stringify(
        { test: info.titlePath, screens: this.screens, findings: this.findings },
        null,
        1,
      ),
    );
  }
}

/** The fixture's body: watch every screen, check the last one, fail on serious or critical. */
export async function runWithAxe(
  page: Page,
  info: TestInfo,
  use: (axe: AxeChecker) => Promise<void>,
): Promise<void> {
  const axe = new AxeChecker(page);
  await axe.watch();
  await use(axe);
  if (info.status === info.expectedStatus) await axe.check();
  axe.save(info);
  const report = axe.report();
  console.log(report);
  await info.attach('axe', { body: report, contentType: 'text/plain' });
  const blocking = axe.blocking();
  if (blocking.length > 0 && info.status === info.expectedStatus)
    throw new Error(
      `axe: ${blocking.length} serious/critical violations (issue 17):\n${axe.report()}`,
    );
}
