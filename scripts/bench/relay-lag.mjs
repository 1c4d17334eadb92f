// Event-loop lag of the process that drives the window while 10 terminals stream and a workflow
// runs (target p99 ≤ 20 ms), with the core process's own lag beside it. Electron cannot run
// here: the relay process is Node running the real relay code (electron/ipc.ts + the core-process
// supervisor) with a stand-in `electron` module whose utilityProcess forks a real Node child and
// whose MessageChannelMain joins two processes directly (testing/electron/socket-port.mjs); the
// renderer is a third process (renderer-stand-in.ts: the preload's stream client and the
// terminal area's ack coalescer). Same run, same load, references: an idle process beside the
// window's (the machine's floor under this load), the same split with every terminal byte
// relayed by main (no stream port, as before it), and the core inside the window's process (as
// before the split). The load average is printed at the start and the end.
//
//   node scripts/bench/relay-lag.mjs [--terminals 10] [--seconds 10]   (needs the lab up)
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { fmt, labInventoryPath } from './measure.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'dist/bench');

async function bundle() {
  // The core process entry as the app ships it; the harness with the stand-in `electron`.
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'inherit' });
  await build({
    entryPoints: [join(root, 'scripts/bench/relay-harness.ts')],
    outfile: join(out, 'relay-harness.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    alias: { electron: join(root, 'scripts/bench/electron-stand-in.ts') },
    define: { 'import.meta.url': '__metaUrl' },
    banner: { js: "const __metaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The window's renderer: the preload's routing and the terminal area's acks, bundled.
  await build({
    entryPoints: [join(root, 'scripts/bench/renderer-stand-in.ts')],
    outfile: join(out, 'renderer-stand-in.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  // The stand-in forks with this shim (and its port module), looked up beside the bundle.
  for (const file of ['parent-port-shim.mjs', 'socket-port.mjs'])
    copyFileSync(join(root, 'testing/electron', file), join(out, file));
}

function harness(mode, { terminals, seconds }) {
  const home = mkdtempSync(join(tmpdir(), `opsdeck-relay-${mode}-`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(out, 'relay-harness.cjs')], {
      env: {
        ...process.env,
        OPSDECK_HOME: home,
        BENCH_MODE: mode,
        BENCH_TERMINALS: String(terminals),
        BENCH_SECONDS: String(seconds),
        BENCH_CORE_ENTRY: join(root, 'dist/main/electron/core-process.cjs'),
        BENCH_LAB_INVENTORY: labInventoryPath,
        BENCH_LAG_PROBE: new URL('./lag-probe.mjs', import.meta.url).href,
        BENCH_RENDERER: join(out, 'renderer-stand-in.mjs'),
        BENCH_IDLE_SIBLING: fileURLToPath(new URL('./idle-sibling.mjs', import.meta.url)),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`relay harness (${mode}) exited ${code}`));
      resolve(JSON.parse(text.trim().split('\n').at(-1)));
    });
  });
}

const load1 = () => loadavg()[0].toFixed(1);

export async function relayLagBench({ terminals = 10, seconds = 10 } = {}) {
  const loadStart = load1();
  await bundle();
  const split = await harness('process', { terminals, seconds });
  const viaMain = await harness('process-main', { terminals, seconds });
  const before = await harness('inprocess', { terminals, seconds });
  const loadEnd = load1();
  const lag = (l) => `p99 ${fmt(l.p99)} ms (p50 ${fmt(l.p50)}, max ${fmt(l.max)})`;
  const core = (r) => (r.core ? `${lag(r.core)}, ${fmt(r.core.cpuPct)} % of a core` : 'n/a');
  const traffic = (r) =>
    `${fmt(r.mibPerSec, 2)} MiB/s of terminal output, ${r.workflows} workflow runs in ${seconds} s` +
    (r.rendererMessagesPerSec !== undefined
      ? `; renderer woke for ${fmt(r.rendererMessagesPerSec, 0)} output messages/s and sent ${fmt(r.acksPerSec, 0)} acks/s`
      : '');
  const above = (r) =>
    `${r.relay.p99 - r.sibling.p99 >= 0 ? '+' : ''}${fmt(r.relay.p99 - r.sibling.p99)} ms`;
  return {
    name:
      `window process event-loop lag: ${terminals} terminals streaming + a workflow running` +
      ` (load average ${loadStart} at start, ${loadEnd} at end; 2 cores)`,
    opsdeck:
      `window process ${lag(split.relay)}, ${fmt(split.cpuPct)} % of a core` +
      `\n    idle process beside it (machine floor, same run): ${lag(split.sibling)}` +
      `\n    core process: ${core(split)}` +
      `\n    (${traffic(split)}; terminal output on stream ports)`,
    reference:
      `every terminal byte relayed by the window process (no stream port): window ${lag(viaMain.relay)}, ${fmt(viaMain.cpuPct)} % of a core; idle beside ${lag(viaMain.sibling)}; core ${core(viaMain)}` +
      `\n    (${traffic(viaMain)})` +
      `\n    core inside the window's process (before the split): window ${lag(before.relay)}; idle beside ${lag(before.sibling)} (${traffic(before)})`,
    verdict:
      `target p99 ≤ 20 ms in the window's process: ${split.relay.p99 <= 20 ? 'meets' : 'ABOVE'}` +
      `; above the idle process beside it: ${above(split)} (every byte through main: ${above(viaMain)})` +
      `; the window process alone before the load: ${lag(split.idle)}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      terminals: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const r = await relayLagBench({
    terminals: Number(values.terminals),
    seconds: Number(values.seconds),
  });
  console.log(`${r.name}\n  opsdeck:   ${r.opsdeck}\n  reference: ${r.reference}\n  ${r.verdict}`);
}
