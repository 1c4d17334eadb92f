import { readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** One concrete host alias from an OpenSSH client config (`~/.ssh/config`), ready to import. */
export interface SshConfigHost {
  name: string;
  hostName: string;
  user?: string;
  port?: number;
  identityFile?: string;
  proxyJump?: string;
}

export interface SshConfigOptions {
  /** Local home directory (`~`, `%d`); defaults to os.homedir(). */
  homeDir?: string;
  /** Local user name (`%u`); defaults to os.userInfo().username. */
  localUser?: string;
  /** Reads an Include target; defaults to the file system. Returns undefined when missing. */
  readFile?: (path: string) => string | undefined;
  /** Lists a directory for Include globs; defaults to the file system. */
  listDir?: (dir: string) => string[];
}

interface Block {
  /** null for the implicit block before the first Host line (applies to every host). */
  patterns: string[] | null;
  /** false for Match blocks: their conditions are not evaluated, so they never apply. */
  applies: boolean;
  options: Array<[keyword: string, value: string]>;
}

const MAX_INCLUDE_DEPTH = 16;
const KEYWORDS = new Set(['hostname', 'user', 'port', 'identityfile', 'proxyjump']);

/** Parse config text into the concrete hosts it names (wildcard-only patterns are not hosts). */
export function parseSshConfig(text: string, options: SshConfigOptions = {}): SshConfigHost[] {
  const home = options.homeDir ?? homedir();
  const env: Required<SshConfigOptions> = {
    homeDir: home,
    localUser: options.localUser ?? safeUser(),
    readFile: options.readFile ?? readIfExists,
    listDir: options.listDir ?? listIfExists,
  };
  const blocks: Block[] = [{ patterns: null, applies: true, options: [] }];
  collect(text, env, blocks, 0);

  const names: string[] = [];
  for (const block of blocks) {
    for (const p of block.patterns ?? []) {
      if (!p.startsWith('!') && !/[*?]/.test(p) && !names.includes(p)) names.push(p);
    }
  }
  return names.map((name) => resolve(name, blocks, env));
}

/** Read ~/.ssh/config (or another file) and parse it; a missing file yields no hosts. */
export function readSshConfig(path?: string, options: SshConfigOptions = {}): SshConfigHost[] {
  const home = options.homeDir ?? homedir();
  const file = path ?? join(home, '.ssh', 'config');
  const text = (options.readFile ?? readIfExists)(file);
  return text === undefined ? [] : parseSshConfig(text, options);
}

function collect(
  text: string,
  env: Required<SshConfigOptions>,
  blocks: Block[],
  depth: number,
): void {
  for (const raw of text.split(/\r?\n/)) {
    const parsed = parseLine(raw);
    if (!parsed) continue;
    const [keyword, args] = parsed;
    if (keyword === 'host') {
      blocks.push({ patterns: args.map((a) => a.toLowerCase()), applies: true, options: [] });
    } else if (keyword === 'match') {
      blocks.push({ patterns: [], applies: false, options: [] });
    } else if (keyword === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) continue;
      const current = blocks[blocks.length - 1] as Block;
      const before = blocks.length;
      for (const file of args.flatMap((a) => includeTargets(a, env))) {
        const included = env.readFile(file);
        if (included !== undefined) collect(included, env, blocks, depth + 1);
      }
      // Like OpenSSH, lines after the Include belong to the block that contained it again.
      if (blocks.length !== before) blocks.push({ ...current, options: [] });
    } else if (KEYWORDS.has(keyword) && args[0] !== undefined) {
      const value = keyword === 'proxyjump' ? args.join(',') : args[0];
      blocks[blocks.length - 1]?.options.push([keyword, value]);
    }
  }
}

/** `Keyword value`, `Keyword=value`, with "quoted" arguments and # comments. */
function parseLine(raw: string): [string, string[]] | undefined {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return undefined;
  const m = /^([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(line);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let a: RegExpExecArray | null;
  while ((a = re.exec(m[2])) !== null) {
    const arg = a[1] ?? a[2] ?? '';
    if (a[2]?.startsWith('#')) break;
    args.push(arg);
  }
  return args.length ? [m[1].toLowerCase(), args] : undefined;
}

function includeTargets(arg: string, env: Required<SshConfigOptions>): string[] {
  let path = expandTilde(arg, env.homeDir);
  if (!isAbsolute(path)) path = join(env.homeDir, '.ssh', path);
  const dir = dirname(path);
  const pattern = basename(path);
  if (/[*?]/.test(dir)) return []; // globs only in the last component
  if (!/[*?]/.test(pattern)) return [path];
  const re = globRegex(pattern);
  return env
    .listDir(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function resolve(name: string, blocks: Block[], env: Required<SshConfigOptions>): SshConfigHost {
  // OpenSSH semantics: for each keyword, the first value obtained wins.
  const values = new Map<string, string>();
  for (const block of blocks) {
    if (!block.applies) continue;
    if (block.patterns && !matchesHost(name, block.patterns)) continue;
    for (const [keyword, value] of block.options) {
      if (!values.has(keyword)) values.set(keyword, value);
    }
  }
  const hostName = expandTokens(values.get('hostname') ?? name, { h: name }, env) || name;
  const user = values.get('user');
  const remoteUser = user ?? env.localUser;
  const port = Number(values.get('port'));
  const tokens = { h: hostName, r: remoteUser, n: name, p: String(port || 22) };
  const identity = values.get('identityfile');
  const jump = values.get('proxyjump');
  return {
    name,
    hostName,
    ...(user ? { user } : {}),
    ...(Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
    ...(identity && identity.toLowerCase() !== 'none'
      ? { identityFile: expandTilde(expandTokens(identity, tokens, env), env.homeDir) }
      : {}),
    ...(jump && jump.toLowerCase() !== 'none' ? { proxyJump: jump } : {}),
  };
}

function matchesHost(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globRegex(negated ? pattern.slice(1) : pattern).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function expandTokens(
  value: string,
  tokens: Record<string, string>,
  env: Required<SshConfigOptions>,
): string {
  const all: Record<string, string> = { d: env.homeDir, u: env.localUser, '%': '%', ...tokens };
  return value.replace(/%(.)/g, (whole, t: string) => all[t] ?? whole);
}

function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function globRegex(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listIfExists(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
