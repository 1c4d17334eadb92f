// EC2 table bench: 5,000 instances in 4 regions from the fake EC2 endpoint, shown in Chromium
// through web mode (the real renderer, the real `opsdeck serve`, the real SDK on 127.0.0.1).
// Measures time to first rows, time to the complete table, scrolling and the renderer's heap;
// the reference is the same table with 500 instances, measured in the same run.
//
//   node scripts/bench/ec2-table.mjs [--instances 5000] [--reference 500] [--runs 3]
//
// Needs `npm run build` first (dist/renderer and dist/main/cli.cjs). Nothing leaves 127.0.0.1.
/* global document, requestAnimationFrame, HTMLInputElement -- page.evaluate bodies run in Chromium */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { launchChromium, serve } from './measure.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const REGIONS = 4;
const PASSPHRASE = 'ec2-bench-passphrase';

/** The fake EC2 endpoint is TypeScript: bundle it for plain Node. */
async function loadFake() {
  const outfile = join(root, 'dist/bench/fake-ec2.cjs');
  await build({
    entryPoints: [join(root, 'testing/aws/fake-ec2/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

function cli(home, args, env = {}) {
  return execFileSync(process.execPath, [join(root, 'bin/opsdeck.mjs'), ...args], {
    env: { ...process.env, ...env, OPSDECK_HOME: home, OPSDECK_VAULT_PASSPHRASE: PASSPHRASE },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;
const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

/**
 * One measurement in a fresh page: the EC2 area is opened with the account and "all regions"
 * chosen; times are taken in the page (rAF after the DOM changed), heap after a forced GC.
 */
async function measure(browser, url, account, expected) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(url);
  await page.evaluate((a) => {
    localStorage.setItem(
      'opsdeck.ec2.scope',
      JSON.stringify({ selected: [a], region: 'all', kind: 'instances' }),
    );
  }, account);
  await page.reload();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page
    .waitForSelector('[data-testid="status-connection"][data-state="open"]')
    .catch(async (err) => {
      await page.screenshot({ path: join(tmpdir(), 'opsdeck-ec2-bench-failure.png') });
      throw new Error(`${err.message}\npage errors: ${errors.join('\n') || 'none'}`);
    });
  await page.waitForSelector('[data-testid="nav-ec2"]');
  await page.waitForTimeout(300); // accounts fetched, app idle
  await cdp.send('HeapProfiler.collectGarbage');
  const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;

  const times = await page.evaluate(
    (want) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        let first = 0;
        const deadline = t0 + 120_000;
        document.querySelector('[data-testid="nav-ec2"]').click();
        const check = () => {
          const now = performance.now();
          if (!first && document.querySelector('[data-testid^="ec2-row-"]')) first = now;
          const c = document.querySelector('[data-testid="ec2-count"]');
          if (
            first &&
            c &&
            c.dataset.loading === 'false' &&
            c.textContent === `${want} instances`
          ) {
            resolve({ first: first - t0, done: now - t0 });
            return;
          }
          if (now > deadline) reject(new Error(`table never completed: ${c?.textContent}`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    expected,
  );

  // Scrolling: frame intervals while scrolling `rows` rows per frame (3: a mouse wheel; 40: a
  // page per frame, every visible row new each frame), from the top, at most 150 frames.
  const scrollBy = (rows) =>
    page.evaluate(
      (n) =>
        new Promise((resolve) => {
          const el = document.querySelector('[data-testid="ec2-table-instances"]');
          el.scrollTop = 0;
          const frames = [];
          let last = performance.now();
          const step = () => {
            const now = performance.now();
            frames.push(now - last);
            last = now;
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2 || frames.length > 150) {
              frames.shift(); // the first interval is not a scroll frame
              frames.sort((a, b) => a - b);
              resolve({
                frames: frames.length,
                p50: frames[Math.floor(frames.length / 2)],
                p95: frames[Math.floor(frames.length * 0.95)],
              });
              return;
            }
            el.scrollTop += 26 * n;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      rows,
    );
  const wheel = await scrollBy(3);
  const scroll = await scrollBy(40);

  // Typing in the search box: time until the filtered count shows.
  const search = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const input = document.querySelector('[data-testid="ec2-search"]');
        const count = document.querySelector('[data-testid="ec2-count"]');
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const t0 = performance.now();
        setter.call(input, 'db-00');
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const check = () => {
          if (/ of /.test(count.textContent)) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );

  await cdp.send('HeapProfiler.collectGarbage');
  const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await page.close();
  return {
    ...times,
    wheelP50: wheel.p50,
    wheelP95: wheel.p95,
    scrollP95: scroll.p95,
    search,
    heap: after,
    heapDelta: after - before,
  };
}

/**
 * The bench: returns `{ name, opsdeck, reference, ratio, target, extra, cleanup }` like the other
 * benches of scripts/bench.mjs, and prints the detail on stderr.
 */
export async function ec2TableBench({ instances = 5000, reference = 500, runs = 3 } = {}) {
  for (const f of ['dist/main/cli.cjs', 'dist/renderer/index.html'])
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const { startFakeEc2, DEFAULT_REGIONS } = await loadFake();
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-ec2-bench-'));
  const fakes = [];
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    server?.child.kill('SIGTERM');
    for (const f of fakes) await f.close().catch(() => {});
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const accounts = [];
    for (const [name, total] of [
      ['big', instances],
      ['ref', reference],
    ]) {
      const fake = await startFakeEc2({ regions: DEFAULT_REGIONS.slice(0, REGIONS) });
      fakes.push(fake);
      fake.seed({ instancesPerRegion: Math.round(total / REGIONS) });
      cli(
        home,
        [
          'ec2',
          'accounts',
          'add',
          name,
          '--access-key-id',
          'AKIAFAKE000000000001',
          '--secret-key-env',
          'BENCH_SECRET',
          '--endpoint',
          fake.endpoint,
          '--region',
          DEFAULT_REGIONS[0],
        ],
        { BENCH_SECRET: 'bench-secret' },
      );
      accounts.push({ name, total: Math.round(total / REGIONS) * REGIONS });
    }
    server = await serve(home, PASSPHRASE);
    browser = await launchChromium();
    const results = {};
    for (const a of accounts) {
      const list = [];
      // Warm-up (SDK clients, credential resolution, the fake's first listing), then measured runs.
      await measure(browser, server.url, a.name, a.total);
      for (let i = 0; i < runs; i++) list.push(await measure(browser, server.url, a.name, a.total));
      const pick = (k) => median(list.map((r) => r[k]));
      results[a.name] = {
        rows: a.total,
        first: pick('first'),
        done: pick('done'),
        wheelP50: pick('wheelP50'),
        wheelP95: pick('wheelP95'),
        scrollP95: pick('scrollP95'),
        search: pick('search'),
        heap: pick('heap'),
        heapDelta: pick('heapDelta'),
      };
    }
    const big = results.big;
    const ref = results.ref;
    const line = (r) =>
      `${r.rows} instances in ${REGIONS} regions: first rows ${ms(r.first)}, complete ${ms(r.done)}, search ${ms(r.search)}, frames scrolling 3 rows/frame p50 ${ms(r.wheelP50)} p95 ${ms(r.wheelP95)}, 40 rows/frame p95 ${ms(r.scrollP95)}, renderer heap ${mib(r.heap)} (+${mib(r.heapDelta)} for the table)`;
    process.stderr.write(`ec2-table: ${line(big)}\nec2-table: ${line(ref)} [reference]\n`);
    // Scaling: 10× the rows should cost at most 10× the time (ratio ≥ 1: better than linear).
    const ratio = ((big.rows / ref.rows) * ref.done) / big.done;
    return {
      name: `EC2 table: ${big.rows} instances in ${REGIONS} regions (web mode, Chromium), median of ${runs}`,
      opsdeck: line(big),
      reference: line(ref),
      ratio,
      target: 1,
      extra: `time to complete ×${(big.done / ref.done).toFixed(2)} for ×${(big.rows / ref.rows).toFixed(0)} rows; first rows ×${(big.first / ref.first).toFixed(2)}; heap for the table ×${(big.heapDelta / Math.max(1, ref.heapDelta)).toFixed(2)}`,
      results,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '5000' },
      reference: { type: 'string', default: '500' },
      runs: { type: 'string', default: '3' },
    },
  });
  const r = await ec2TableBench({
    instances: Number(values.instances),
    reference: Number(values.reference),
    runs: Number(values.runs),
  });
  console.log(`\n${r.name}`);
  console.log(`  opsdeck:   ${r.opsdeck}`);
  console.log(`  reference: ${r.reference}`);
  console.log(
    `  ratio:     ${r.ratio.toFixed(2)}× (target ≥ ${r.target}×: ${r.ratio >= r.target ? 'meets' : 'BELOW'})`,
  );
  console.log(`  ${r.extra}`);
  await r.cleanup();
}
