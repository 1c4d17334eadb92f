// Value imports from ./errors only: the CLI uses this parser without loading schemas.
import { OpsdeckError } from './errors';
import type { TunnelKind, TunnelSpec, TunnelSpecInput } from './tunnels';

/** The `ssh` flag of each kind (CLI syntax, labels). */
export const FLAG_OF: Record<TunnelKind, 'L' | 'R' | 'D'> = {
  local: 'L',
  remote: 'R',
  dynamic: 'D',
};

const USAGE: Record<TunnelKind, string> = {
  local: '-L [bind:]port:target:port, e.g. -L 13306:127.0.0.1:3306',
  remote: '-R [bind:]port:target:port, e.g. -R 9000:127.0.0.1:8080',
  dynamic: '-D [bind:]port, e.g. -D 1080',
};

/**
 * Parse an OpenSSH forwarding argument: `-L [bind:]port:host:hostport`, `-R [bind:]port:host:hostport`
 * or `-D [bind:]port`. IPv6 addresses go in brackets; `*` as bind means every interface
 * (0.0.0.0, which then needs allowLan). A listen port of 0 lets the system pick one.
 */
export function parseForwardSpec(kind: TunnelKind, text: string): TunnelSpecInput {
  const parts = splitSpec(text.trim(), kind);
  const bindOf = (p: string | undefined) =>
    p === undefined ? {} : { bindAddress: p === '*' || p === '' ? '0.0.0.0' : p };
  if (kind === 'dynamic') {
    if (parts.length < 1 || parts.length > 2) throw usage(kind, text);
    const [bind, port] = parts.length === 2 ? parts : [undefined, parts[0]];
    return { kind, ...bindOf(bind), bindPort: portOf(port, kind, text, true) };
  }
  if (parts.length < 3 || parts.length > 4) throw usage(kind, text);
  const [bind, port, host, hostPort] = parts.length === 4 ? parts : [undefined, ...parts];
  if (!host) throw usage(kind, text);
  return {
    kind,
    ...bindOf(bind),
    bindPort: portOf(port, kind, text, true),
    targetHost: host,
    targetPort: portOf(hostPort, kind, text, false),
  };
}

/** Split on `:` outside brackets; `[::1]` becomes `::1`. */
function splitSpec(text: string, kind: TunnelKind): string[] {
  const parts: string[] = [];
  let current = '';
  let bracket = false;
  for (const ch of text) {
    if (ch === '[' && !bracket && current === '') bracket = true;
    else if (ch === ']' && bracket) bracket = false;
    else if (ch === ':' && !bracket) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (bracket) throw usage(kind, text);
  parts.push(current);
  return parts;
}

function portOf(
  value: string | undefined,
  kind: TunnelKind,
  text: string,
  listen: boolean,
): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || n > 65535 || (!listen && n === 0)) throw usage(kind, text);
  return n;
}

function usage(kind: TunnelKind, text: string): OpsdeckError {
  return new OpsdeckError(
    'INVALID_PARAMS',
    `"${text}" is not a ${FLAG_OF[kind] === 'D' ? 'dynamic (SOCKS)' : kind} forward.`,
    `Write it as ${USAGE[kind]} (ports 1-65535; 0 as the listen port picks a free one; IPv6 in brackets).`,
  );
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase();
  if (a === 'localhost' || a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * Refuse to listen beyond loopback unless the caller said so: a forward on 0.0.0.0 lets anyone
 * on the network reach the host's side through the user's SSH login.
 */
export function assertListenAllowed(spec: TunnelSpec, allowLan: boolean, hostName: string): void {
  if (allowLan || isLoopbackAddress(spec.bindAddress)) return;
  const where = spec.kind === 'remote' ? `on ${hostName}` : 'on this machine';
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `Listening on ${hostPort(spec.bindAddress, spec.bindPort)} ${where} would open the tunnel to the network, not just to ${spec.kind === 'remote' ? hostName : 'you'}.`,
    'Use 127.0.0.1 (the default), or allow LAN access explicitly (--allow-lan in the CLI, "Allow LAN" in the form) if others must use it.',
  );
}

/** `127.0.0.1:3306`, `[::1]:3306`. */
export function hostPort(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** One line for lists and logs: where it listens, through which host, to where. */
export function describeSpec(spec: TunnelSpec, hostName: string, boundPort?: number): string {
  const listen = hostPort(spec.bindAddress, boundPort ?? spec.bindPort);
  switch (spec.kind) {
    case 'local':
      return `${listen} → ${hostName} → ${hostPort(spec.targetHost, spec.targetPort)}`;
    case 'remote':
      return `${hostName} ${listen} → here → ${hostPort(spec.targetHost, spec.targetPort)}`;
    case 'dynamic':
      return `SOCKS5 ${listen} → ${hostName}`;
  }
}
