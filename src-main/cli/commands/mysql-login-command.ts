import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  describeMysqlLogin,
  MysqlTls,
  MysqlVia,
  OpsdeckError,
  toErrorShape,
  type Host,
  type MysqlSettingsPatch,
} from '../../contract';
import type { CliContext } from '../cli-context';
import { readHidden } from '../hidden-input';
import type { RunCommand } from '../run-command';

interface LoginOptions {
  user?: string;
  passwordEnv?: string;
  askPassword?: boolean;
  via?: string;
  port?: number;
  address?: string;
  socket?: string;
  tls?: string;
  caFile?: string;
  tlsServerName?: string;
  clear?: boolean;
  test: boolean;
}

/**
 * The TLS options as patch fields. `--ca-file` is resolved against this shell's directory (the
 * core may run elsewhere); `''` forgets the CA file or the server name. A CA file or server name
 * given without `--tls` turns verified TLS on (they mean nothing without it).
 */
function tlsPatch(
  opts: LoginOptions,
): Pick<MysqlSettingsPatch, 'tls' | 'caFile' | 'tlsServerName'> {
  if (opts.tls !== undefined && !MysqlTls.safeParse(opts.tls).success)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `--tls ${opts.tls} is not a TLS mode.`,
      'Use --tls verify (encrypted, certificate checked) or --tls off.',
    );
  const caFile =
    opts.caFile === undefined ? undefined : opts.caFile.trim() && resolve(opts.caFile.trim());
  const name = opts.tlsServerName?.trim();
  const given = Boolean(caFile || name);
  const tls = (opts.tls as MysqlTls | undefined) ?? (given ? 'verify' : undefined);
  return {
    ...(tls ? { tls } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
    ...(name !== undefined ? { tlsServerName: name } : {}),
  };
}

/** The options as a MySQL login patch (only what was given changes). */
export async function loginPatch(opts: LoginOptions): Promise<MysqlSettingsPatch> {
  if (opts.via && !MysqlVia.safeParse(opts.via).success)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `--via ${opts.via} is not a way in.`,
      `Use one of: ${MysqlVia.options.join(', ')}.`,
    );
  let password: string | undefined;
  if (opts.passwordEnv) {
    password = process.env[opts.passwordEnv];
    if (!password)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `The environment variable ${opts.passwordEnv} is empty or not set.`,
        `Export it first, e.g. read -rs ${opts.passwordEnv} && export ${opts.passwordEnv}`,
      );
  } else if (opts.askPassword) {
    if (!process.stdin.isTTY)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        'There is no terminal to ask the MySQL password on.',
        'Give it with --password-env VAR instead.',
      );
    password = (await readHidden('MySQL password: ')) ?? undefined;
    if (!password) throw new OpsdeckError('CANCELLED', 'No password was entered.', 'Run it again.');
  }
  return {
    ...(opts.user ? { user: opts.user } : {}),
    ...(opts.via ? { via: opts.via as MysqlVia } : {}),
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.address ? { address: opts.address } : {}),
    ...(opts.socket ? { socket: opts.socket } : {}),
    ...tlsPatch(opts),
    ...(password ? { password } : {}),
  };
}

/** Logs in once with the host's login and says how it went (exit 1 when it does not work). */
async function tryLogin(ctx: CliContext, host: Host) {
  try {
    const f = await ctx.call('mysql.facts', { host: host.id });
    ctx.out.info(
      `ok: ${f.versionString}, server_id ${f.serverId}${f.login ? ` — ${f.login}` : ''}`,
    );
  } catch (err) {
    const e = toErrorShape(err);
    ctx.out.info(`The login does not work yet: ${e.message}\n  hint: ${e.hint}\n  [${e.code}]`);
    process.exitCode = 1;
  }
}

/** `opsdeck mysql login <host> …`: show, set or clear how Opsdeck logs in to a host's MySQL. */
export function registerMysqlLogin(mysql: Command, run: RunCommand): void {
  mysql
    .command('login <host>')
    .description(
      "Show or set how Opsdeck logs in to the host's MySQL (without one: root over SSH to its socket); then try it",
    )
    .option('--user <user>', 'MySQL user')
    .option(
      '--password-env <var>',
      'the password, from this environment variable (kept in the vault)',
    )
    .option('--ask-password', 'ask for the password on the terminal (kept in the vault)')
    .option('--via <way>', 'ssh-tunnel | direct | ssh-socket')
    .option('--port <n>', 'MySQL port (ssh-tunnel, direct)', (v) => Number.parseInt(v, 10))
    .option(
      '--address <address>',
      'where MySQL listens, as seen from the SSH host (tunnel) or here (direct)',
    )
    .option(
      '--socket <path>',
      'ssh-socket: the socket path (default: the profile’s, else the usual places)',
    )
    .option('--tls <mode>', 'direct: verify (TLS, certificate chain and name checked) | off')
    .option(
      '--ca-file <path>',
      "direct + TLS: PEM file with the CA that signed the server's certificate ('' = the system's CAs; implies --tls verify)",
    )
    .option(
      '--tls-server-name <name>',
      "direct + TLS: the DNS name the certificate carries when the address is not in it ('' = the address)",
    )
    .option('--clear', 'forget the login and its password (back to root over the socket)')
    .option('--no-test', 'do not try the login afterwards')
    .action((name: string, opts: LoginOptions) =>
      run(async (ctx) => {
        let host = await ctx.call('hosts.get', { id: name });
        const patch = await loginPatch(opts);
        if (opts.clear && Object.keys(patch).length)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            '--clear takes no other login options.',
            'Clear first, then set.',
          );
        if (opts.clear)
          host = await ctx.call('hosts.update', { id: host.id, patch: { clearMysql: true } });
        else if (Object.keys(patch).length)
          host = await ctx.call('hosts.update', { id: host.id, patch: { mysql: patch } });
        ctx.out.result(
          host.mysql ?? { via: 'ssh-socket', user: 'root', automatic: true },
          () => `${host.name}: ${describeMysqlLogin(host)}`,
        );
        if (opts.test) await tryLogin(ctx, host);
      }),
    );
}
