import { OpsdeckError, type Host } from '../../contract';

/** One hop of a ProxyJump chain as written: `[user@]host[:port]` (IPv6 in brackets). */
export interface JumpSpec {
  user?: string;
  host: string;
  port?: number;
}

/** Longest chain followed (OpenSSH has no limit, but a loop must end somewhere). */
export const MAX_JUMP_DEPTH = 8;

/** Parse `jump1,admin@jump2:2222,[fd00::1]:22` (also accepts an `ssh://` prefix per hop). */
export function parseJumpChain(chain: string): JumpSpec[] {
  return chain
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((hop) => {
      const raw = hop.replace(/^ssh:\/\//, '');
      const at = raw.lastIndexOf('@');
      const user = at > 0 ? raw.slice(0, at) : undefined;
      const rest = at >= 0 ? raw.slice(at + 1) : raw;
      const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
      if (!m?.[1]) {
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `ProxyJump hop "${hop}" is not [user@]host[:port].`,
          'Write jump hosts as inventory names or user@host:port, separated by commas.',
        );
      }
      const port = m[2] ? Number(m[2]) : undefined;
      if (port !== undefined && (port < 1 || port > 65535)) {
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `ProxyJump hop "${hop}" has an invalid port.`,
          'Ports are 1-65535.',
        );
      }
      return { ...(user ? { user } : {}), host: m[1], ...(port ? { port } : {}) };
    });
}

/**
 * The host to connect through for `target` (the last hop of its chain), with its own `proxyJump`
 * set to the rest of the chain, so connecting it recursively walks the whole chain. A hop that
 * names an inventory host uses that host's address, user, port and authentication (user/port in
 * the hop override them); any other hop is reached with the target's user and authentication.
 * Returns undefined when the target has no ProxyJump.
 */
export function jumpHostFor(
  target: Host,
  resolve: (name: string) => Host | undefined,
): Host | undefined {
  const chain = target.proxyJump ? parseJumpChain(target.proxyJump) : [];
  const last = chain[chain.length - 1];
  if (!last) return undefined;
  const rest = chain.slice(0, -1).map(formatHop).join(',');
  const known = resolve(last.host);
  const base: Host = known ?? unknownHop(target, last);
  const hop: Host = {
    ...base,
    ...(last.user ? { user: last.user } : {}),
    ...(last.port ? { port: last.port } : {}),
  };
  // A chain prefix decides how this hop is reached; otherwise the inventory host's own ProxyJump.
  if (rest) hop.proxyJump = rest;
  else if (!known) delete hop.proxyJump;
  if (known && (last.user || last.port || rest)) {
    // Same inventory host reached differently: pool it separately.
    hop.id = `${known.id}|${formatHop(last)}|${rest}`;
  }
  return hop;
}

/**
 * A hop that is not in the inventory: the target's user and key or agent. A password belongs to
 * the target alone: sending it to another machine would hand it to whoever runs that machine, so
 * a password-login target's hop uses the target's key file if it has one, else the agent.
 */
function unknownHop(target: Host, hop: JumpSpec): Host {
  const { secretRef: _password, ...rest } = target;
  return {
    ...rest,
    ...(target.auth === 'password' ? { auth: target.keyPath ? 'key' : 'agent' } : {}),
    id: `jump:${hop.user ?? target.user}@${hop.host}:${hop.port ?? 22}`,
    name: hop.host,
    address: hop.host,
    port: 22,
    groups: [],
    tags: [],
    notes: `ProxyJump hop of ${target.name} (not in the inventory: add it to give it its own login)`,
  };
}

/** Walk the chain without connecting: throws on loops or chains deeper than MAX_JUMP_DEPTH. */
export function assertJumpChain(target: Host, resolve: (name: string) => Host | undefined): void {
  const seen: string[] = [target.name];
  let current: Host | undefined = target;
  for (let depth = 0; (current = jumpHostFor(current, resolve)); depth++) {
    if (depth >= MAX_JUMP_DEPTH || seen.includes(current.name)) {
      throw new OpsdeckError(
        'SSH_UNREACHABLE',
        `The ProxyJump chain of ${target.name} loops or is too long: ${[...seen, current.name].join(' → ')}.`,
        `Fix the ProxyJump of ${target.name} (or of the jump hosts it names); at most ${MAX_JUMP_DEPTH} hops.`,
      );
    }
    seen.push(current.name);
  }
}

function formatHop(h: JumpSpec): string {
  const host = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `${h.user ? `${h.user}@` : ''}${host}${h.port ? `:${h.port}` : ''}`;
}

/** A failure reaching the jump host, said in terms of the host the user asked for. */
export function throughJump(err: unknown, host: Host, jump: Host): unknown {
  if (!(err instanceof OpsdeckError) || err.code === 'CANCELLED') return err;
  const notInInventory =
    jump.id.startsWith('jump:') && err.code === 'SSH_AUTH_FAILED'
      ? ` ${jump.name} is not in the inventory, so it is tried as ${jump.user} with ${jump.auth === 'key' ? 'the key file' : 'the SSH agent'} (never with ${host.name}'s password): add it as a host to give it its own login.`
      : '';
  return new OpsdeckError(
    err.code,
    `Cannot reach ${host.name}: its jump host ${jump.name} failed. ${err.message}`,
    `${err.hint}${notInInventory}`,
    { cause: err },
  );
}
