import type { Command } from 'commander';
import { OpsdeckError, HaproxyServerState } from '../../contract';
import type { RunCommand } from '../run-command';
import { renderHaproxyStatus, renderStats } from './haproxy-render';

/** `opsdeck haproxy …`: status and runtime server states of HAProxy on an inventory host. */
export function registerHaproxy(program: Command, run: RunCommand): void {
  const haproxy = program.command('haproxy').description('HAProxy on inventory hosts');

  haproxy
    .command('status <host>')
    .description('Config (frontends, backends, servers) and live stats from the admin socket')
    .action((host: string) =>
      run(async ({ call, out }) => {
        const status = await call('haproxy.status', { host });
        out.result(status, () => renderHaproxyStatus(status));
      }),
    );

  haproxy
    .command('server <host> <backendServer> <state>')
    .description('Set <backend>/<server> to ready, drain or maint (asks first; --yes to skip)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((host: string, target: string, state: string, opts: { yes?: boolean }) =>
      run(async ({ call, out }, confirm) => {
        const parsed = HaproxyServerState.safeParse(state);
        const [backend, server, ...rest] = target.split('/');
        if (!parsed.success || !backend || !server || rest.length)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `Expected <backend>/<server> ready|drain|maint, got "${target} ${state}".`,
            'Example: opsdeck haproxy server proxy1 writer/db2 drain',
          );
        const question = `Set ${target} on ${host} to ${parsed.data}?`;
        if (!opts.yes && !(await confirm(question)))
          throw new OpsdeckError(
            'CONFIRMATION_REQUIRED',
            `Not confirmed: ${question} Nothing was changed.`,
            'Run again with --yes (or answer y on a terminal).',
          );
        const result = await call('haproxy.setServer', {
          host,
          backend,
          server,
          state: parsed.data,
          confirm: target,
        });
        out.result(result, () => `${result.command}\n${renderStats([result.row])}`);
      }),
    );

  haproxy
    .command('pool <host>')
    .description(
      "Generate a MySQL writers' pool (a listen section) on a proxy without one: haproxy -c, install, reload, prove (asks first; --yes to skip)",
    )
    .requiredOption('--section <name>', 'name of the new listen section (e.g. mysql_writer)')
    .requiredOption('--bind <address:port>', 'where applications connect (e.g. 10.0.0.254:3306)')
    .requiredOption('--master <host>', 'the MySQL host that takes the writes')
    .option('--others <hosts>', "the cluster's other members, comma separated")
    .option('--others-as <how>', 'backup (used only while the master is down) or absent', 'absent')
    .option(
      '--check-user <user>',
      'MySQL user for option mysql-check (else a bare TCP check, which can get the proxy blocked by max_connect_errors)',
    )
    .option('--dry-run', 'show the section and validate it with haproxy -c; change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((host: string, opts: PoolOptions) =>
      run(async ({ call, out }, confirm) => {
        const params = {
          host,
          section: opts.section,
          bind: opts.bind,
          master: opts.master,
          others: (opts.others ?? '')
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
          othersAs: opts.othersAs === 'backup' ? ('backup' as const) : ('absent' as const),
          ...(opts.checkUser ? { checkUser: opts.checkUser } : {}),
        };
        if (opts.othersAs !== 'backup' && opts.othersAs !== 'absent')
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `--others-as is backup or absent, not "${opts.othersAs}".`,
            'Example: --others db2,db3 --others-as backup',
          );
        const plan = await call('haproxy.createPool', { ...params, dryRun: true });
        const warnings = plan.warnings.map((w) => `\nWarning: ${w}`).join('');
        if (opts.dryRun)
          return out.result(
            plan,
            () => `${plan.sectionText}
haproxy -c: valid (nothing changed)${warnings}`,
          );
        if (
          !opts.yes &&
          !(await confirm(
            `${plan.sectionText}${warnings}
Append this to ${plan.configPath} on ${host} and reload HAProxy?`,
          ))
        )
          return;
        const result = await call('haproxy.createPool', { ...params, confirm: params.section });
        out.result(
          result,
          () =>
            `${result.sectionText}
Installed and reloaded (previous config: ${result.backupPath ?? '?'})
${result.proof ? renderStats([result.proof]) : ''}`,
        );
      }),
    );
}

interface PoolOptions {
  section: string;
  bind: string;
  master: string;
  others?: string;
  othersAs: string;
  checkUser?: string;
  dryRun?: boolean;
  yes?: boolean;
}
