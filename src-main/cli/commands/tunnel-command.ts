import type { Command } from 'commander';
import { OpsdeckError, formatBytes, type TunnelInfo, type TunnelKind } from '../../contract';
import { FLAG_OF, parseForwardSpec } from '../../contract/forward-spec';
import type { CliContext } from '../cli-context';
import type { RunCommand } from '../run-command';

interface TunnelOptions {
  local?: string;
  remote?: string;
  dynamic?: string;
  allowLan?: boolean;
}

/** `opsdeck tunnel <host> -L|-R|-D …`: forward until Ctrl+C, printing state and traffic. */
export function registerTunnel(program: Command, run: RunCommand): void {
  program
    .command('tunnel')
    .description(
      'Forward a port through a host until Ctrl+C: opsdeck tunnel db1 -L 13306:127.0.0.1:3306 (or -R, -D)',
    )
    .argument('<host>', 'inventory host (name or id)')
    .option('-L, --local <spec>', '[bind:]port:target:port — listen here, connect from the host')
    .option(
      '-R, --remote <spec>',
      '[bind:]port:target:port — listen on the host, connect from here',
    )
    .option('-D, --dynamic <spec>', '[bind:]port — SOCKS5 proxy here, connections from the host')
    .option('--allow-lan', 'allow a listen address beyond loopback (the network can use it)')
    .addHelpText(
      'after',
      '\nPort 0 picks a free port. With --json every state/traffic update is one JSON line on stdout.',
    )
    .action((host: string, opts: TunnelOptions) =>
      run(async (ctx) => {
        const chosen = (['local', 'remote', 'dynamic'] as const).filter(
          (k) => opts[k] !== undefined,
        );
        if (chosen.length !== 1) throw usage('Give exactly one of -L, -R or -D.');
        const kind: TunnelKind = chosen[0]!;
        const spec = parseForwardSpec(kind, opts[kind]!);
        await follow(ctx, host, spec, opts.allowLan ?? false);
      }),
    );
}

/** Open, print every update, close on Ctrl+C / SIGTERM; exit code 1 when the tunnel fails. */
async function follow(
  ctx: CliContext,
  host: string,
  spec: ReturnType<typeof parseForwardSpec>,
  allowLan: boolean,
): Promise<void> {
  const { out } = ctx;
  let tunnelId: string | undefined;
  let errorShown: string | undefined;
  let stopWaiting: (reason: 'signal' | 'failed') => void = () => undefined;
  const done = new Promise<'signal' | 'failed'>((resolve) => (stopWaiting = resolve));
  const print = (info: TunnelInfo) => {
    if (out.json) return void process.stdout.write(`${JSON.stringify(info)}\n`);
    const freshError = info.lastErrorAt !== errorShown;
    errorShown = info.lastErrorAt;
    process.stdout.write(`${humanLine(info, freshError)}\n`);
  };
  const unsubscribe = ctx.on('tunnel.update', (info) => {
    if (tunnelId === undefined || info.tunnelId !== tunnelId) return;
    print(info);
    if (info.state === 'error') stopWaiting('failed');
  });
  const onSignal = () => stopWaiting('signal');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const opened = await ctx.call('tunnels.open', { hostId: host, spec, allowLan });
    tunnelId = opened.tunnelId;
    print(opened);
    if (!out.json) out.info('Forwarding; Ctrl+C closes the tunnel.');
    const why = await done;
    const last = await ctx.call('tunnels.list', {});
    const final = last.find((t) => t.tunnelId === tunnelId);
    await ctx.call('tunnels.close', { tunnelId });
    if (why === 'failed') {
      process.exitCode = 1;
      if (final?.lastError && !out.json) out.error(final.lastError);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
  }
}

/**
 * `17:20:01 L open  127.0.0.1:13306 → db1 → 127.0.10.1:3306  1 conn (3 total)  ↑ 1.2 KiB ↓ 45.1 KiB`,
 * plus the last error when it is new.
 */
export function humanLine(info: TunnelInfo, showError: boolean, now = new Date()): string {
  const time = now.toTimeString().slice(0, 8);
  const traffic =
    info.totalConnections > 0 || info.bytesIn > 0
      ? `  ${info.connections} conn (${info.totalConnections} total)  ↑ ${formatBytes(info.bytesOut)} ↓ ${formatBytes(info.bytesIn)}`
      : '';
  const error = info.lastError && showError ? `  — ${info.lastError.message}` : '';
  return `${time} ${FLAG_OF[info.kind]} ${info.state.padEnd(12)} ${info.label}${traffic}${error}`;
}

function usage(message: string): OpsdeckError {
  return new OpsdeckError(
    'INVALID_PARAMS',
    message,
    'e.g. opsdeck tunnel db1 -L 13306:127.0.0.1:3306 (see opsdeck tunnel --help).',
  );
}
