import type { Command } from 'commander';
import {
  OpsdeckError,
  pushCandidates,
  pushRequest,
  toErrorShape,
  type DriftBaseline,
  type DriftReport,
  type SaveBackResult,
} from '../../contract';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { parseSource } from './diff-sources';
import { colorUnified, renderDrift, sideNotes } from './diff-render';
import { follow, startRun } from './run-follow';
import { formatPlan } from './workflow-plan-text';

interface DiffOptions {
  ignoreWhitespace?: boolean;
  ignoreComments?: boolean;
  context: number;
  sudo?: boolean;
  maxBytes?: number;
}

interface DriftOptions {
  group?: string;
  hosts?: string;
  ignoreWhitespace?: boolean;
  ignoreComments?: boolean;
  baseline?: string;
  parallel: number;
  timeout: number;
  snapshot: boolean;
  push?: boolean;
  planPush?: boolean;
  yes?: boolean;
}

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0`);
  return n;
};

const useColor = () => process.stdout.isTTY && !process.env.NO_COLOR;

/**
 * `opsdeck diff` (like diff -u: exit 0 same, 1 different, 2 trouble), `opsdeck drift` (exit 1 when
 * a host deviates or could not be read) and `opsdeck snapshots`.
 */
export function registerDiff(program: Command, run: RunCommand): void {
  program
    .command('diff <a> <b>')
    .description(
      'Compare two config files: host:/path, host:/path@yesterday, ./local, snapshot:<id>, ' +
        'template:<file>@<host> (exit 0 same, 1 different, 2 trouble)',
    )
    .option('-w, --ignore-whitespace', 'whitespace and blank lines do not count (diff -w -B)')
    .option('-c, --ignore-comments', 'comment lines of the file type do not count')
    .option('-U, --context <n>', 'lines of context', positive('--context'), 3)
    .option('--sudo', 'read host files through sudo -n')
    .option('--max-bytes <n>', 'size limit per file (default 5 MiB)', positive('--max-bytes'))
    .action((a: string, b: string, opts: DiffOptions) =>
      run(async (ctx) => {
        try {
          await diff(ctx, a, b, opts);
        } catch (err) {
          ctx.out.error(toErrorShape(err));
          process.exitCode = 2;
        }
      }),
    );

  program
    .command('drift <path>')
    .description(
      'Which hosts of a group differ in one file: clusters by identical content, the baseline, ' +
        'unreachable hosts marked (exit 1 when any host deviates or could not be read)',
    )
    .option('-g, --group <group>', 'every host of this group')
    .option('--hosts <names>', 'comma-separated host names or ids')
    .option('-w, --ignore-whitespace', 'whitespace and blank lines do not count')
    .option('-c, --ignore-comments', 'comment lines of the file type do not count')
    .option('-b, --baseline <spec>', 'majority (default), host:<name>, or template:<file>')
    .option('-p, --parallel <n>', 'hosts at once', positive('--parallel'), 32)
    .option('-t, --timeout <seconds>', 'per host', positive('--timeout'), 20)
    .option('--no-snapshot', 'do not keep changed files as snapshots')
    .option('--plan-push', 'then print the plan of pushing the baseline to the hosts that differ')
    .option('--push', 'then push the baseline to the hosts that differ (config-push workflow)')
    .option('-y, --yes', 'with --push: answer the go-ahead (typing the path) with yes')
    .action((path: string, opts: DriftOptions) => run((ctx) => drift(ctx, path, opts)));

  registerSnapshots(program, run);
}

async function diff(ctx: CliContext, a: string, b: string, opts: DiffOptions): Promise<void> {
  const now = new Date();
  const r = await ctx.call('diff.compare', {
    sources: [parseSource(a, now, opts.sudo), parseSource(b, now, opts.sudo)],
    ignoreWhitespace: Boolean(opts.ignoreWhitespace),
    ignoreComments: Boolean(opts.ignoreComments),
    context: opts.context,
    ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
  });
  if (!ctx.out.json) for (const note of sideNotes(r)) ctx.out.info(`opsdeck: ${note}`);
  if (ctx.out.json) ctx.out.result(r);
  else if (r.different) process.stdout.write(useColor() ? `${colorUnified(r.unified)}` : r.unified);
  process.exitCode = r.different ? 1 : 0;
}

function baselineOf(spec: string | undefined): DriftBaseline {
  if (!spec || spec === 'majority') return { kind: 'majority' };
  if (spec.startsWith('host:')) return { kind: 'host', hostId: spec.slice(5) };
  if (spec.startsWith('template:')) return { kind: 'template', path: spec.slice(9) };
  return { kind: 'host', hostId: spec };
}

async function drift(ctx: CliContext, path: string, opts: DriftOptions): Promise<void> {
  const hostIds = opts.hosts
    ?.split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const r = await ctx.call('drift.run', {
    ...(opts.group ? { group: opts.group } : {}),
    ...(hostIds ? { hostIds } : {}),
    path,
    ignoreWhitespace: Boolean(opts.ignoreWhitespace),
    ignoreComments: Boolean(opts.ignoreComments),
    baseline: baselineOf(opts.baseline),
    parallel: opts.parallel,
    timeoutSec: opts.timeout,
    snapshot: opts.snapshot,
  });
  const scope = opts.group ? `group ${opts.group}` : `${hostIds?.length ?? 0} hosts`;
  if (!opts.push || !ctx.out.json) ctx.out.result(r, () => renderDrift(r, scope));
  process.exitCode = r.hosts.every((h) => h.matchesBaseline) ? 0 : 1;
  if (opts.push || opts.planPush) await pushBaseline(ctx, r, opts);
}

/** `--plan-push` / `--push`: the config-push workflow for the hosts that differ. */
async function pushBaseline(ctx: CliContext, r: DriftReport, opts: DriftOptions): Promise<void> {
  const request = pushRequest(r, {
    hostIds: pushCandidates(r),
    validate: true,
    reload: true,
    parallel: 4,
  });
  if (!request) {
    ctx.out.info(
      'Nothing to push: every readable host has the baseline (or there is no baseline).',
    );
    return;
  }
  if (opts.planPush) {
    const plan = await ctx.call('workflows.plan', request);
    ctx.out.result(plan, () => `\n${formatPlan(plan)}`);
    return;
  }
  // The exit code is now the push's: 0 when it succeeded, 1 otherwise (follow sets it).
  process.exitCode = 0;
  await follow(ctx, startRun(ctx, { ...request, options: { approveGates: Boolean(opts.yes) } }));
}

function registerSnapshots(program: Command, run: RunCommand): void {
  const snapshots = program
    .command('snapshots')
    .description('Config file snapshots kept in the store (encrypted with the vault)');
  snapshots
    .command('list [host] [path]')
    .description('Snapshots, newest first')
    .option('-n, --limit <n>', 'how many', positive('--limit'), 50)
    .action((host: string | undefined, path: string | undefined, opts: { limit: number }) =>
      run(async (ctx) => {
        const list = await ctx.call('snapshots.list', {
          ...(host ? { hostId: host } : {}),
          ...(path ? { path } : {}),
          limit: opts.limit,
        });
        ctx.out.result(list, () =>
          formatTable(
            ['ID', 'TAKEN', 'HOST', 'PATH', 'SIZE', 'WHY', 'NOTE'],
            list.map((s) => [
              String(s.id),
              s.takenAt.slice(0, 19).replace('T', ' '),
              s.hostName,
              s.path,
              String(s.size),
              s.reason,
              s.note,
            ]),
          ),
        );
      }),
    );
  snapshots
    .command('take <host> <path>')
    .description('Keep the current content of a host file')
    .option('--note <text>', 'why', '')
    .action((host: string, path: string, opts: { note: string }) =>
      run(async (ctx) => {
        const s = await ctx.call('snapshots.take', { hostId: host, path, note: opts.note });
        ctx.out.result(s, () => `snapshot #${s.id} of ${s.hostName}:${s.path} (${s.size} bytes)`);
      }),
    );
  snapshots
    .command('restore <id>')
    .description('Write a snapshot back to its host file (validated, backup kept, audited)')
    .option('--no-validate', 'skip the validation of the restored file')
    .option('--reload', 'run the reload command afterwards')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((id: string, opts: { validate: boolean; reload?: boolean; yes?: boolean }) =>
      run(async (ctx, confirm) => {
        // As `snapshots list` shows it ("7") or as the save messages name it ("#7").
        const m = /^#?(\d+)$/.exec(id.trim());
        if (!m)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `"${id}" is not a snapshot id.`,
            'Give the number from the ID column of `opsdeck snapshots list` (e.g. 7 or #7).',
          );
        const snapshotId = Number(m[1]);
        const [info] = (await ctx.call('snapshots.list', { limit: 5000 })).filter(
          (s) => s.id === snapshotId,
        );
        const what = info ? `${info.hostName}:${info.path} as of ${info.takenAt}` : `#${id}`;
        if (!opts.yes && !(await confirm(`Overwrite ${what} with snapshot #${id}?`))) {
          ctx.out.info('Nothing was changed (give --yes to restore without asking).');
          process.exitCode = 1;
          return;
        }
        const r = await ctx.call('snapshots.restore', {
          snapshotId,
          validate: opts.validate,
          reload: Boolean(opts.reload),
        });
        ctx.out.result(r, () => savedText(r));
      }),
    );
}

export function savedText(r: SaveBackResult): string {
  return [
    `Saved ${r.path} (+${r.stats.added} -${r.stats.removed} lines)`,
    r.backupPath ? `previous version kept as ${r.backupPath}` : 'new file',
    r.snapshotId ? `and as snapshot #${r.snapshotId}` : '',
    r.inPlace ?? '',
    r.validation ? `validated (${r.validation.command})` : 'not validated',
    r.reload ? `reload ${r.reload.ok ? 'ok' : `FAILED: ${r.reload.output}`}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
