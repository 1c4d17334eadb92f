import { OpsdeckError, type Host, type HaproxySettings, type HaproxyStatRow } from '../../contract';
import type { ExecResult, ShellOptions } from '../workflows/engine/definition';
import { asRoot } from '../workflows/prepare-disks/remote';
import { shellQuote } from '../common/shell';
import { DETECT_SCRIPT, parseDetect, resolveSettings } from './settings';
import { NO_CLIENT, NO_SOCKET, runtimeError, socketShell } from './runtime';
import { parseShowStat } from './stats-parse';

/**
 * Commands on the proxy host: `read` changes nothing (may run while planning), `write` changes
 * something (planned, run and audited). A workflow passes `ctx.ssh`; the HAProxy service passes the
 * SSH pool with its own audit. Throws SSH_COMMAND_FAILED on an exit code not in `okCodes`.
 */
export interface ProxyShell {
  read(host: Host, command: string, options?: ShellOptions): Promise<ExecResult>;
  write(host: Host, command: string, options?: ShellOptions): Promise<ExecResult>;
}

const SPLIT = '--8<-- opsdeck --8<--';

/** Settings, version and the config text, in one round trip. */
export async function readProxy(
  shell: ProxyShell,
  host: Host,
): Promise<{ settings: HaproxySettings; version: string; config: string }> {
  const p = host.profile;
  const detect =
    p.haproxyConfigPath && p.haproxyServiceReload
      ? 'echo "version=$(haproxy -v 2>/dev/null | head -n1)"'
      : DETECT_SCRIPT;
  const cfgExpr = p.haproxyConfigPath
    ? shellQuote(p.haproxyConfigPath)
    : '"${cfg:-/etc/haproxy/haproxy.cfg}"';
  const r = await shell.read(
    host,
    asRoot(host, `${detect}\necho ${shellQuote(SPLIT)}\ncat ${cfgExpr}`),
    { okCodes: [0, 1], timeoutMs: 15_000, purpose: 'read the HAProxy config' },
  );
  const [head = '', config = ''] = r.stdout.split(`${SPLIT}\n`);
  const detected = parseDetect(head);
  const settings = resolveSettings(host, detected, config);
  if (r.code !== 0 || !config.trim())
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `No HAProxy config at ${settings.configPath} on ${host.name}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}.`,
      `Install HAProxy on ${host.name}, or set its config path in ${host.name}'s server profile.`,
    );
  return { settings, version: detected.version ?? '', config };
}

/** Runs runtime API commands; throws with HAProxy's own answer when it refuses one. */
export async function runtime(
  shell: ProxyShell,
  host: Host,
  settings: HaproxySettings,
  commands: readonly string[],
  mode: 'read' | 'write',
): Promise<string> {
  const socket = requireSocket(host, settings);
  const command = socketShell(host, socket, commands);
  const r = await shell[mode](host, command, {
    okCodes: [0, NO_SOCKET, NO_CLIENT],
    timeoutMs: 15_000,
    purpose: 'talk to HAProxy through its admin socket',
  });
  if (r.code === NO_SOCKET)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `HAProxy's stats socket ${socket} does not exist on ${host.name} (HAProxy is not running, or the socket is elsewhere).`,
      `Check that HAProxy runs on ${host.name} and that its config has "stats socket ${socket} level admin", or fix the socket path in ${host.name}'s profile.`,
    );
  if (r.code === NO_CLIENT)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `${host.name} has no program to talk to HAProxy's socket (socat, python3 or nc -U).`,
      `Install socat on ${host.name} (apt-get install socat / dnf install socat).`,
    );
  return r.stdout;
}

/** `show stat` through the runtime API. */
export async function readStats(
  shell: ProxyShell,
  host: Host,
  settings: HaproxySettings,
): Promise<HaproxyStatRow[]> {
  return parseShowStat(await runtime(shell, host, settings, ['show stat'], 'read'));
}

/**
 * `set server …` and friends, in order, in one session of the admin socket (HAProxy runs them one
 * after the other); an accepted command answers nothing, so any answer is a refusal.
 */
export async function runtimeChange(
  shell: ProxyShell,
  host: Host,
  settings: HaproxySettings,
  commands: readonly string[],
): Promise<void> {
  const out = await runtime(shell, host, settings, commands, 'write');
  const err = runtimeError(out);
  if (err)
    throw new OpsdeckError(
      'HAPROXY_RUNTIME_FAILED',
      `HAProxy on ${host.name} refused part of "${commands.join('; ')}": ${err}`,
      'Check the backend and server names (haproxy status shows them) and that the socket is "level admin".',
    );
}

function requireSocket(host: Host, settings: HaproxySettings): string {
  if (settings.statsSocket) return settings.statsSocket;
  throw new OpsdeckError(
    'HAPROXY_UNAVAILABLE',
    `HAProxy on ${host.name} has no admin stats socket (no "stats socket … level admin" in ${settings.configPath}, none in the profile).`,
    `Add "stats socket /run/haproxy/admin.sock mode 600 level admin" to the global section and reload, or set the socket in ${host.name}'s profile.`,
  );
}
