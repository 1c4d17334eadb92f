import type { Command } from 'commander';
import type { AuthMethod, HostPatch } from '../../contract';
import { OpsdeckError } from '../../contract/errors';
import type { CliContext } from '../cli-context';
import type { RunCommand } from '../run-command';
import { createInterface } from 'node:readline/promises';
import { csv } from './list-option';

interface EditOptions {
  name?: string;
  address?: string;
  port?: number;
  user?: string;
  auth?: string;
  key?: string;
  passwordEnv?: string;
  clearPassword?: boolean;
  proxyJump?: string;
  groups?: string[];
  tags?: string[];
  notes?: string;
  replaceHostKey?: string | boolean;
}

/** The options as a patch: only what was given changes. */
export function editPatch(opts: EditOptions): HostPatch {
  const password = opts.passwordEnv ? process.env[opts.passwordEnv] : undefined;
  if (opts.passwordEnv && !password)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `The environment variable ${opts.passwordEnv} is empty or not set.`,
      `Export it first, e.g. read -rs ${opts.passwordEnv} && export ${opts.passwordEnv}`,
    );
  const auth = opts.key ? 'key' : opts.passwordEnv ? 'password' : opts.auth;
  return {
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.address ? { address: opts.address } : {}),
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.user ? { user: opts.user } : {}),
    ...(auth ? { auth: auth as AuthMethod } : {}),
    ...(opts.key ? { keyPath: opts.key } : {}),
    ...(password ? { password } : {}),
    ...(opts.clearPassword ? { clearPassword: true } : {}),
    ...(opts.proxyJump !== undefined ? { proxyJump: opts.proxyJump } : {}),
    ...(opts.groups ? { groups: opts.groups } : {}),
    ...(opts.tags ? { tags: opts.tags } : {}),
    ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
  };
}

/**
 * The audited host-key replacement: show the key the server presents now (and the one on
 * record); replace only when the fingerprint given (or pasted on the terminal) is exactly it.
 */
async function replaceHostKey(ctx: CliContext, id: string, fingerprint: string | undefined) {
  const preview = await ctx.call('hosts.replaceHostKey', { id });
  const host = await ctx.call('hosts.get', { id });
  ctx.out.info(
    `${host.name} presents ${preview.keyType} ${preview.fingerprint}${preview.previousFingerprint ? ` (on record: ${preview.previousFingerprint})` : ' (no key of that type on record)'}.`,
  );
  let confirm = fingerprint;
  if (!confirm && process.stdin.isTTY) {
    ctx.out.info(
      'Compare it with the server console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).',
    );
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    confirm = (
      await rl.question('Paste the fingerprint you verified to replace the key (empty: keep): ')
    ).trim();
    rl.close();
  }
  if (!confirm)
    throw new OpsdeckError(
      'CONFIRMATION_REQUIRED',
      `The host key of ${host.name} was not replaced.`,
      `Verify the fingerprint on the server, then: opsdeck hosts edit ${host.name} --replace-host-key ${preview.fingerprint}`,
    );
  return ctx.call('hosts.replaceHostKey', { id, confirmFingerprint: confirm });
}

/** `opsdeck hosts edit <host> …`: the host form's fields, and the audited host-key replacement. */
export function registerHostsEdit(hosts: Command, run: RunCommand): void {
  hosts
    .command('edit <host>')
    .description(
      'Edit a host: SSH login, ProxyJump, groups, tags, notes; replace a changed host key',
    )
    .option('--name <name>', 'rename it')
    .option('--address <address>', 'hostname or IP')
    .option('-p, --port <port>', 'SSH port', (v) => Number.parseInt(v, 10))
    .option('-u, --user <user>', 'login user')
    .option('--auth <method>', 'agent | key | password')
    .option('-i, --key <path>', 'private key file (implies --auth key)')
    .option(
      '--password-env <var>',
      'SSH password from this environment variable (implies --auth password)',
    )
    .option('--clear-password', 'forget the stored SSH password')
    .option(
      '-J, --proxy-jump <hosts>',
      "ProxyJump chain (inventory names or user@host:port, comma-separated; '' clears it)",
    )
    .option('-g, --groups <list>', 'comma-separated groups (replaces them)', csv)
    .option('-t, --tags <list>', 'comma-separated tags (replaces them)', csv)
    .option('--notes <text>', 'notes')
    .option(
      '--replace-host-key [fingerprint]',
      'replace a changed host key: shows the key the server presents; replaced only with its exact fingerprint (audited)',
    )
    .action((name: string, opts: EditOptions) =>
      run(async (ctx) => {
        const host = await ctx.call('hosts.get', { id: name });
        const patch = editPatch(opts);
        let updated = host;
        if (Object.keys(patch).length)
          updated = await ctx.call('hosts.update', { id: host.id, patch });
        if (opts.replaceHostKey !== undefined) {
          const r = await replaceHostKey(
            ctx,
            host.id,
            typeof opts.replaceHostKey === 'string' ? opts.replaceHostKey : undefined,
          );
          ctx.out.info(
            `Host key of ${updated.name} replaced: ${r.keyType} ${r.fingerprint} (audited).`,
          );
        } else if (!Object.keys(patch).length)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            'Nothing to change.',
            'Give at least one option; see opsdeck hosts edit --help.',
          );
        ctx.out.result(
          updated,
          () =>
            `Saved ${updated.name} (${updated.user}@${updated.address}:${updated.port}${updated.proxyJump ? ` via ${updated.proxyJump}` : ''})`,
        );
      }),
    );
}
