import type { Command } from 'commander';
import {
  feeds,
  OpsdeckError,
  watchFeed,
  type FeedData,
  type FeedName,
  type FeedParamsIn,
} from '../../contract';
import { flagsOf, paramsSchema, type FlagSpec } from '../derived/flags';
import { assembleParams, invalidParams } from '../derived/params';
import { optionsFor } from '../derived/register';
import type { RunCommand } from '../run-command';
import { renderTopology } from './mysql-render';
import { renderPlanView } from './failover-render';

/** How an update of each feed reads for people (`--json`: one JSON line per update). */
const RENDER: { [F in FeedName]: (data: FeedData<F>) => string } = {
  'mysql.topology': renderTopology,
  'mysql.cluster': renderPlanView,
};

/**
 * `opsdeck watch <feed> [--param value…]`: follow a live feed of the contract until Ctrl+C (or
 * `--count N` updates). Flags come from the feed's params; the subscription is this CLI's
 * connection's and ends with it.
 */
export function registerWatch(program: Command, run: RunCommand): void {
  const watch = program
    .command('watch')
    .description('Live feeds: follow one until Ctrl+C (opsdeck watch mysql.topology --host db1)');
  const built = new WeakSet<Command>();
  watch.hook('preSubcommand', (_watch, sub) => {
    const feed = sub.name() as FeedName;
    if (!(feed in feeds) || built.has(sub)) return;
    built.add(sub);
    for (const spec of flagsOf(paramsSchema(feeds[feed].params)))
      optionsFor(spec).forEach((option) => sub.addOption(option));
  });
  for (const feed of Object.keys(feeds) as FeedName[]) {
    watch
      .command(feed)
      .description(feeds[feed].summary)
      .option('--count <n>', 'stop after this many updates', (v) => Number.parseInt(v, 10))
      .action((opts: { count?: number }, command: Command) =>
        run(async (ctx) => follow(ctx, feed, command, opts.count)),
      );
  }
}

async function follow<F extends FeedName>(
  ctx: Parameters<Parameters<RunCommand>[0]>[0],
  feed: F,
  command: Command,
  count: number | undefined,
): Promise<void> {
  const schema = paramsSchema(feeds[feed].params);
  const flags: FlagSpec[] = flagsOf(schema);
  const params = assembleParams(flags, schema, {
    value: (f) =>
      optionsFor(f)
        .map((o) => command.getOptionValue(o.attributeName()))
        .find((v) => v !== undefined),
    env: process.env,
  });
  const parsed = feeds[feed].params.safeParse(params);
  if (!parsed.success) {
    const e = invalidParams(parsed.error.issues, `watch ${feed}`);
    throw new OpsdeckError(e.code, e.message, e.hint);
  }
  const { out } = ctx;
  let updates = 0;
  let stop: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (stop = resolve));
  const render = RENDER[feed] as (data: FeedData<F>) => string;
  const watch = watchFeed(ctx, feed, params as FeedParamsIn<F>, {
    data: (data, { at, seq }) => {
      if (out.json) process.stdout.write(`${JSON.stringify({ feed, at, seq, data })}\n`);
      else process.stdout.write(`\n${new Date(at).toLocaleTimeString()}\n${render(data)}\n`);
      if (count !== undefined && ++updates >= count) stop?.();
    },
    error: (error, retryInMs) => {
      if (out.json) process.stdout.write(`${JSON.stringify({ feed, error, retryInMs })}\n`);
      else out.info(`${feed}: ${error.message} (again in ${Math.round(retryInMs / 1000)} s)`);
    },
    ended: (reason, error) => {
      if (error) {
        out.error(error);
        process.exitCode = 1;
      } else out.info(`${feed}: ended (${reason})`);
      stop?.();
    },
  });
  await watch.ready;
  process.once('SIGINT', () => stop?.());
  process.once('SIGTERM', () => stop?.());
  await done;
  await watch.stop();
}
