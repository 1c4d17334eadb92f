import type { HaproxyConfigServer, HaproxySection } from '../../contract';

/**
 * haproxy.cfg as sections (global, defaults, frontend, backend, listen) with their binds, default
 * backend, health-check lines and server lines — each with its line number, so a change can be
 * made to exactly those lines and nothing else (pool.ts).
 */
export function parseHaproxyConfig(text: string): HaproxySection[] {
  const sections: HaproxySection[] = [];
  let current: HaproxySection | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const words = tokens(raw);
    const [keyword, ...args] = words;
    if (!keyword) return;
    if (SECTION_KEYWORDS.has(keyword) && /^\S/.test(raw)) {
      current = {
        kind: sectionKind(keyword),
        name: args[0] ?? '',
        line,
        binds: [],
        checks: [],
        servers: [],
      };
      sections.push(current);
      return;
    }
    if (!current) return;
    switch (keyword) {
      case 'mode':
        if (args[0]) current.mode = args[0];
        break;
      case 'bind':
        if (args[0]) current.binds.push(args[0]);
        break;
      case 'default_backend':
      case 'use_backend':
        if (keyword === 'default_backend' && args[0]) current.defaultBackend = args[0];
        break;
      case 'option':
        if (/check$/.test(args[0] ?? '')) current.checks.push(words.join(' '));
        break;
      case 'tcp-check':
      case 'http-check':
        current.checks.push(words.join(' '));
        break;
      case 'server': {
        const server = parseServer(args, line);
        if (server) current.servers.push(server);
        break;
      }
      default:
        break;
    }
  });
  return sections;
}

const SECTION_KEYWORDS = new Set([
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'peers',
  'resolvers',
  'userlist',
  'mailers',
  'program',
  'http-errors',
  'ring',
  'cache',
]);

function sectionKind(keyword: string): HaproxySection['kind'] {
  return keyword === 'global' ||
    keyword === 'defaults' ||
    keyword === 'frontend' ||
    keyword === 'backend' ||
    keyword === 'listen'
    ? keyword
    : 'other';
}

/** `server <name> <address>[:port] [options…]` */
function parseServer(args: string[], line: number): HaproxyConfigServer | undefined {
  const [name, target, ...options] = args;
  if (!name || !target) return undefined;
  const { address, port } = splitAddress(target);
  return {
    name,
    address,
    port,
    backup: options.includes('backup'),
    disabled: options.includes('disabled'),
    check: options.includes('check'),
    options: options.join(' '),
    line,
  };
}

/** `10.0.0.5:3306`, `[2001:db8::1]:3306`, `db1.example.com` */
export function splitAddress(target: string): { address: string; port: number | null } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (bracket)
    return { address: bracket[1] as string, port: bracket[2] ? Number(bracket[2]) : null };
  const at = target.lastIndexOf(':');
  if (at > 0 && target.indexOf(':') === at && /^\d+$/.test(target.slice(at + 1)))
    return { address: target.slice(0, at), port: Number(target.slice(at + 1)) };
  return { address: target, port: null };
}

/** Words of a config line without its comment (a `#` starts one unless escaped). */
export function tokens(raw: string): string[] {
  const hash = raw.search(/(^|[^\\])#/);
  const body = hash < 0 ? raw : raw.slice(0, hash + (raw[hash] === '#' ? 0 : 1));
  return body.trim().split(/\s+/).filter(Boolean);
}

/** The backends (and listen sections) whose servers include `address:port`. */
export function sectionsServing(
  sections: readonly HaproxySection[],
  address: string,
  port: number,
): HaproxySection[] {
  return sections.filter(
    (s) =>
      (s.kind === 'backend' || s.kind === 'listen') &&
      s.servers.some((srv) => sameEndpoint(srv, address, port)),
  );
}

export function sameEndpoint(
  server: Pick<HaproxyConfigServer, 'address' | 'port'>,
  address: string,
  port: number,
): boolean {
  return server.address.toLowerCase() === address.toLowerCase() && (server.port ?? port) === port;
}
