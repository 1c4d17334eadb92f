import type { Command } from 'commander';
import { version } from '../../server/version';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';

export function registerMeta(program: Command, run: RunCommand): void {
  program
    .command('version')
    .description('Print the version')
    .action(() =>
      run(async ({ call, out }) => {
        const info = await call('app.info', {});
        out.result(info, () => `opsdeck ${version} (data: ${info.dataDir})`);
      }),
    );

  program
    .command('methods')
    .description('List every contract method (callable with `opsdeck call`)')
    .action(() =>
      run(async ({ out }) => {
        // The method table (and its schemas) loads only for this command.
        const { methods } = await import('../../contract/methods');
        const list = Object.entries(methods).map(([name, m]) => ({
          name,
          summary: m.summary,
          mutates: m.mutates,
        }));
        out.result(list, () =>
          formatTable(
            ['METHOD', 'CHANGES', 'SUMMARY'],
            list.map((m) => [m.name, m.mutates ? 'yes' : '', m.summary]),
          ),
        );
      }),
    );

  program
    .command('call <method> [params]')
    .description('Call any contract method with JSON params (scripting escape hatch)')
    .action((method: string, params: string | undefined) =>
      run(async ({ invoke, out }) => {
        const envelope = await invoke(method, params ? JSON.parse(params) : {});
        if (!envelope.ok) {
          out.error(envelope.error);
          process.exitCode = 1;
          return;
        }
        out.result(envelope.value);
      }),
    );
}
