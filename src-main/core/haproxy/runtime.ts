import type { Host, HaproxyServerState } from '../../contract';
import { shellQuote } from '../common/shell';
import { asRoot } from '../workflows/prepare-disks/remote';

/**
 * HAProxy's runtime API, reached over SSH on the proxy host: the command line is written to the
 * admin stats socket with socat, or python3, or `nc -U` — whichever the host has (fresh installs
 * rarely have socat). As root (sudo -n for other logins): the socket is usually root-only.
 */
export function socketShell(host: Host, socket: string, commands: readonly string[]): string {
  const line = commands.join(';');
  const py = [
    'import socket,sys',
    's=socket.socket(socket.AF_UNIX)',
    's.settimeout(10)',
    's.connect(sys.argv[1])',
    's.sendall((sys.argv[2]+"\\n").encode())',
    'b=b""',
    'while True:',
    ' d=s.recv(65536)',
    ' if not d: break',
    ' b+=d',
    'sys.stdout.write(b.decode())',
  ].join('\n');
  const script = [
    `sock=${shellQuote(socket)}; cmd=${shellQuote(line)}`,
    `[ -S "$sock" ] || { echo "no stats socket at $sock" >&2; exit 66; }`,
    'if command -v socat >/dev/null 2>&1; then printf \'%s\\n\' "$cmd" | socat -t 10 stdio "UNIX-CONNECT:$sock"',
    `elif command -v python3 >/dev/null 2>&1; then python3 -c ${shellQuote(py)} "$sock" "$cmd"`,
    'elif nc -h 2>&1 | grep -q -- " -U"; then printf \'%s\\n\' "$cmd" | nc -U "$sock"',
    'else echo "neither socat, python3 nor nc -U is installed to talk to $sock" >&2; exit 69; fi',
  ].join('\n');
  return asRoot(host, script);
}

/** Exit codes of socketShell that mean "no socket" / "no client program". */
export const NO_SOCKET = 66;
export const NO_CLIENT = 69;

export const setServerStateCommand = (backend: string, server: string, state: HaproxyServerState) =>
  `set server ${backend}/${server} state ${state}`;

/** Force the health status (skips waiting for `rise` checks after a known-good change). */
export const setServerHealthCommand = (backend: string, server: string, health: 'up' | 'down') =>
  `set server ${backend}/${server} health ${health}`;

export const shutdownSessionsCommand = (backend: string, server: string) =>
  `shutdown sessions server ${backend}/${server}`;

/**
 * The runtime API answers an accepted `set server` with an empty line; anything else is its error
 * (e.g. "No such server.", "Require 'backend/server'.", "Permission denied").
 */
export function runtimeError(output: string): string | undefined {
  const text = output.trim();
  return text ? text : undefined;
}
