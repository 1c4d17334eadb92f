// CLI start-up as a whole process: `opsdeck hosts list` (20 hosts in the inventory), standalone
// (no core running: the CLI starts its own, holding the lease) and attached (a core is running
// for the data folder: the CLI only connects to its socket). References from the same run:
// `node -e 0` (the floor of any Node command) and the CLI of a reference commit (default: the
// one before the CLI learned to attach and to load areas lazily), built the same way.
// Wall time and peak RSS of the whole process (its own getrusage at exit), runs alternated.
//
//   node scripts/bench/cli-startup.mjs [--runs 9] [--ref a0c42a8]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benchDir = join(root, 'dist/bench');
/** The last commit whose CLI built a whole core (AWS SDK, ssh2, mysql2) for every command. */
export const DEFAULT_REF = 'a0c42a8';

/** Preloaded into every measured process: its peak RSS, written to fd 3 as it exits. */
function rssProbe() {
  const file = join(benchDir, 'max-rss.cjs');
  mkdirSync(benchDir, { recursive: true });
  writeFileSync(
    file,
    "process.on('exit', () => { try { require('fs').writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });\n",
  );
  return file;
}

/** One run: wall ms from spawn to exit, peak RSS in KiB. */
function measure(argv, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let rss = '';
    let err = '';
    child.stdio[3].on('data', (d) => (rss += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')}: exit ${code}\n${err}`));
      else resolve({ ms, kib: Number(rss) });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** The reference commit's CLI, built from its own sources into dist/bench/cli-ref. */
function buildReference(ref) {
  const dir = join(benchDir, `cli-ref-${ref}`);
  if (existsSync(join(dir, 'dist/main/cli.cjs'))) return join(dir, 'dist/main/cli.cjs');
  try {
    execFileSync('git', ['-C', root, 'cat-file', '-e', `${ref}^{commit}`]);
  } catch {
    return undefined; // a shallow clone without that commit: no reference
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, 'src.tar');
  // What its build needs (newer commits keep the esbuild options in a file of their own).
  const atRef = (path) => {
    try {
      execFileSync('git', ['-C', root, 'cat-file', '-e', `${ref}:${path}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const paths = ['src-main', 'scripts/build-main.mjs', 'scripts/build-options.mjs', 'package.json'];
  execFileSync('git', ['-C', root, 'archive', '-o', tar, ref, ...paths.filter(atRef)]);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: dir, stdio: 'inherit' });
  return join(dir, 'dist/main/cli.cjs');
}

/** A data folder with 20 hosts, imported by the CLI under test (each writes its own schema). */
function homeWithHosts(label, cli) {
  const home = mkdtempSync(join(tmpdir(), `opsdeck-clistart-${label}-`));
  const config = join(home, 'ssh_config');
  writeFileSync(
    config,
    Array.from({ length: 20 }, (_, i) => `Host web${i + 1}\n  HostName 10.0.0.${i + 1}\n`).join(''),
  );
  execFileSync(process.execPath, [cli, 'hosts', 'import', 'ssh-config', config], {
    env: { ...process.env, OPSDECK_HOME: home },
    stdio: 'ignore',
  });
  return home;
}

/** A running core for the attached case: `opsdeck serve` (web mode holds the lease). */
async function runningCore(home) {
  const staticDir = mkdtempSync(join(tmpdir(), 'opsdeck-clistart-static-'));
  const child = spawn(process.execPath, [join(root, 'bin/opsdeck.mjs'), 'serve'], {
    env: { ...process.env, OPSDECK_HOME: home, OPSDECK_RENDERER_DIR: staticDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('web mode') && resolve());
    child.once('exit', (code) => reject(new Error(`opsdeck serve exited ${code}`)));
  });
  return {
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}

export async function cliStartupBench({ runs = 9, ref = DEFAULT_REF } = {}) {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'inherit' });
  const probe = rssProbe();
  const refCli = buildReference(ref);
  const current = join(root, 'bin/opsdeck.mjs');
  const own = homeWithHosts('own', current);
  const attached = homeWithHosts('attached', current);
  const old = refCli ? homeWithHosts('ref', refCli) : undefined;
  const core = await runningCore(attached);
  const node = (args, home) => ({
    argv: [process.execPath, '--require', probe, ...args],
    env: { ...process.env, ...(home ? { OPSDECK_HOME: home } : {}) },
  });
  const cases = {
    floor: node(['-e', '0']),
    standalone: node([current, 'hosts', 'list'], own),
    attached: node([current, 'hosts', 'list'], attached),
    ...(refCli && old ? { reference: node([refCli, 'hosts', 'list'], old) } : {}),
  };
  const results = Object.fromEntries(Object.keys(cases).map((k) => [k, { ms: [], kib: [] }]));
  try {
    for (const c of Object.values(cases)) await measure(c.argv, c.env); // warm-up
    for (let i = 0; i < runs; i++)
      for (const [k, c] of Object.entries(cases)) {
        const r = await measure(c.argv, c.env);
        results[k].ms.push(r.ms);
        results[k].kib.push(r.kib);
      }
  } finally {
    await core.stop();
    for (const home of [own, attached, old])
      if (home) rmSync(home, { recursive: true, force: true });
  }
  const fig = (k) => ({ s: median(results[k].ms) / 1000, mib: median(results[k].kib) / 1024 });
  const line = (k) => `${fig(k).s.toFixed(3)} s, ${fig(k).mib.toFixed(1)} MiB peak`;
  const meets = (k) => (fig(k).s <= 0.2 && fig(k).mib <= 80 ? 'meets' : 'ABOVE');
  const vsFloor = (k) => `${(fig(k).s / fig('floor').s).toFixed(2)}× node -e 0`;
  return {
    name: `CLI start-up: opsdeck hosts list (20 hosts), median of ${runs} runs`,
    opsdeck: `standalone ${line('standalone')} (${vsFloor('standalone')}); attached ${line('attached')} (${vsFloor('attached')})`,
    reference: refCli
      ? `CLI of ${ref}: ${line('reference')} (${vsFloor('reference')}); node -e 0: ${line('floor')}`
      : `node -e 0: ${line('floor')} (commit ${ref} not in this clone: no CLI reference)`,
    verdict:
      `target ≤ 0.2 s and ≤ 80 MiB: standalone ${meets('standalone')}, attached ${meets('attached')}` +
      (refCli
        ? `; ${(fig('reference').s / fig('standalone').s).toFixed(2)}× faster standalone, ` +
          `${(fig('reference').s / fig('attached').s).toFixed(2)}× attached than ${ref}`
        : ''),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '9' },
      ref: { type: 'string', default: DEFAULT_REF },
    },
  });
  const r = await cliStartupBench({ runs: Number(values.runs), ref: values.ref });
  console.log(`${r.name}\n  opsdeck:   ${r.opsdeck}\n  reference: ${r.reference}\n  ${r.verdict}`);
}
