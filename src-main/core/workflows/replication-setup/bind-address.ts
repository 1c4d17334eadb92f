import type { Host, PreflightCheck, ServerFacts } from '../../../contract';
import { shellQuote as shq } from '../../common/shell';
import { text } from '../../mysql/sql-row';
import type { Io } from './io';

/**
 * A server that listens only on loopback — Debian and Ubuntu install MariaDB/MySQL with
 * `bind-address = 127.0.0.1` — cannot be a master: the replica's connection is refused. The
 * fixBindAddress fix makes the master listen on the address the replica uses too, keeping
 * loopback for local clients: `127.0.0.1,<address>` where the server accepts a list of addresses
 * (MariaDB 10.11+, MySQL 8.0.13+) and the address is the master's own; else every IPv4 address
 * (0.0.0.0), said so. Pure rules, and the read-only look at the master behind them.
 */

const EVERYWHERE = ['*', '0.0.0.0', '::'];

/** The addresses a bind_address value names ("" = the server's default: every address). */
export const bindList = (value: string): string[] =>
  value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

/** Does the server listen on one of these IPs (or on every address)? */
export function bindCovers(value: string, ips: readonly string[]): boolean {
  const list = bindList(value);
  return list.length === 0 || list.some((a) => EVERYWHERE.includes(a) || ips.includes(a));
}

/** bind_address takes a comma-separated list: MariaDB 10.11, MySQL 8.0.13. */
export function acceptsList(flavor: string, version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map((n) => Number(n) || 0);
  const v = major * 1_000_000 + minor * 1_000 + patch;
  return flavor === 'mariadb' ? v >= 10_011_000 : v >= 8_000_013;
}

/** The value the fix writes: the current addresses plus the replica's way in, else everywhere. */
export function fixedBind(
  value: string,
  ip: string | undefined,
  o: { local: boolean; list: boolean },
): string {
  if (!ip || !o.local || !o.list) return '0.0.0.0';
  return [...new Set([...bindList(value), ip])].join(',');
}

export interface BindFinding {
  /** @@bind_address on the master. */
  value: string;
  /** The IPv4 addresses the replica's way in resolves to on the master. */
  ips: string[];
  /** The first of them is one of the master's own addresses (`ip route get` says local). */
  local: boolean;
  covered: boolean;
  /** What fixBindAddress would set. */
  fixed: string;
}

/** Resolve the address on the master and ask the kernel whether it is one of its own. */
const resolveScript = (address: string) =>
  `for ip in $(getent ahostsv4 ${shq(address)} 2>/dev/null | awk '{print $1}' | sort -u); do echo "ip $ip"; ip -o route get "$ip" 2>/dev/null | head -n 1; done; true`;

/** Where the master listens, and what the fix would change (reads only). */
export async function readBind(
  io: Io,
  master: Host,
  address: string,
  facts: Pick<ServerFacts, 'flavor' | 'version'>,
): Promise<BindFinding | undefined> {
  const rows = await io.sql(master, 'SELECT @@bind_address AS b').catch(() => undefined);
  if (!rows) return undefined;
  const value = text(rows[0]?.b);
  const out = (await io.sh(master, resolveScript(address))).stdout;
  const ips = [...out.matchAll(/^ip (\S+)$/gm)].map((m) => m[1] as string);
  const local = /^local\s/m.test(out);
  const list = acceptsList(facts.flavor, facts.version);
  return {
    value,
    ips,
    local,
    covered: bindCovers(value, ips),
    fixed: fixedBind(value, ips[0], { local, list }),
  };
}

/**
 * The preflight's network check when the replica cannot reach the master and the master listens
 * only elsewhere: an error offering the fix, or — consented — a warning saying what will change.
 */
export function bindCheck(
  b: BindFinding,
  hosts: { master: Host; replica: Host },
  endpoint: { address: string; port: number },
  fix: { allowed: boolean; withBinlog: boolean },
): PreflightCheck {
  const { master, replica } = hosts;
  const base = { id: 'network', title: `Replica reaches the master's port` };
  const listens = `${master.name} listens only on ${bindList(b.value).join(', ')} (bind-address)`;
  const everywhere =
    b.fixed === '0.0.0.0'
      ? ` That is every IPv4 address (${b.local ? `${master.name}'s server takes one address only` : `${endpoint.address} is not one of ${master.name}'s own addresses`}): keep port ${endpoint.port} closed to other networks in its firewall.`
      : '';
  const restart = master.profile.mysqlServiceRestart
    ? `\`${master.profile.mysqlServiceRestart}\``
    : "its profile's restart command";
  if (fix.allowed)
    return {
      ...base,
      level: 'warning',
      message: `${listens}: bind-address will be set to ${b.fixed} in its option file (a dated backup copy is kept) and ${master.name} restarted with ${restart}${fix.withBinlog ? ', in the same restart as the binary log' : ''}.${everywhere}`,
      fix: 'fixBindAddress',
    };
  return {
    ...base,
    level: 'error',
    message: `${listens}, so ${replica.name} cannot reach it at ${endpoint.address}:${endpoint.port}.`,
    hint: `Let Opsdeck make it listen there too (--fix-bind-address, or tick it in the wizard): bind-address = ${b.fixed} in its option file, a backup copy kept, then a restart.${everywhere} Or set bind-address on ${master.name} yourself.`,
    fix: 'fixBindAddress',
  };
}
