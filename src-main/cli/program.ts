import { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { toErrorShape } from '../contract/errors';
import { defaultDataDir, version } from '../server/attach';
import { createCliContext } from './cli-context';
import { connectCore } from './core-connection';
import type { OwnCore, RunCommand } from './run-command';
import { createOutput, type Output } from './output';
import { respondToPrompts, type HostKeyPolicy } from './prompt-responder';
import { COMMAND_GROUPS, groupsFor } from './command-groups';
import { DERIVED_GROUPS, registerDerived } from './derived/register';

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

/** Global options that take a value: the word after them is not the command. */
const VALUE_OPTIONS = new Set(['--home']);

/** The command word of the user's arguments (`hosts` in `--json hosts list`), if any. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return undefined;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The `opsdeck` command: every subcommand calls the same router as the GUI, attached to the
 * data folder's running core or its own. Every contract method has a command: hand-written
 * where it adds value, derived from the contract otherwise. Given the user's arguments, only
 * the commands of their command word are loaded (start-up stays small); without, all of them.
 * `override` runs the commands instead of a core (tests).
 */
export async function buildProgram(
  override?: RunCommand,
  args?: readonly string[],
): Promise<Command> {
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
  const word = args ? commandWord(args) : undefined;
  const groups = groupsFor(word, DERIVED_GROUPS);
  const registers = await Promise.all(groups.map((g) => g.load()));
  for (const register of registers) register(program, { run, own });
  // The derived commands under the groups loaded, or under the derived-only group named.
  const all = groups === COMMAND_GROUPS;
  const loaded = (group: string) =>
    program.commands.some((c) => c.name() === group || c.aliases().includes(group));
  registerDerived(program, run, (group) => all || group === word || loaded(group));
  return program;
}
