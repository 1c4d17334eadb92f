// Live charts benches (issue 15).
//
// metrics-collector: the SSH collector on the lab's hosts at 1 Hz (one sh+awk read loop per host
//   on the pooled connection) vs `vmstat 1` over OpenSSH on the same hosts for the same time —
//   CPU on each host (its sshd session and what runs under it, from /proc), plus the core's CPU,
//   event-loop lag (p50/p99/max) and RSS over the run, and what the loops report of themselves.
// metrics-charts: the renderer's uPlot options and series buffer in Chromium, fed at 1 Hz with a
//   15-minute window already full: 50 hosts × 20 series (a 50-line group overlay, a 20-series host
//   dashboard of 10 charts, 50 sparklines) vs one chart of one series — renderer main-thread busy
//   time per second of wall clock (CDP Performance TaskDuration) and JS heap after the run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { build } from 'esbuild';
import {
  fmt,
  lab,
  labCore,
  labInventoryPath,
  labSshConfig,
  launchChromium,
  root,
  treeCpuMs,
} from './measure.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The lab hosts' sshd listener pids (their sessions are children). */
function sshdPids(names) {
  const status = JSON.parse(lab('status', '--json'));
  return names.map((name) => {
    const h = status.hosts.find((x) => x.name === name);
    if (!h?.sshd?.up) throw new Error(`bench: ${name}'s sshd is not up (lab up first)`);
    return h.sshd.pid;
  });
}

/** CPU (ms) per host spent in `fn`'s window, measured on the hosts' sshd trees. */
async function hostCpu(pids, settle, fn) {
  await settle();
  const before = pids.map((p) => treeCpuMs([p]));
  const started = performance.now();
  const after = await fn(() => pids.map((p) => treeCpuMs([p])));
  const wall = performance.now() - started;
  return { wall, perHost: after.map((a, i) => a - before[i]) };
}

const pctOf = (ms, wall) => (100 * ms) / wall;

/**
 * The machine's own scheduling noise: the event-loop lag of an idle Node process over the same
 * window (on a shared, loaded machine a process waits for a CPU whatever it runs).
 */
function idleNodeLag(seconds) {
  const script = `const { monitorEventLoopDelay } = require('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
    setTimeout(() => { h.disable(); const ms = (n) => n / 1e6;
      process.stdout.write(JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) }));
    }, ${Math.round(seconds * 1000)});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`idle lag probe exited ${code}`)),
    ),
  );
}

/** p50/p99/max of a list of numbers. */
function spread(xs) {
  if (xs.length === 0) return { p50: 0, p99: 0, max: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return { p50: at(50), p99: at(99), max: s[s.length - 1] };
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function metricsCollectorBench(core, { seconds, hosts: count, refSeconds = 60 }) {
  // db1..dbN: the lab grows to N hosts if it has fewer (the added ones without MySQL, like the
  // fan-out bench's), and keeps them until `lab down`.
  const labHosts = JSON.parse(readFileSync(labInventoryPath, 'utf8')).hosts.length;
  if (labHosts < count) lab('up', '--hosts', String(count), '--no-mysql');
  const names = Array.from({ length: count }, (_, i) => `db${i + 1}`);
  const pids = sshdPids(names);
  const { services, dispose } = await labCore(core);
  try {
    await services.core.load('metrics');
    const hub = services.core.metrics.collectors;
    // How long each write of the history recorder holds the loop (bench-side timing).
    const repo = services.core.metrics.samples;
    const flushMs = [];
    const flushRows = [];
    const insertRaw = repo.insertRaw.bind(repo);
    repo.insertRaw = (rows) => {
      const t0 = performance.now();
      insertRaw(rows);
      if (sampling && rows.length) {
        flushMs.push(performance.now() - t0);
        flushRows.push(rows.length);
      }
    };
    let sampling = false;
    let samples = 0;
    const stops = [];
    const lag = monitorEventLoopDelay({ resolution: 5 });
    let coreCpu;
    let rss;
    let idle;
    /** Memory every 10 s over the run (flat: the last within ± 10 % of the first). */
    const memory = [];
    let memTimer;
    const opsdeck = await hostCpu(
      pids,
      async () => {
        for (const h of names)
          stops.push(hub.watch(h, 1000, (e) => (e.kind === 'sample' ? samples++ : undefined)));
        await sleep(5000); // connections, hello, first samples
        samples = 0;
        sampling = true;
        lag.enable();
        coreCpu = process.cpuUsage();
        rss = [process.memoryUsage().rss];
        const mem = () => {
          const m = process.memoryUsage();
          memory.push({ rss: m.rss, heap: m.heapUsed });
        };
        mem();
        memTimer = setInterval(mem, 10_000);
      },
      async (read) => {
        idle = idleNodeLag(seconds);
        await sleep(seconds * 1000);
        const after = read(); // before the loops end: they are still live children
        lag.disable();
        sampling = false;
        clearInterval(memTimer);
        coreCpu = process.cpuUsage(coreCpu);
        rss.push(process.memoryUsage().rss);
        return after;
      },
    );
    const idleLag = await idle;
    const self = hub.remoteCpu();
    for (const stop of stops) stop();

    const reference = await hostCpu(
      pids,
      async () => undefined,
      async () => {
        const children = names.map((h) =>
          spawn('ssh', ['-F', labSshConfig, h, 'vmstat', '1'], { stdio: 'ignore' }),
        );
        // A rate: its own minute is enough (a 10-minute run need not wait 10 more minutes).
        await sleep(Math.min(seconds, refSeconds) * 1000 + 5000);
        const ended = children.map((c) => new Promise((r) => c.once('close', r)));
        for (const c of children) c.kill('SIGTERM');
        await Promise.all(ended);
        await sleep(500); // the sessions are reaped: their time is in the listeners' children
        // The reference's window includes its login (5 s more than measured): subtract nothing,
        // it only makes the reference dearer per second, so the ratio errs against Opsdeck.
        return pids.map((p) => treeCpuMs([p]));
      },
    );
    const refWall = reference.wall;
    const ours = opsdeck.perHost.map((ms) => pctOf(ms, opsdeck.wall));
    const theirs = reference.perHost.map((ms) => pctOf(ms, refWall));
    const ms = (n) => `${fmt(n / 1e6, 1)} ms`;
    const mib = (b) => fmt(b / 2 ** 20, 0);
    const f = spread(flushMs);
    const heaps = memory.map((m) => m.heap);
    const rsses = memory.map((m) => m.rss);
    const drift = (xs) => (100 * (xs[xs.length - 1] - xs[0])) / xs[0];
    return {
      name: `metrics collector: ${names.length} lab hosts at 1 Hz for ${seconds} s (system; MySQL on the hosts that have it)`,
      opsdeck:
        `${fmt(mean(ours), 2)} % of a core per host (sshd session + loop; max ${fmt(Math.max(...ours), 2)}), ` +
        `${samples} samples (${fmt(samples / names.length / seconds, 2)}/s per host)`,
      reference: `${fmt(mean(theirs), 2)} % of a core per host (vmstat 1 over OpenSSH, incl. its login; max ${fmt(Math.max(...theirs), 2)})`,
      verdict:
        `ratio: Opsdeck costs ${fmt(mean(ours) / mean(theirs), 2)}× vmstat's CPU on a host; ` +
        `target collector CPU ≤ 1 % per host: ${mean(ours) <= 1 ? 'meets' : 'ABOVE'}`,
      extra:
        `loops' own last report (mean): loop ${fmt(mean(self.map((s) => s.loopPct ?? 0)), 2)} % + session ${fmt(mean(self.map((s) => s.sessionPct ?? 0)), 2)} %\n` +
        `  core: CPU ${fmt(((coreCpu.user + coreCpu.system) / 1000 / opsdeck.wall) * 100, 2)} % of a core, ` +
        `event-loop lag p50 ${ms(lag.percentile(50))} p99 ${ms(lag.percentile(99))} max ${ms(lag.max)} (target p99 ≤ 20 ms), ` +
        `RSS ${fmt(rss[0] / 2 ** 20, 0)} → ${fmt(rss[1] / 2 ** 20, 0)} MiB ` +
        `(${fmt((100 * (rss[1] - rss[0])) / rss[0], 1)} %; MySQL's side of SHOW GLOBAL STATUS is in mariadbd, not counted)\n` +
        `  reference lag: an idle Node process on this machine meanwhile p50 ${fmt(idleLag.p50, 1)} ms p99 ${fmt(idleLag.p99, 1)} ms max ${fmt(idleLag.max, 1)} ms ` +
        `(core p99 − idle p99 = ${fmt(lag.percentile(99) / 1e6 - idleLag.p99, 1)} ms)\n` +
        `  history writes: ${flushMs.length} writes of ${fmt(mean(flushRows.length ? flushRows : [0]), 0)} rows, p50 ${fmt(f.p50, 1)} ms p99 ${fmt(f.p99, 1)} ms max ${fmt(f.max, 1)} ms\n` +
        `  memory every 10 s (${memory.length} samples): RSS ${mib(Math.min(...rsses))}–${mib(Math.max(...rsses))} MiB, first → last ${fmt(drift(rsses), 1)} %; ` +
        `JS heap ${mib(Math.min(...heaps))}–${mib(Math.max(...heaps))} MiB, first → last ${fmt(drift(heaps), 1)} % (target flat ± 10 %)`,
    };
  } finally {
    await dispose();
  }
}

/** Bundles the chart page (the renderer's chart code) for Chromium. */
async function chartPageScript() {
  const outfile = join(root, 'dist/bench/chart-page.js');
  await build({
    entryPoints: [join(root, 'scripts/bench/chart-page.dom.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}

const fleetScenario = (hosts, perHost) => {
  const key = (h, s) => `h${h}:s${s}`;
  const charts = [
    // The group overlay: one metric of every host on one wide chart.
    { keys: Array.from({ length: hosts }, (_, h) => key(h, 0)), width: 1100, height: 300 },
    // One host's dashboard: its series over 10 charts.
    ...Array.from({ length: 10 }, (_, c) => ({
      keys: Array.from({ length: perHost / 10 }, (_, j) => key(0, c * (perHost / 10) + j)),
      width: 400,
      height: 180,
    })),
    // The Hosts table: a sparkline per host.
    ...Array.from({ length: hosts }, (_, h) => ({
      keys: [key(h, 1)],
      width: 120,
      height: 24,
      spark: true,
    })),
  ];
  return { hosts, seriesPerHost: perHost, spanSec: 900, charts };
};

const referenceScenario = {
  hosts: 1,
  seriesPerHost: 1,
  spanSec: 900,
  charts: [{ keys: ['h0:s0'], width: 400, height: 180 }],
};

export async function chartRenderBench({ seconds, hosts = 50, perHost = 20 }) {
  const script = await chartPageScript();
  const browser = await launchChromium();
  try {
    const run = async (scenario) => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.setContent('<!doctype html><body style="margin:0"><div id="root"></div></body>');
      await page.addStyleTag({
        content: readFileSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8'),
      });
      await page.addScriptTag({ path: script });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const task = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
          .value;
      const points = await page.evaluate((sc) => globalThis.chartBench.start(sc), scenario);
      await sleep(3000); // first draws, JIT
      const t0 = await task();
      const w0 = performance.now();
      await sleep(seconds * 1000);
      const busy = ((await task()) - t0) * 1000;
      const wall = performance.now() - w0;
      await page.evaluate(() => globalThis.chartBench.stop());
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      await page.close();
      return { pct: (100 * busy) / wall, points, charts: scenario.charts.length, heap };
    };
    const reference = await run(referenceScenario);
    const fleet = await run(fleetScenario(hosts, perHost));
    const perPoint = (r) => r.pct / r.points;
    return {
      name: `metrics charts: ${hosts} hosts × ${perHost} series at 1 Hz, 15-min window, ${seconds} s (Chromium, the renderer's uPlot options)`,
      opsdeck: `${fmt(fleet.pct, 2)} % of one core (${fleet.charts} charts, ${fleet.points} points drawn per tick), JS heap ${fmt(fleet.heap / 2 ** 20, 1)} MiB`,
      reference: `${fmt(reference.pct, 2)} % of one core (1 chart, ${reference.points} points per tick), JS heap ${fmt(reference.heap / 2 ** 20, 1)} MiB`,
      verdict:
        `ratio: ${fmt(fleet.pct / reference.pct, 1)}× the reference's CPU for ${fmt(fleet.points / reference.points, 0)}× the points ` +
        `(cost per point ${fmt(perPoint(fleet) / perPoint(reference), 2)}× the reference's); ` +
        `target renderer CPU ≤ 10 % of a core: ${fleet.pct <= 10 ? 'meets' : 'ABOVE'}`,
    };
  } finally {
    await browser.close();
  }
}
