import type { Command } from 'commander';
import { OpsdeckError } from '../../contract';
import type { CliContext } from '../cli-context';
import { readHidden, readNewSecret } from '../hidden-input';
import type { RunCommand } from '../run-command';

/** A passphrase from an environment variable, else the terminal (hidden), else a clear error. */
async function passphrase(
  ctx: CliContext,
  opts: { passphraseEnv?: string },
  fresh: boolean,
): Promise<string> {
  if (opts.passphraseEnv) {
    const value = process.env[opts.passphraseEnv];
    if (!value)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `The environment variable ${opts.passphraseEnv} is empty or not set.`,
        `Export it first, e.g. read -rs ${opts.passphraseEnv} && export ${opts.passphraseEnv}`,
      );
    return value;
  }
  if (!process.stdin.isTTY)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'There is no terminal to ask the passphrase on.',
      'Run it on a terminal, or give --passphrase-env VAR (the passphrase in that environment variable).',
    );
  const value = fresh
    ? await readNewSecret('New vault passphrase (at least 8 characters): ', ctx.out.info)
    : await readHidden('Vault passphrase: ');
  if (!value) throw new OpsdeckError('CANCELLED', 'No passphrase was entered.', 'Run it again.');
  return value;
}

/**
 * An unlock lasts as long as the core that holds it: the running Opsdeck this command attached to
 * (a window, `opsdeck serve`, another command's core), or this command's own core. Say which.
 */
export function unlockLasts(connection: CliContext['connection']): string {
  const { mode, core } = connection;
  if (mode === 'own')
    return 'This command ran its own Opsdeck core, so the vault locks again when it exits. Commands that need a secret ask for the passphrase on a terminal; scripts set OPSDECK_VAULT_PASSPHRASE.';
  return core.door === 'cli'
    ? `It stays unlocked in the core of the opsdeck command this one attached to (pid ${core.pid}) until that command ends.`
    : `It stays unlocked in the running Opsdeck (${core.door}, pid ${core.pid}) until it is locked or that Opsdeck stops.`;
}

/** `opsdeck vault status|init|unlock|lock`, on the vault's contract methods. */
export function registerVault(program: Command, run: RunCommand): void {
  const vault = program
    .command('vault')
    .description('The encrypted vault that holds passwords and keys');

  vault
    .command('status')
    .description('Whether the vault exists and is unlocked')
    .action(() =>
      run(async ({ call, out }) => {
        const s = await call('vault.status', {});
        out.result(s, () =>
          !s.initialized
            ? `No vault yet (${s.adapter}). Create one with \`opsdeck vault init\`; commands that need to store a secret offer to create it on a terminal.`
            : `Vault (${s.adapter}): ${s.unlocked ? 'unlocked' : 'locked'}${s.unlocked ? '' : ' — commands that need a secret ask for the passphrase on a terminal; or `opsdeck vault unlock`, or OPSDECK_VAULT_PASSPHRASE'}`,
        );
      }),
    );

  vault
    .command('init')
    .description('Create the vault with a new passphrase (asked twice on the terminal)')
    .option('--passphrase-env <var>', 'read the passphrase from this environment variable')
    .action((opts: { passphraseEnv?: string }) =>
      run(async (ctx) => {
        const s = await ctx.call('vault.status', {});
        if (s.initialized)
          throw new OpsdeckError(
            'CONFLICT',
            'The vault exists already.',
            'Unlock it with `opsdeck vault unlock`. Opsdeck cannot recover a forgotten passphrase.',
          );
        const r = await ctx.call('vault.unlock', { passphrase: await passphrase(ctx, opts, true) });
        ctx.out.result(
          r,
          () => 'Vault created and unlocked. Keep the passphrase safe: it cannot be recovered.',
        );
      }),
    );

  vault
    .command('unlock')
    .description('Unlock the vault (the passphrase is asked on the terminal)')
    .option('--passphrase-env <var>', 'read the passphrase from this environment variable')
    .action((opts: { passphraseEnv?: string }) =>
      run(async (ctx) => {
        const s = await ctx.call('vault.status', {});
        if (!s.initialized)
          throw new OpsdeckError(
            'NOT_FOUND',
            'There is no vault yet.',
            'Create it: `opsdeck vault init`.',
          );
        const r = await ctx.call('vault.unlock', {
          passphrase: await passphrase(ctx, opts, false),
        });
        ctx.out.result(r, () => `Vault unlocked. ${unlockLasts(ctx.connection)}`);
      }),
    );

  vault
    .command('lock')
    .description('Forget the vault key until the next unlock')
    .action(() =>
      run(async ({ call, out }) => {
        const r = await call('vault.lock', {});
        out.result(r, () => 'Vault locked.');
      }),
    );
}
