// Event-loop lag of the process that drives the window while 10 terminals stream and a workflow
// runs (target p99 ≤ 20 ms), with the core process's own lag beside it. Electron cannot run
// here: the relay process is Node running the real relay code (electron/ipc.ts + the core-process
// supervisor) with a stand-in `electron` module whose utilityProcess forks a real Node child and
// whose MessageChannelMain joins two processes directly (testing/electron/socket-port.mjs); the
// renderer is a third process (renderer-stand-in.mjs). Same run, same load, two references: the
// same split with every terminal byte relayed by main (no stream port, as before it), and the
// core inside the window's process (as before the split).
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
        BENCH_RENDERER: fileURLToPath(new URL('./renderer-stand-in.mjs', import.meta.url)),
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

export async function relayLagBench({ terminals = 10, seconds = 10 } = {}) {
  await bundle();
  const split = await harness('process', { terminals, seconds });
  const viaMain = await harness('process-main', { terminals, seconds });
  const before = await harness('inprocess', { terminals, seconds });
  const lag = (l) => `p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, max ${fmt(l.max)} ms`;
  const load = (r) =>
    `${fmt(r.mibPerSec, 2)} MiB/s of terminal output, ${r.workflows} workflow runs in ${seconds} s`;
  return {
    name: `window process event-loop lag: ${terminals} terminals streaming + a workflow running`,
    opsdeck:
      `window process ${lag(split.relay)}, ${fmt(split.cpuPct)} % of a core (${load(split)}; terminal output on stream ports)` +
      `; core process ${split.core ? lag(split.core) : 'n/a'}; an idle process beside them, same load: ${lag(split.sibling)}`,
    reference:
      `every terminal byte relayed by the window process (no stream port): ${lag(viaMain.relay)}, ${fmt(viaMain.cpuPct)} % of a core (${load(viaMain)}), core process ${viaMain.core ? lag(viaMain.core) : 'n/a'}, idle process beside ${lag(viaMain.sibling)}` +
      `; core inside the window's process (before the split): ${lag(before.relay)} (${load(before)})`,
    verdict:
      `target p99 ≤ 20 ms in the window's process: ${split.relay.p99 <= 20 ? 'meets' : 'ABOVE'}` +
      ` (the same process idle on this machine, before the load: ${lag(split.idle)}; load average ${loadavg()[0].toFixed(1)})` +
      `; above an idle process under the same load: p99 +${fmt(split.relay.p99 - split.sibling.p99)} ms` +
      ` (with every byte through main: +${fmt(viaMain.relay.p99 - viaMain.sibling.p99)} ms)`,
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
