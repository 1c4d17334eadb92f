import type { Command } from 'commander';
import { derivedPath, HAND_WRITTEN, isHandWritten } from '../derived/paths';
import { version } from '../../server/attach';
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
    .description('List every contract method and the command that calls it')
    .action(() =>
      run(async ({ out }) => {
        // The method table (and its schemas) loads only for this command.
        const { methods } = await import('../../contract/methods');
        const list = (Object.keys(methods) as (keyof typeof methods)[]).map((name) => ({
          name,
          command: `opsdeck ${isHandWritten(name) ? HAND_WRITTEN[name] : derivedPath(name).join(' ')}`,
          summary: methods[name].summary,
          mutates: methods[name].mutates,
        }));
        out.result(list, () =>
          formatTable(
            ['METHOD', 'COMMAND', 'CHANGES', 'SUMMARY'],
            list.map((m) => [m.name, m.command, m.mutates ? 'yes' : '', m.summary]),
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
