import { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { toErrorShape } from '../contract/errors';
import { defaultDataDir, version } from '../server/attach';
import { createCliContext } from './cli-context';
import { connectCore } from './core-connection';
import type { OwnCore, RunCommand } from './run-command';
import { createOutput, type Output } from './output';
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
import { registerHaproxy } from './commands/haproxy-command';
import { registerAudit } from './commands/audit-command';
import { registerWatch } from './commands/watch-command';
import { registerCheck, registerMetrics } from './commands/metrics-command';
import { registerDerived } from './derived/register';
import { registerDiff } from './commands/diff-command';
import { registerBackup } from './commands/backup-command';
import { registerVault } from './commands/vault-command';

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

/** A core that cannot be reached or started ends the command: its error, exit code 1. */
const exitWith = (out: Output) => (err: unknown) => {
  out.error(toErrorShape(err));
  return process.exit(1);
};

/**
 * The `opsdeck` command: every subcommand calls the same router as the GUI, attached to the
 * data folder's running core or its own. Every contract method has a command: hand-written
 * where it adds value, derived from the contract otherwise. `override` runs the commands
 * instead of a core (tests).
 */
export function buildProgram(override?: RunCommand): Command {
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

  const inProcess: RunCommand = async (body, options = {}) => {
    const global = program.opts<GlobalOptions>();
    const out = createOutput(Boolean(global.json));
    const dataDir = global.home ?? defaultDataDir();
    const passphrase = process.env.OPSDECK_VAULT_PASSPHRASE;
    const connection = await connectCore({
      dataDir,
      ...(passphrase ? { vaultPassphrase: passphrase } : {}),
      exclude: ['terminal.data', 'terminal.state'],
    }).catch(exitWith(out));
    const ctx = createCliContext(connection, out);
    const policy: HostKeyPolicy = global.acceptNewHostKeys ? 'accept-new' : 'ask';
    const stopPrompts =
      options.prompts === 'gui' ? () => undefined : respondToPrompts(ctx, policy, out.info);
    connection.onLost(() => {
      out.error({
        code: 'CORE_UNAVAILABLE',
        message: `The Opsdeck core this command was attached to (${connection.core.door}, pid ${connection.core.pid}) went away.`,
        hint: 'Check what the command had done (opsdeck workflow runs), then run it again.',
      });
      process.exit(1);
    });
    try {
      await body(ctx, confirm);
    } catch (err) {
      out.error(toErrorShape(err));
      process.exitCode = 1;
    } finally {
      stopPrompts();
      await connection.close();
    }
  };

  /** Commands that are a core themselves (web mode): compose one with the lease, no attaching. */
  const own: OwnCore = async (door, body) => {
    const global = program.opts<GlobalOptions>();
    const out = createOutput(Boolean(global.json));
    const { composeServices } = await import('../server/compose');
    const passphrase = process.env.OPSDECK_VAULT_PASSPHRASE;
    const services = await composeServices({
      door,
      dataDir: global.home ?? defaultDataDir(),
      areas: 'lazy',
      // A locked vault asks its door for the passphrase when a secret is needed (the browser's
      // dialog, or the terminal of an attached CLI that made the call).
      askForVaultPassphrase: true,
      ...(passphrase ? { vaultPassphrase: passphrase } : {}),
    }).catch(exitWith(out));
    try {
      await body(services, out);
    } catch (err) {
      out.error(toErrorShape(err));
      process.exitCode = 1;
    } finally {
      await services.shutdown();
    }
  };

  const run = override ?? inProcess;
  registerHosts(program, run);
  registerWorkflows(program, run);
  registerExec(program, run);
  registerTunnel(program, run);
  registerDisks(program, run);
  registerFiles(program, run);
  registerDiff(program, run);
  registerServe(program, own);
  registerMysql(program, run);
  registerHaproxy(program, run);
  registerEc2(program, run);
  registerBackup(program, run);
  registerVault(program, run);
  registerMeta(program, run);
  registerAudit(program, run);
  registerWatch(program, run);
  registerMetrics(program, run);
  registerCheck(program, run);
  registerDerived(program, run);
  return program;
}
