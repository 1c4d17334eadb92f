// `npm run bench`: Opsdeck against OpenSSH on the lab, each reference measured in the same run.
//   --only terminal,fanout,sftp,ec2-table,cli-startup,relay-lag,diff-viewer,drift,metrics-collector,
//          metrics-charts       which benches (default: all; ec2-table and diff-viewer need `npm run build`;
//                                 cli-startup builds the CLI; failover, mysql-seed: only when named)
//   --mb 100 --sftp-mb 200        sizes
//   --hosts 20                    fan-out width
//   --fleet auto|lab|private      fan-out hosts (see scripts/bench/fanout-bench.mjs)
//   --metrics-sec 60              how long each live-charts bench measures
//   --metrics-hosts 3             hosts the collector bench watches (the lab grows to them, ≤ 50)
//   --metrics-issue-scale         issue 15's scale: 50 hosts for 600 s (overrides the two above)
// Prints each figure and the ratio to the reference; not a test (exit 0 unless a bench broke).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildBenchCore } from './bench/build.mjs';
import { fanoutBench } from './bench/fanout-bench.mjs';
import { lab, labInventoryPath } from './bench/measure.mjs';
import { sftpBench } from './bench/sftp-bench.mjs';
import { terminalBench } from './bench/terminal-bench.mjs';

const { values } = parseArgs({
  options: {
    only: {
      type: 'string',
      default:
        'terminal,fanout,sftp,ec2-table,cli-startup,relay-lag,diff-viewer,drift,metrics-collector,metrics-charts',
    },
    mb: { type: 'string', default: '100' },
    'sftp-mb': { type: 'string', default: '200' },
    hosts: { type: 'string', default: '20' },
    fleet: { type: 'string', default: 'auto' },
    'metrics-sec': { type: 'string', default: '60' },
    'metrics-hosts': { type: 'string', default: '3' },
    'metrics-issue-scale': { type: 'boolean', default: false },
  },
});
if (values['metrics-issue-scale']) {
  values['metrics-sec'] = '600';
  values['metrics-hosts'] = '50';
}
const only = new Set(values.only.split(','));
/** Benches that need neither the lab nor the bench core. */
const standalone = new Set(['cli-startup', 'ec2-table', 'diff-viewer', 'metrics-charts']);
const needsLab = [...only].some((b) => !standalone.has(b));

if (needsLab) process.stderr.write('bench: building the core…\n');
const core = needsLab ? await import(await buildBenchCore()) : undefined;
// Only bring the lab up when it is not there: `lab up` on a running lab (re)starts every host's
// services, which would undo a stop that someone testing on the shared lab did on purpose. The
// benches need only sshd on db1 (and db1..dbN for the fan-out, which grows the lab itself).
const labHosts = existsSync(labInventoryPath)
  ? JSON.parse(readFileSync(labInventoryPath, 'utf8')).hosts.length
  : 0;
if (needsLab && labHosts < 3) {
  process.stderr.write('bench: lab up (3 hosts)…\n');
  lab('up', '--hosts', '3');
} else if (needsLab) process.stderr.write(`bench: using the running lab (${labHosts} hosts)\n`);

const benches = [
  ['terminal', () => terminalBench(core, { sizeMb: Number(values.mb) })],
  ['fanout', () => fanoutBench(core, { hosts: Number(values.hosts), fleet: values.fleet })],
  ['sftp', () => sftpBench(core, { sizeMb: Number(values['sftp-mb']) })],
  [
    'ec2-table',
    async () =>
      (await import('./bench/ec2-table.mjs')).ec2TableBench({
        instances: 5000,
        reference: 500,
        runs: 3,
      }),
  ],
  ['failover', async () => (await import('./bench/failover-bench.mjs')).failoverBench(core)],
  [
    'cli-startup',
    async () => (await import('./bench/cli-startup.mjs')).cliStartupBench({ runs: 9 }),
  ],
  [
    'relay-lag',
    async () => (await import('./bench/relay-lag.mjs')).relayLagBench({ terminals: 10 }),
  ],
  [
    'diff-viewer',
    async () => (await import('./bench/diff-viewer-bench.mjs')).diffViewerBench({ lines: 50_000 }),
  ],
  [
    'drift',
    async () =>
      (await import('./bench/drift-bench.mjs')).driftBench(core, { hosts: Number(values.hosts) }),
  ],
  [
    'metrics-collector',
    async () =>
      (await import('./bench/metrics-bench.mjs')).metricsCollectorBench(core, {
        seconds: Number(values['metrics-sec']),
        hosts: Number(values['metrics-hosts']),
      }),
  ],
  [
    'metrics-charts',
    async () =>
      (await import('./bench/metrics-bench.mjs')).chartRenderBench({
        seconds: Number(values['metrics-sec']),
      }),
  ],
  [
    'backup',
    async () =>
      (await import('./bench/backup-bench.mjs')).backupBench(core, {
        sizeMb: Number(process.env.BENCH_BACKUP_MB ?? 256),
        rounds: Number(process.env.BENCH_BACKUP_ROUNDS ?? 3),
      }),
  ],
  [
    'mysql-seed',
    async () =>
      (await import('./bench/mysql-seed.mjs')).mysqlSeedBench(core, {
        sizeMb: Number(process.env.BENCH_MYSQL_SEED_MB ?? 1024),
      }),
  ],
];
const results = [];
let broken = false;
for (const [key, bench] of benches) {
  if (!only.has(key)) continue;
  process.stderr.write(`bench: ${key}…\n`);
  try {
    const result = await bench();
    for (const r of [result].flat()) {
      results.push(r);
      await r.cleanup?.().catch(() => {});
    }
  } catch (err) {
    broken = true;
    process.stderr.write(`bench: ${key} failed: ${err instanceof Error ? err.stack : err}\n`);
  }
}

for (const r of results) {
  console.log(`\n${r.name}`);
  console.log(`  opsdeck:   ${r.opsdeck}`);
  console.log(`  reference: ${r.reference}`);
  // Benches whose targets are absolute (start-up time, lag) print their own verdict.
  if (r.verdict) console.log(`  ${r.verdict}`);
  else {
    const verdict = r.ratio >= r.target ? 'meets' : 'BELOW';
    console.log(`  ratio:     ${r.ratio.toFixed(2)}× (target ≥ ${r.target}×: ${verdict})`);
  }
  if (r.extra) console.log(`  ${r.extra}`);
}
process.exit(broken ? 1 : 0);
