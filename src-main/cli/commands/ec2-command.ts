import type { Command } from 'commander';
import { OpsdeckError } from '../../contract/errors';
import type { Ec2ActionResult, Ec2FailedRegion } from '../../contract/index';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { accountOf } from './ec2-account';
import { registerEc2Launch } from './ec2-launch-command';
import { registerEc2Provision } from './ec2-provision-command';
import { TABLES, type Row } from './ec2-tables';

interface ScopeOptions {
  account?: string;
  region?: string;
  allRegions?: boolean;
}

async function scopeOf(ctx: CliContext, opts: ScopeOptions) {
  if (opts.region && opts.allRegions) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      '--region and --all-regions exclude each other.',
      'Pick one region, or all of them.',
    );
  }
  return {
    account: await accountOf(ctx, opts.account),
    ...(opts.region ? { region: opts.region } : {}),
    allRegions: Boolean(opts.allRegions),
  };
}

/** Regions that failed go to stderr (and make the exit code 1); the rest is still printed. */
function reportFailures(ctx: CliContext, failed: Ec2FailedRegion[]) {
  for (const f of failed)
    ctx.out.info(`${f.region}: ${f.error.message}\n  hint: ${f.error.hint}\n  [${f.error.code}]`);
  if (failed.length) process.exitCode = 1;
}

const withScope = (cmd: Command) =>
  cmd
    .option('-a, --account <name>', 'AWS account (default: OPSDECK_AWS_ACCOUNT or the only one)')
    .option('-r, --region <region>', "region (default: the account's)")
    .option('--all-regions', 'every region of the account, merged (REGION column)');

const actionTable = (results: Ec2ActionResult[]) =>
  formatTable(
    ['REGION', 'RESOURCE', 'RESULT'],
    results.map((r) => [r.region, r.resourceId, r.detail]),
  );

export function registerEc2(program: Command, run: RunCommand): void {
  const ec2 = program
    .command('ec2')
    .description('EC2: accounts, regions, resource tables, actions');

  for (const [name, spec] of Object.entries(TABLES)) {
    const table = ec2.command(name).description(spec.description);
    const cmd = withScope(spec.alias ? table.alias(spec.alias) : table);
    (spec.extra ? spec.extra(cmd) : cmd).action((opts: ScopeOptions & Row) =>
      run(async (ctx) => {
        const params = { ...(await scopeOf(ctx, opts)), ...spec.params?.(opts) };
        const listing = (await ctx.call(spec.method, params as never)) as {
          rows: Row[];
          failedRegions: Ec2FailedRegion[];
        };
        const withRegion = params.allRegions;
        ctx.out.result(listing, () =>
          formatTable(
            withRegion ? ['REGION', ...spec.headers] : spec.headers,
            listing.rows.map((row) => {
              const cells = spec.cells(row as never);
              return withRegion ? [String(row.region), ...cells] : cells;
            }),
          ),
        );
        reportFailures(ctx, listing.failedRegions);
      }),
    );
  }

  ec2
    .command('regions')
    .description('Regions the account can use')
    .option('-a, --account <name>', 'AWS account')
    .action((opts: { account?: string }) =>
      run(async (ctx) => {
        const regions = await ctx.call('ec2.regions', {
          account: await accountOf(ctx, opts.account),
        });
        ctx.out.result(regions, () =>
          formatTable(
            ['REGION', 'ENDPOINT', 'OPT-IN'],
            regions.map((r) => [r.name, r.endpoint, r.optInStatus]),
          ),
        );
      }),
    );

  ec2
    .command('profiles')
    .description('Named profiles in ~/.aws/config and ~/.aws/credentials')
    .action(() =>
      run(async ({ call, out }) => {
        const profiles = await call('ec2.profiles', {});
        out.result(profiles, () =>
          formatTable(
            ['PROFILE', 'KIND', 'REGION', 'FILES'],
            profiles.map((p) => [p.name, p.kind, p.region ?? '', p.source.join(',')]),
          ),
        );
      }),
    );

  registerAccounts(ec2, run);
  registerInstanceActions(ec2, run);
  registerEc2Launch(ec2, run);
  registerEc2Provision(ec2, run);
}

function registerAccounts(ec2: Command, run: RunCommand) {
  const accounts = ec2.command('accounts').description('AWS accounts known to Opsdeck');
  accounts
    .command('list')
    .description('List accounts')
    .action(() =>
      run(async ({ call, out }) => {
        const list = await call('ec2.accounts.list', {});
        out.result(list, () =>
          formatTable(
            ['NAME', 'AUTH', 'PROFILE / KEY', 'REGION', 'ENDPOINT'],
            list.map((a) => [
              a.name,
              a.auth,
              a.profile ?? a.accessKeyId ?? '',
              a.defaultRegion,
              a.endpoint ?? '',
            ]),
          ),
        );
      }),
    );
  accounts
    .command('add <name>')
    .description('Add an account: the default chain, a named profile, or an access key')
    .option('--profile <profile>', 'named profile from ~/.aws (SSO and assume-role included)')
    .option('--access-key-id <id>', 'access key id (the secret is read from --secret-key-env)')
    .option(
      '--secret-key-env <var>',
      'environment variable holding the secret access key',
      'AWS_SECRET_ACCESS_KEY',
    )
    .option('--endpoint <url>', 'EC2-compatible endpoint; {region} is replaced by the region')
    .option('-r, --region <region>', 'default region', 'us-east-1')
    .action(
      (
        name: string,
        opts: {
          profile?: string;
          accessKeyId?: string;
          secretKeyEnv: string;
          endpoint?: string;
          region: string;
        },
      ) =>
        run(async ({ call, out }) => {
          const secret = opts.accessKeyId ? process.env[opts.secretKeyEnv] : undefined;
          const account = await call('ec2.accounts.add', {
            name,
            auth: opts.accessKeyId ? 'access-key' : opts.profile ? 'profile' : 'default-chain',
            ...(opts.profile ? { profile: opts.profile } : {}),
            ...(opts.accessKeyId ? { accessKeyId: opts.accessKeyId } : {}),
            ...(secret ? { secretAccessKey: secret } : {}),
            ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
            defaultRegion: opts.region,
          });
          out.result(account, () => `Added AWS account ${account.name} (${account.auth})`);
        }),
    );
  accounts
    .command('remove <name>')
    .description('Forget an account (and its secret key)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((name: string, opts: { yes?: boolean }) =>
      run(async ({ call, out }, confirm) => {
        if (!opts.yes && !(await confirm(`Forget the AWS account ${name}?`))) return;
        const result = await call('ec2.accounts.remove', { account: name });
        out.result(result, () => `Removed ${name}`);
      }),
    );
  accounts
    .command('test [name]')
    .description('Check that an account reaches EC2 with its credentials')
    .action((name: string | undefined) =>
      run(async (ctx) => {
        const account = await accountOf(ctx, name);
        const result = await ctx.call('ec2.accounts.test', { account });
        ctx.out.result(result, () =>
          result.ok
            ? `${account}: ok in ${result.latencyMs} ms (${result.regions} regions)`
            : `${account}: ${result.error?.message}\n  hint: ${result.error?.hint}`,
        );
        if (!result.ok) process.exitCode = 1;
      }),
    );
}

function registerInstanceActions(ec2: Command, run: RunCommand) {
  const simple = [
    ['start', 'ec2.instances.start', 'Start stopped instances'],
    ['stop', 'ec2.instances.stop', 'Stop running instances'],
    ['reboot', 'ec2.instances.reboot', 'Reboot instances'],
  ] as const;
  for (const [name, method, description] of simple) {
    ec2
      .command(`${name} <instanceIds...>`)
      .description(description)
      .option('-a, --account <name>', 'AWS account')
      .option('-r, --region <region>', 'region')
      .action((instanceIds: string[], opts: ScopeOptions) =>
        run(async (ctx) => {
          const account = await accountOf(ctx, opts.account);
          const result = await ctx.call(method, {
            account,
            ...(opts.region ? { region: opts.region } : {}),
            instanceIds,
          });
          ctx.out.result(result, () => actionTable(result.results));
        }),
      );
  }
  ec2
    .command('terminate <instanceIds...>')
    .description(
      'Terminate instances (--confirm with the id or Name tag; for several, their count)',
    )
    .option('-a, --account <name>', 'AWS account')
    .option('-r, --region <region>', 'region')
    .option('--confirm <text>', 'the instance id or Name tag (for several instances: their count)')
    .action((instanceIds: string[], opts: ScopeOptions & { confirm?: string }) =>
      run(async (ctx) => {
        const account = await accountOf(ctx, opts.account);
        const result = await ctx.call('ec2.instances.terminate', {
          account,
          ...(opts.region ? { region: opts.region } : {}),
          instanceIds,
          ...(opts.confirm ? { confirm: opts.confirm } : {}),
        });
        ctx.out.result(result, () => actionTable(result.results));
      }),
    );
  ec2
    .command('console <instanceId>')
    .description('Console output of an instance')
    .option('-a, --account <name>', 'AWS account')
    .option('-r, --region <region>', 'region')
    .action((instanceId: string, opts: ScopeOptions) =>
      run(async (ctx) => {
        const account = await accountOf(ctx, opts.account);
        const result = await ctx.call('ec2.instances.consoleOutput', {
          account,
          ...(opts.region ? { region: opts.region } : {}),
          instanceId,
        });
        ctx.out.result(result, () => result.output || '(no console output yet)');
      }),
    );
}
