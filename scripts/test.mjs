// `npm test`: typecheck, lint, build, unit, integration (lab) and e2e (web mode in Chromium).
// Runs every stage even after a failure, prints a summary and a closing
// "tests: N passed, N failed, N skipped" line; exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reportCounts, reportProblems } from './test-report.mjs';

const reports = mkdtempSync(join(tmpdir(), 'opsdeck-test-'));
/** Reads a stage's JSON report (if it wrote one) through `fn`. */
function report(stage, fn) {
  const file = stage.report && join(reports, stage.report);
  if (!file || !existsSync(file)) return undefined;
  return fn(JSON.parse(readFileSync(file, 'utf8')), stage.kind, process.cwd());
}
const lab = (...args) => spawnSync('scripts/lab/lab', args, { stdio: 'inherit' }).status === 0;

const stages = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'build', cmd: ['npm', 'run', '-s', 'build'] },
  {
    name: 'unit',
    cmd: [
      'npx',
      'vitest',
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${reports}/unit.json`,
    ],
    report: 'unit.json',
    kind: 'vitest',
  },
  {
    name: 'integration',
    cmd: [
      'npx',
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${reports}/integration.json`,
    ],
    report: 'integration.json',
    kind: 'vitest',
  },
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
    report: 'e2e.json',
    kind: 'playwright',
  },
];

// One lab for integration and e2e, brought up once here and taken down at the end.
const labWasUp = existsSync(resolve(process.env.OPSDECK_LAB_DIR ?? '.lab', 'inventory.json'));
const results = [];
// Stock hosts (fresh Debian MariaDB installs) for the stock-host itests and e2e journey.
const labOk = lab('up', '--hosts', '3', '--stock', '2');
for (const stage of stages) {
  const started = Date.now();
  process.stdout.write(`\n=== ${stage.name} ===\n`);
  const ok =
    (stage.name === 'integration' || stage.name === 'e2e' ? labOk : true) &&
    spawnSync(stage.cmd[0], stage.cmd.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, ...stage.env },
    }).status === 0;
  results.push({
    name: stage.name,
    ok,
    seconds: Math.round((Date.now() - started) / 1000),
    counts: report(stage, reportCounts),
    problems: report(stage, reportProblems) ?? [],
  });
}
if (!labWasUp) lab('down');

const total = { passed: 0, failed: 0, skipped: 0 };
process.stdout.write('\n=== summary ===\n');
for (const r of results) {
  const c = r.counts;
  if (c) for (const k of Object.keys(total)) total[k] += c[k] ?? 0;
  process.stdout.write(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${String(r.seconds).padStart(4)} s${c ? `  ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${c.flaky ? ` (${c.flaky} flaky)` : ''}` : ''}\n`,
  );
  for (const p of r.problems)
    process.stdout.write(`     ${p.kind}: ${p.name}\n       ${p.error.slice(0, 300)}\n`);
  if (!r.ok && !c) total.failed += 1;
}
process.stdout.write(
  `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
