// Diff viewer bench: a 50,000-line config pair (local files, ~100 changes) opened in the real
// renderer through web mode in Chromium. Measures the first paint of the side-by-side view from
// the click on "Compare" (read both files, send them, build the merge view, paint) and the cost of
// `]c` per jump across the file — the way a user types it (a key every 150 ms, counted from when
// it was due: the viewer draws the next jump's lines in the idle time between, and a key that
// waits for that work counts the wait) and back to back (no idle time at all) —
// in the folded view every user starts with and with every line shown (zR); the reference is the
// same journey with a 500-line pair.
//
// Needs `npm run build` first (dist/renderer and dist/main/cli.cjs). Nothing leaves 127.0.0.1.
/* global document, requestAnimationFrame, KeyboardEvent, MutationObserver -- page.evaluate bodies run in Chromium */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, launchChromium, root, serve } from './measure.mjs';

const PASSPHRASE = 'diff-bench-passphrase';
/** The comparison's editors (the tab's view, not anything else on the page). */
const VIEW = '[data-testid="diff-view"]';

/** A config-like file of `lines` lines and a copy with about one change per 500 lines. */
export function configPair(lines) {
  const a = [];
  for (let i = 0; i < lines; i++) {
    if (i % 200 === 0) a.push(`[section_${i / 200}]`);
    else if (i % 50 === 0) a.push(`# tuning note ${i}`);
    else a.push(`option_${i} = value_${i % 977}`);
  }
  const b = [];
  a.forEach((line, i) => {
    if (i % 1500 === 700) return; // deleted
    if (i % 500 === 251) b.push(line.replace(/= value_/, '= tuned_'));
    else b.push(line);
    if (i % 2000 === 1200) b.push(`added_${i} = on`);
  });
  return [`${a.join('\n')}\n`, `${b.join('\n')}\n`];
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function openPair(page, url, a, b, { unfolded = false } = {}) {
  await page.goto(url);
  await page.waitForSelector('[data-testid="status-connection"][data-state="open"]');
  // Every line shown, as after zR (remembered like the toolbar's Collapse option).
  if (unfolded)
    await page.evaluate(() =>
      localStorage.setItem('opsdeck.diff.prefs', JSON.stringify({ collapse: false })),
    );
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-palette-input').fill('compare files');
  await page.getByTestId('palette-config:compare').click();
  for (const [i, path] of [a, b].entries()) {
    await page.getByTestId(`compare-kind-${i}`).selectOption('local');
    await page.getByTestId(`compare-path-${i}`).fill(path);
  }
  // A user types two paths in seconds; the viewer uses that time to compile its code on a small
  // pair out of sight (src-renderer/features/diff/viewer/warm-up.ts). Wait for it as that user
  // would, not for a fixed time; it never takes more than a few frames.
  await page.waitForFunction(
    () => performance.getEntriesByName('opsdeck:diff:warm-up').length > 0,
    null,
    { timeout: 30_000 },
  );
  // From the click to the first painted frame with the merge view's lines in it.
  return page.evaluate(
    (VIEW) =>
      new Promise((resolve, reject) => {
        performance.clearMarks();
        const t0 = performance.now();
        document.querySelector('[data-testid="compare-open"]').click();
        const mark = (name) => {
          const m = performance.getEntriesByName(`opsdeck:diff:${name}`).at(-1);
          return m ? m.startTime - t0 : NaN;
        };
        const deadline = t0 + 60_000;
        const check = () => {
          // In the comparison's tab: not the viewer's warm-up run (mount-viewer.ts), were it there.
          if (document.querySelector(`${VIEW} .cm-mergeView .cm-merge-b .cm-content > *`))
            requestAnimationFrame(() =>
              resolve({
                paint: performance.now() - t0,
                loaded: mark('loaded'),
                code: mark('code'),
                built: mark('built'),
              }),
            );
          else if (performance.now() > deadline) reject(new Error('the merge view never showed'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    VIEW,
  );
}

/**
 * `]c` jumps from the top to the last change: per jump, the synchronous key handling plus the work
 * of the next frame (CodeMirror measures and scrolls there), not the idle wait for the frame.
 * `typed`: a quick typist's `]c ]c ]c`, one every 150 ms of wall-clock time whatever the page is
 * doing; a jump counts from when its key was due, so a key that waited behind the viewer's own
 * idle work (the draw-ahead) counts that wait, and the frame after the jump's counts too (the other
 * editor of the merge view follows the scroll there). Long tasks (≥ 50 ms) seen meanwhile are
 * summed. Otherwise back to back, the next key right after the frame.
 */
function jumps(page, max, typed) {
  return page.evaluate(
    ({ limit, VIEW, typed }) =>
      new Promise((resolve) => {
        const content = document.querySelector(`${VIEW} .cm-merge-b .cm-content`);
        content.focus();
        const key = (k) =>
          content.dispatchEvent(
            new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }),
          );
        const times = [];
        // Jumps during which either editor drew lines it had not drawn before (a DOM count that
        // does not depend on the machine's load).
        let added = 0;
        let drew = 0;
        const lines = new MutationObserver((ms) =>
          ms.forEach((m) => (added += m.addedNodes.length)),
        );
        for (const c of document.querySelectorAll(`${VIEW} .cm-content`))
          lines.observe(c, { childList: true });
        // How far the cursor line lands from the middle of the view (where the view could scroll
        // that far: not at the top or the bottom), read after the frame's time was taken.
        const offs = [];
        const scroller = document.querySelector(`${VIEW} .cm-mergeView`);
        const offCentre = () => {
          const line = document.querySelector(`${VIEW} .cm-merge-b .cm-activeLine`);
          if (!scroller || !line || scroller.scrollTop <= 0) return null;
          if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) return null;
          const l = line.getBoundingClientRect();
          const s = scroller.getBoundingClientRect();
          return Math.abs(
            (l.top + l.bottom) / 2 - (s.top + scroller.clientTop + scroller.clientHeight / 2),
          );
        };
        const position = () =>
          document.querySelector('[data-testid="diff-position"]')?.textContent ?? '';
        // The last change: the cursor stays where it was and the status line says so (a message
        // left from an earlier run alone does not count).
        let before = null;
        const atEnd = () => {
          const now = position();
          const stayed = now === before;
          before = now;
          return (
            stayed &&
            /No more changes below/.test(
              document.querySelector('[data-testid="diff-message"]')?.textContent ?? '',
            )
          );
        };
        // Typed: when the next key is due (a timer, not an idle callback: the key does not wait
        // for the page to be idle, and its wait counts).
        let due = 0;
        let waited = 0;
        let longTasks = 0;
        let longTaskMs = 0;
        const long = new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => {
            longTasks++;
            longTaskMs += e.duration;
          }),
        );
        if (typed) long.observe({ type: 'longtask' });
        const step = () => {
          lines.takeRecords();
          added = 0;
          const start = performance.now();
          const t0 = typed && due ? Math.min(due, start) : start;
          waited = Math.max(waited, start - t0);
          key(']');
          key('c');
          const sync = performance.now() - t0;
          requestAnimationFrame((frameStart) => {
            content.getBoundingClientRect();
            const frame = performance.now() - frameStart;
            const done = (after) => {
              const off = offCentre();
              lines.takeRecords().forEach((m) => (added += m.addedNodes.length));
              if (atEnd() || times.length >= limit) {
                lines.disconnect();
                long.disconnect();
                resolve({ times, position: position(), offs, drew, waited, longTasks, longTaskMs });
              } else {
                times.push(sync + frame + after);
                if (added) drew++;
                if (off !== null) offs.push(off);
                if (typed) {
                  due = t0 + 150 * Math.ceil((performance.now() - t0 + 1) / 150);
                  setTimeout(step, due - performance.now());
                } else setTimeout(step, 0);
              }
            };
            if (!typed) done(0);
            else
              requestAnimationFrame((nextStart) => {
                content.getBoundingClientRect();
                done(performance.now() - nextStart);
              });
          });
        };
        step();
      }),
    { limit: max, VIEW, typed },
  );
}

/** p50 / p95 / max of a jump run, and how many jumps. */
const jumpFigures = (run) =>
  `${fmt(median(run.times))} / ${fmt(pct(run.times, 0.95))} / ${fmt(Math.max(...run.times))} ms ` +
  `(${run.times.length} jumps, ${run.drew} drew new lines` +
  (run.longTasks === undefined
    ? ')'
    : `, a key waited ≤ ${fmt(run.waited)} ms, ${run.longTasks} long tasks ${fmt(run.longTaskMs, 0)} ms)`);

export async function diffViewerBench({ lines = 50_000, reference = 500, runs = 3 } = {}) {
  for (const f of ['dist/main/cli.cjs', 'dist/renderer/index.html'])
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-diff-bench-'));
  const files = mkdtempSync(join(tmpdir(), 'opsdeck-diff-bench-files-'));
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    server?.child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  };
  try {
    const write = (n) => {
      const [a, b] = configPair(n);
      const pa = join(files, `a-${n}.cnf`);
      const pb = join(files, `b-${n}.cnf`);
      writeFileSync(pa, a);
      writeFileSync(pb, b);
      return [pa, pb];
    };
    const big = write(lines);
    const small = write(reference);
    server = await serve(home, PASSPHRASE);
    browser = await launchChromium();
    // The URL's token opens one session (web mode, issue 12): the first page keeps its cookie and
    // every later measurement starts a fresh context (cold cache) with that cookie.
    let cookies;
    const measure = async ([a, b], withJumps, unfolded = false) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      if (cookies) await context.addCookies(cookies);
      const page = await context.newPage();
      const t = await openPair(page, server.url, a, b, { unfolded });
      cookies ??= await context.cookies();
      const j = withJumps
        ? { typed: await jumps(page, 400, true), backToBack: await backToBack(page) }
        : undefined;
      await context.close();
      return { paint: t.paint, parts: t, jumps: j };
    };
    // Back to back from the top again (the typed run ended at the last change).
    const backToBack = async (page) => {
      await page.keyboard.press('Control+Home');
      await page.waitForFunction(
        (VIEW) => document.querySelector(`${VIEW} .cm-mergeView`)?.scrollTop === 0,
        VIEW,
      );
      return jumps(page, 400, false);
    };
    const bigRuns = [];
    const parts = [];
    const smallRuns = [];
    let jumpRun;
    for (let i = 0; i < runs; i++) {
      smallRuns.push((await measure(small, false)).paint);
      const r = await measure(big, i === runs - 1);
      bigRuns.push(r.paint);
      parts.push(r.parts);
      jumpRun ??= r.jumps;
    }
    const paint = median(bigRuns);
    const ref = median(smallRuns);
    const unfolded = (await measure(big, true, true)).jumps;
    const typed = jumpRun.typed;
    const times = typed.times;
    process.stderr.write(
      `diff viewer: ${lines}-line pair first paint ${bigRuns.map((x) => fmt(x, 0)).join(', ')} ms; ` +
        `${reference}-line ${smallRuns.map((x) => fmt(x, 0)).join(', ')} ms; ${times.length} jumps to "${typed.position}"\n` +
        `  ]c p50 / p95 / max — folded (the default): typed ${jumpFigures(typed)}, back to back ${jumpFigures(jumpRun.backToBack)}; ` +
        `every line shown (zR): typed ${jumpFigures(unfolded.typed)}, back to back ${jumpFigures(unfolded.backToBack)}\n`,
    );
    const part = (k) => fmt(median(parts.map((p) => p[k])), 0);
    const breakdown =
      `breakdown (median, ms from the click): files read and received ${part('loaded')}, ` +
      `viewer code ready ${part('code')}, merge view built ${part('built')}, painted ${part('paint')}; ` +
      `machine load ${fmt(loadavg()[0])} on ${cpus().length} cores`;
    process.stderr.write(`${breakdown}\n`);
    return {
      name: `diff viewer: ${lines.toLocaleString('en')}-line pair (side by side, Chromium, web mode)`,
      opsdeck:
        `first paint ${fmt(paint, 0)} ms (median of ${runs}; first ${fmt(bigRuns[0], 0)} ms); ` +
        `]c ${fmt(median(times))} ms per jump typed (p95 ${fmt(pct(times, 0.95))}, max ${fmt(Math.max(...times))}, ${times.length} jumps; ` +
        `back to back p50 ${fmt(median(jumpRun.backToBack.times))}, p95 ${fmt(pct(jumpRun.backToBack.times, 0.95))}; ` +
        `zR (no folds) typed p50 ${fmt(median(unfolded.typed.times))}, p95 ${fmt(pct(unfolded.typed.times, 0.95))}; ` +
        `cursor line ≤ ${fmt(Math.max(0, ...typed.offs, ...unfolded.typed.offs), 0)} px from the view's middle)`,
      reference: `${reference}-line pair first paint ${fmt(ref, 0)} ms (same journey)`,
      ratio: 300 / paint,
      target: 1,
      extra:
        `budget: first paint ≤ 300 ms (ratio = 300 ms / measured), ]c ≤ 16 ms per jump: ` +
        `${pct(times, 0.95) <= 16 ? 'meets' : 'ABOVE'} at p95 typed (${Math.max(...times) <= 16 ? 'meets' : 'ABOVE'} at max); the 50,000-line pair costs ${fmt(paint / ref)}× the ${reference}-line one\n  ${breakdown}`,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
