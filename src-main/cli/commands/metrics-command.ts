import type { Command } from 'commander';
import {
  EXIT_CODE,
  METRIC_IDS,
  METRICS,
  OpsdeckError,
  matchesAny,
  toErrorShape,
  unknownSeries,
  watchFeed,
  type HostSample,
  type MetricsSource,
} from '../../contract';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { parseSince } from '../since';
import { checkReport, historyTable, renderHostSample, sampleTable } from './metrics-render';
import { csv } from './list-option';

/** What `opsdeck metrics <host>` shows without --series. */
const HEADLINE = [
  'load.1',
  'cpu',
  'mem.used_pct',
  'swap.used',
  'disk.util',
  'disk.write_bytes',
  'net.rx_bytes',
  'net.tx_bytes',
  'fs.used_pct',
  'mysql.qps',
  'mysql.threads_running',
  'mysql.repl_lag',
];

interface MetricsOptions {
  series?: string;
  since?: string;
  source?: MetricsSource;
  list?: boolean;
  follow?: boolean;
  interval: number;
}

function seriesOption(text: string | undefined): string[] {
  if (!text) return HEADLINE;
  const wanted = csv(text);
  const bad = unknownSeries(wanted);
  if (bad.length) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `--series: no metric ${bad.join(', ')}.`,
      'See the names with `opsdeck metrics --list` (families such as cpu, disk, mysql work too).',
    );
  }
  return wanted;
}

/** The next sample of a host that has rates (the first one of a new collector does not). */
function nextSample(
  ctx: CliContext,
  host: string,
  source: MetricsSource,
  each?: (s: HostSample) => void,
): Promise<HostSample> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const watch = watchFeed(
      ctx,
      'metrics.host',
      { host, source, intervalMs: 1000 },
      {
        data: (s) => {
          seen++;
          if (each) return each(s);
          if (seen < 2 && source === 'ssh' && s.values['cpu.busy'] === undefined) return;
          void watch.stop();
          resolve(s);
        },
        error: (error) => {
          void watch.stop();
          reject(new OpsdeckError(error.code, error.message, error.hint));
        },
        ended: (_r, error) =>
          reject(
            error
              ? new OpsdeckError(error.code, error.message, error.hint)
              : new Error('the feed ended'),
          ),
      },
    );
    watch.ready.catch(reject);
  });
}

/**
 * `opsdeck metrics <host> [--series cpu,load,…] [--since 10m] [--json]`: a host's series now
 * (one fresh sample), or over a time range with last/min/avg/max and a trend; `--follow` prints
 * each sample; `--list` names every metric.
 */
export function registerMetrics(program: Command, run: RunCommand): void {
  program
    .command('metrics [host]')
    .description(
      'A host’s live series now, or over --since (SSH collectors or Prometheus); --list names them',
    )
    .option(
      '-s, --series <list>',
      'comma-separated series, metric ids or families (cpu,load.1,disk.util:sda,mysql)',
    )
    .option('--since <when>', 'history since: 10m, 2h, 7d or a date/time (default: one sample now)')
    .option('--source <source>', 'ssh (collectors) or prometheus (default: the workspace setting)')
    .option('-f, --follow', 'print each sample until Ctrl+C')
    .option('--interval <ms>', 'sample interval with --follow', (v) => Number.parseInt(v, 10), 1000)
    .option('--list', 'every metric: id, unit and what it is')
    .action((host: string | undefined, opts: MetricsOptions) =>
      run(async (ctx) => {
        if (opts.list || !host) {
          const rows = METRIC_IDS.map((id) => [
            id,
            METRICS[id].unit,
            METRICS[id].instance ?? '',
            METRICS[id].help,
          ]);
          return ctx.out.result(
            METRIC_IDS.map((id) => ({ id, ...METRICS[id] })),
            () => formatTable(['METRIC', 'UNIT', 'PER', 'WHAT'], rows),
          );
        }
        const series = seriesOption(opts.series);
        const source = opts.source ?? (await ctx.call('metrics.settings', {})).defaultSource;
        if (opts.since) {
          const history = await ctx.call('metrics.history', {
            hosts: [host],
            series,
            since: parseSince(opts.since, new Date()),
            source,
            maxPoints: 120,
          });
          const t = historyTable(history);
          return ctx.out.result(history, () => formatTable(t.headers, t.rows));
        }
        if (opts.follow) {
          const done = new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          const watch = watchFeed(
            ctx,
            'metrics.host',
            { host, source, intervalMs: opts.interval },
            {
              data: (s) =>
                process.stdout.write(`${ctx.out.json ? JSON.stringify(s) : renderHostSample(s)}\n`),
              error: (e, retry) =>
                ctx.out.info(
                  `${host} UNKNOWN: ${e.message} (retry in ${Math.round(retry / 1000)} s)`,
                ),
            },
          );
          await watch.ready;
          await done;
          await watch.stop();
          return;
        }
        const sample = await nextSample(ctx, host, source);
        const keys = Object.keys(sample.values)
          .filter((k) => matchesAny(k, series))
          .sort();
        const filtered = {
          ...sample,
          values: Object.fromEntries(keys.map((k) => [k, sample.values[k]!])),
        };
        const t = sampleTable(sample, keys);
        ctx.out.result(filtered, () =>
          [
            formatTable(t.headers, t.rows),
            ...sample.unknown.map(
              (u) => `UNKNOWN ${u.metrics.join(', ')}: ${u.error.message}\n  hint: ${u.error.hint}`,
            ),
          ].join('\n'),
        );
      }),
    );
}

interface CheckOptions {
  group?: string;
  host?: string;
  current?: boolean;
}

/**
 * `opsdeck check [--group G] [--host H] [--json]`: evaluate the threshold checks now, one fresh
 * sample per host, and exit like a Nagios plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also
 * when the checks cannot be evaluated at all). `--current` reports the running core's states
 * (with SOFT/HARD and flapping) instead.
 */
export function registerCheck(program: Command, run: RunCommand): void {
  program
    .command('check')
    .description(
      'Evaluate the threshold checks now; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (for cron)',
    )
    .option('-g, --group <group>', 'only hosts of this group')
    .option('--host <host>', 'only this host')
    .option(
      '--current',
      'the states the running core holds (SOFT/HARD, flapping) instead of a fresh evaluation',
    )
    .action((opts: CheckOptions) =>
      run(async (ctx) => {
        const scope = {
          ...(opts.group ? { group: opts.group } : {}),
          ...(opts.host ? { host: opts.host } : {}),
        };
        try {
          if (opts.current) {
            const status = await ctx.call('checks.status', scope);
            const worst = status.reduce((w, s) => Math.max(w, EXIT_CODE[s.state]), 0);
            ctx.out.result(status, () =>
              formatTable(
                ['STATE', 'TYPE', 'HOST', 'CHECK', 'OUTPUT'],
                status.map((s) => [
                  s.state,
                  s.hard ? 'HARD' : `SOFT ${s.attempt}/${s.attempts}`,
                  s.host,
                  s.check,
                  s.output,
                ]),
              ),
            );
            process.exitCode = worst;
            return;
          }
          const result = await ctx.call('checks.run', scope);
          if (result.results.length === 0) {
            ctx.out.result(
              result,
              () => 'OPSDECK UNKNOWN - no check applies (add one: opsdeck checks create …)',
            );
            process.exitCode = EXIT_CODE.UNKNOWN;
            return;
          }
          ctx.out.result(result, () => checkReport(result));
          process.exitCode = result.exitCode;
        } catch (err) {
          // A plugin that cannot check says UNKNOWN, not an error of its own.
          const e = toErrorShape(err);
          if (ctx.out.json) ctx.out.result({ state: 'UNKNOWN', exitCode: 3, error: e });
          else process.stdout.write(`OPSDECK UNKNOWN - ${e.message}\n`);
          process.exitCode = EXIT_CODE.UNKNOWN;
        }
      }),
    );
}
