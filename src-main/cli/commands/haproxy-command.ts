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
}
