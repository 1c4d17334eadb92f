import type { Command } from 'commander';
import { OpsdeckError } from '../../contract/errors';
import type { ExecRunDetail } from '../../contract/index';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { followStream } from '../stream-follow';

interface ExecOptions {
  group?: string;
  hosts?: string;
  parallel: number;
  timeout: number;
  history?: boolean;
  limit: number;
  show?: string;
  rerunFailed?: string;
  cancel?: string;
}

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};

/** `opsdeck exec`: one command on a group or a list of hosts, live, with a summary. */
export function registerExec(program: Command, run: RunCommand): void {
  program
    .command('exec')
    .description(
      "Run a command on many hosts: opsdeck exec --group db [--parallel 32] [--timeout 30] -- 'uptime'",
    )
    .argument('[command...]', 'the command (after --)')
    .option('-g, --group <group>', 'every host of this group')
    .option('--hosts <names>', 'comma-separated host names or ids')
    .option('-p, --parallel <n>', 'hosts at once', int('--parallel'), 32)
    .option('-t, --timeout <seconds>', 'per host, connecting included', int('--timeout'), 30)
    .option('--rerun-failed <execId>', 'run that exec’s command again where it did not succeed')
    .option('--history', 'list recent execs')
    .option('-n, --limit <n>', 'how many (with --history)', int('--limit'), 20)
    .option('--show <execId>', 'show one exec with every host’s result')
    .option('--cancel <execId>', 'cancel a running exec (running commands are killed)')
    .action((words: string[], opts: ExecOptions) =>
      run(async (ctx) => {
        if (opts.history) return history(ctx, opts.limit);
        if (opts.cancel) {
          const result = await ctx.call('exec.cancel', { execId: opts.cancel });
          return ctx.out.result(result, () =>
            result.cancelled ? `Cancelled ${opts.cancel}.` : `${opts.cancel} was not running.`,
          );
        }
        if (opts.show) return show(ctx, await ctx.call('exec.get', { execId: opts.show }));
        await follow(ctx, async () => {
          if (opts.rerunFailed)
            return (await ctx.call('exec.rerunFailed', { execId: opts.rerunFailed })).execId;
          const command = words.join(' ').trim();
          if (!command)
            throw usage('Give the command after --, e.g. opsdeck exec --group db -- uptime');
          if (!opts.group === !opts.hosts) throw usage('Give exactly one of --group or --hosts.');
          const started = await ctx.call('exec.run', {
            ...(opts.group ? { group: opts.group } : {}),
            ...(opts.hosts
              ? {
                  hostIds: opts.hosts
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                }
              : {}),
            command,
            parallel: opts.parallel,
            timeoutSec: opts.timeout,
          });
          return started.execId;
        });
      }),
    );
}

/** Prints `host | line` as output arrives, then the summary; exit code 1 unless all hosts ok. */
async function follow(ctx: CliContext, start: () => Promise<string>): Promise<void> {
  const { out } = ctx;
  const partial = new Map<string, string>();
  const write = (key: string, prefix: string, text: string, end: boolean) => {
    const stream = key.endsWith(':stderr') ? process.stderr : process.stdout;
    const lines = ((partial.get(key) ?? '') + text).split('\n');
    const rest = lines.pop() ?? '';
    for (const line of lines) stream.write(`${prefix} | ${line}\n`);
    if (end && rest) stream.write(`${prefix} | ${rest}\n`);
    partial.set(key, end ? '' : rest);
  };
  let width = 0;
  const execId = await followStream(ctx, {
    topic: 'exec.event',
    idOf: (event) => event.execId,
    start,
    isEnd: (event) => event.type === 'finished',
    cancel: (id) => {
      out.info('Cancelling (running commands are killed)…');
      void ctx.call('exec.cancel', { execId: id }).catch(() => undefined);
    },
    onEvent: (event) => {
      if (out.json) return;
      if (event.type === 'started') width = Math.max(...event.hosts.map((h) => h.hostName.length));
      if (event.type === 'output') {
        write(`${event.hostId}:${event.stream}`, event.hostName.padEnd(width), event.data, false);
      }
      if (event.type === 'host-done') {
        for (const s of ['stdout', 'stderr'])
          write(`${event.hostId}:${s}`, event.hostName.padEnd(width), '', true);
        if (event.error && event.status !== 'failed')
          out.info(`${event.hostName.padEnd(width)} ! ${event.status}: ${event.error.message}`);
      }
    },
  });
  const detail = await ctx.call('exec.get', { execId });
  show(ctx, detail);
  if (detail.summary.ok !== detail.summary.total) process.exitCode = 1;
}

function show(ctx: CliContext, detail: ExecRunDetail): void {
  const s = detail.summary;
  ctx.out.result(detail, () =>
    [
      formatTable(
        ['HOST', 'STATUS', 'EXIT', 'TIME', 'MESSAGE'],
        detail.hosts.map((h) => [
          h.hostName,
          h.status,
          h.exitCode === null ? '-' : String(h.exitCode),
          h.durationMs === null ? '-' : `${(h.durationMs / 1000).toFixed(2)}s`,
          h.error ? h.error.message.split('\n')[0]!.slice(0, 120) : '',
        ]),
      ),
      `${s.total} host(s): ${s.ok} ok, ${s.failed} failed, ${s.unreachable} unreachable` +
        `${s.timeout ? `, ${s.timeout} timed out` : ''}${s.cancelled ? `, ${s.cancelled} cancelled` : ''}` +
        ` — exec ${detail.execId}` +
        (s.ok !== s.total
          ? `\nre-run where it failed: opsdeck exec --rerun-failed ${detail.execId}`
          : ''),
    ].join('\n'),
  );
}

async function history(ctx: CliContext, limit: number): Promise<void> {
  const runs = await ctx.call('exec.history', { limit });
  ctx.out.result(runs, () =>
    formatTable(
      ['EXEC', 'STARTED', 'STATUS', 'OK', 'FAILED', 'UNREACHABLE', 'COMMAND'],
      runs.map((r) => [
        r.execId,
        r.createdAt,
        r.status,
        String(r.summary.ok),
        String(r.summary.failed + r.summary.timeout + r.summary.cancelled),
        String(r.summary.unreachable),
        r.command.slice(0, 60),
      ]),
    ),
  );
}

function usage(message: string): OpsdeckError {
  return new OpsdeckError('INVALID_PARAMS', message, 'See opsdeck exec --help.');
}
