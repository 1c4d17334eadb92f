import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tryKeyTypeOf } from './fingerprint';

/**
 * OpenSSH known_hosts parsing and lookup (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read-only:
 * Opsdeck remembers keys in its own store and never writes the user's files.
 */

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export type HostMatcher =
  { kind: 'hashed'; salt: Buffer; hash: Buffer } | { kind: 'patterns'; patterns: string[] };

export interface KnownHostsEntry {
  /** 1-based line number in the source text. */
  line: number;
  marker?: KnownHostsMarker;
  hosts: HostMatcher;
  /** Taken from the key blob (falls back to the line's type field). */
  keyType: string;
  /** base64 of the key blob. */
  publicKey: string;
  comment: string;
  /** The file it was read from (set by readKnownHostsFiles). */
  file?: string;
}

export interface KnownKey {
  keyType: string;
  publicKey: string;
  /** `file:line` it was read from, as OpenSSH names an "offending key". */
  origin?: string;
}

const DEFAULT_PORT = 22;

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function lookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === DEFAULT_PORT ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const entry = parseLine(raw, index + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

function parseLine(raw: string, line: number): KnownHostsEntry | undefined {
  const text = raw.trim();
  if (!text || text.startsWith('#')) return undefined;
  const fields = text.split(/\s+/);
  let marker: KnownHostsMarker | undefined;
  if (fields[0]?.startsWith('@')) {
    const name = fields.shift()?.toLowerCase();
    if (name === '@revoked') marker = 'revoked';
    else if (name === '@cert-authority') marker = 'cert-authority';
    else return undefined; // unknown marker: OpenSSH ignores the line
  }
  const [hostField, typeField, keyField, ...rest] = fields;
  if (!hostField || !typeField || !keyField) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyField)) return undefined;
  const blob = Buffer.from(keyField, 'base64');
  const hosts = parseHosts(hostField);
  if (!hosts) return undefined;
  return {
    line,
    ...(marker ? { marker } : {}),
    hosts,
    keyType: tryKeyTypeOf(blob) ?? typeField,
    publicKey: blob.toString('base64'),
    comment: rest.join(' '),
  };
}

function parseHosts(field: string): HostMatcher | undefined {
  if (field.startsWith('|')) {
    const parts = field.split('|');
    // ['', '1', salt, hash]
    if (parts.length !== 4 || parts[1] !== '1' || !parts[2] || !parts[3]) return undefined;
    const salt = Buffer.from(parts[2], 'base64');
    const hash = Buffer.from(parts[3], 'base64');
    if (salt.length === 0 || hash.length !== 20) return undefined;
    return { kind: 'hashed', salt, hash };
  }
  const patterns = field
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  return patterns.length ? { kind: 'patterns', patterns } : undefined;
}

/** `*` matches any run of characters, `?` exactly one; everything else literally. */
export function matchPattern(name: string, pattern: string): boolean {
  let regex = '^';
  for (const ch of pattern) {
    if (ch === '*') regex += '.*';
    else if (ch === '?') regex += '.';
    else regex += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${regex}$`, 's').test(name);
}

/** OpenSSH's match_hostname: any positive match, unless a negated pattern (`!pat`) matches. */
function matchPatternList(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchPattern(name, pattern.slice(1))) return false;
    } else if (matchPattern(name, pattern)) {
      matched = true;
    }
  }
  return matched;
}

export function hostMatches(matcher: HostMatcher, host: string, port: number): boolean {
  const name = lookupName(host, port);
  if (matcher.kind === 'patterns') return matchPatternList(name, matcher.patterns);
  const digest = createHmac('sha1', matcher.salt).update(name).digest();
  return digest.length === matcher.hash.length && timingSafeEqual(digest, matcher.hash);
}

/** A hashed host field (`|1|salt|hmac`) as `ssh-keygen -H` writes it. */
export function hashHostName(
  host: string,
  port = DEFAULT_PORT,
  salt: Buffer = randomBytes(20),
): string {
  const digest = createHmac('sha1', salt).update(lookupName(host, port)).digest();
  return `|1|${salt.toString('base64')}|${digest.toString('base64')}`;
}

/** Plain keys recorded for host:port (revoked and cert-authority lines are not host keys). */
export function lookup(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
): KnownKey[] {
  const out: KnownKey[] = [];
  for (const entry of entries) {
    if (entry.marker) continue;
    if (!hostMatches(entry.hosts, host, port)) continue;
    if (out.some((k) => k.publicKey === entry.publicKey)) continue;
    out.push({
      keyType: entry.keyType,
      publicKey: entry.publicKey,
      ...(entry.file ? { origin: `${entry.file}:${entry.line}` } : {}),
    });
  }
  return out;
}

/** True when an `@revoked` line covering host:port names this key. A revoked key is never accepted. */
export function isRevoked(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
  publicKey: Buffer | string,
): boolean {
  const b64 = typeof publicKey === 'string' ? publicKey : publicKey.toString('base64');
  return entries.some(
    (e) => e.marker === 'revoked' && e.publicKey === b64 && hostMatches(e.hosts, host, port),
  );
}

/** Read and parse several files; missing or unreadable files count as empty. */
export async function readKnownHostsFiles(paths: readonly string[]): Promise<KnownHostsEntry[]> {
  const all = await Promise.all(
    paths.map(async (path) => {
      try {
        return parseKnownHosts(await readFile(path, 'utf8')).map((e) => ({ ...e, file: path }));
      } catch {
        return [];
      }
    }),
  );
  return all.flat();
}
