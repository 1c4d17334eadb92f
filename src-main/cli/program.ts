import { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { toErrorShape } from '../contract';
import { defaultDataDir } from '../core/data-dir';
import { composeServices } from '../server/compose';
import { version } from '../server/version';
import { createCliContext } from './cli-context';
import type { RunCommand } from './run-command';
import { createOutput } from './output';
import { respondToPrompts, type HostKeyPolicy } from './prompt-responder';
import { registerHosts } from './commands/hosts-command';
import { registerWorkflows } from './commands/workflow-command';
import { registerExec } from './commands/exec-command';
import { registerFiles } from './commands/files-command';
import { registerServe } from './commands/serve-command';
import { registerMeta } from './commands/meta-command';
import { registerEc2 } from './commands/ec2-command';
import { registerMysql } from './commands/mysql-command';
import { registerTunnel } from './commands/tunnel-command';
import { registerDisks } from './commands/disks-command';
import { registerBackup } from './commands/backup-command';

interface GlobalOptions {
  json?: boolean;
  home?: string;
  acceptNewHostKeys?: boolean;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const reply = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(reply.trim());
}

/** The `opsdeck` command: every subcommand calls the same router as the GUI. */
export function buildProgram(): Command {
  const program = new Command('opsdeck')
    .description('Opsdeck — operations console for Linux fleets and MySQL')
    .version(version, '-V, --version')
    .option('--json', 'machine-readable output')
    .option('--home <dir>', 'data folder (default: OPSDECK_HOME or the app-data folder)')
    .option(
      '--accept-new-host-keys',
      'trust unknown SSH host keys (changed keys are still refused)',
    )
    .showHelpAfterError();

  const run: RunCommand = async (body, options = {}) => {
    const global = program.opts<GlobalOptions>();
    const out = createOutput(Boolean(global.json));
    const services = await composeServices({
      door: 'cli',
      dataDir: global.home ?? defaultDataDir(),
      ...(process.env.OPSDECK_VAULT_PASSPHRASE
        ? { vaultPassphrase: process.env.OPSDECK_VAULT_PASSPHRASE }
        : {}),
    }).catch((err: unknown) => {
      out.error(toErrorShape(err));
      process.exit(1);
    });
    const policy: HostKeyPolicy = global.acceptNewHostKeys ? 'accept-new' : 'ask';
    const stopPrompts =
      options.prompts === 'gui' ? () => undefined : respondToPrompts(services, policy, out.info);
    try {
      await body(createCliContext(services, out), confirm);
    } catch (err) {
      out.error(toErrorShape(err));
      process.exitCode = 1;
    } finally {
      stopPrompts();
      await services.shutdown();
    }
  };

  registerHosts(program, run);
  registerWorkflows(program, run);
  registerExec(program, run);
  registerTunnel(program, run);
  registerDisks(program, run);
  registerFiles(program, run);
  registerServe(program, run);
  registerMysql(program, run);
  registerEc2(program, run);
  registerBackup(program, run);
  registerMeta(program, run);
  return program;
}
