/**
 * Whose is a replica registration a master lists (SHOW SLAVE HOSTS / SHOW REPLICAS)?
 *
 * A master lists a replica as long as that replica's binlog dump thread lives, and an idle one
 * outlives the replica's STOP SLAVE until a heartbeat or an event finds the socket closed (a minute
 * or more; never on an idle master without heartbeats). So a host that replicated from this master
 * before is still listed under its own server_id for a while. That is no clash: when it connects
 * again with that server_id, the master ends the old dump thread itself (MariaDB and MySQL
 * `kill_zombie_dump_threads`: "A slave with the same server_uuid/server_id as this slave has
 * connected to the master") and the new registration replaces the old one.
 *
 * A registration is the replica's own when the master knows it by one of the replica's addresses:
 * its Host column (the replica's report_host, or — MariaDB without report_host — the client
 * address of its dump thread) names the replica, or, where the column is empty (MySQL without
 * report_host), a dump thread comes from the replica's address and every dump thread from
 * elsewhere belongs to another registration. Servers behind one address (NAT, an SSH tunnel, or
 * the lab's hosts, which all reach each other from 127.0.0.1) are told apart only by report_host:
 * a verdict "own" that rests only on such an address is marked `shared` (a warning, not ok).
 */

export interface Registration {
  serverId: number;
  /** Host column: report_host, or the client address (MariaDB); may be empty (MySQL). */
  host: string;
  port: number;
}

export interface DumpThread {
  id: number;
  /** The client address of the connection, without its port. */
  client: string;
}

export type Owner =
  | {
      kind: 'own';
      by: string;
      /**
       * The match rests only on an address other servers may appear under too: loopback (an SSH
       * tunnel, the same machine, the lab) or one the master lists other replicas' registrations or
       * dump threads under (NAT). Whether it is the replica's own cannot be told from the master.
       */
      shared?: true;
    }
  | {
      kind: 'other';
      /** The address or name the master lists it under (or its dump threads' addresses). */
      address: string;
    };

/** An address as written by a server: lower case, no brackets, IPv4-mapped IPv6 as IPv4. */
export function normalizeAddress(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped?.[1] ?? a;
}

/** A loopback address or name: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === '::1' || a === 'localhost';
}

/**
 * The addresses and names the replica may appear as, without loopback ones unless the master sees
 * the replica itself from a loopback address (`seen`, the preflight's probe): a replica reached at
 * 127.0.0.1 through an SSH tunnel reaches the master from its real address, and a registration
 * from 127.0.0.1 is then some other client of the master's own machine.
 */
export function appearsAs(seen: string | undefined, addresses: readonly string[]): string[] {
  const keepLoopback = seen !== undefined && isLoopback(seen);
  const all = [seen, ...addresses].filter((a): a is string => Boolean(a));
  return [...new Set(all.filter((a) => keepLoopback || !isLoopback(a)))];
}

/** The client address of a PROCESSLIST Host (`ip:port`, `[ipv6]:port`, `ipv6:port`, `name`). */
export function processlistClient(host: string): string {
  const h = host.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
  if (bracketed) return normalizeAddress(bracketed[1] ?? '');
  return normalizeAddress(h.replace(/:\d+$/, ''));
}

/** Same host: equal addresses, or a short host name and a fully qualified one of it. */
export function sameHost(a: string, b: string): boolean {
  const x = normalizeAddress(a);
  const y = normalizeAddress(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const ip = /^[\d.]+$|:/;
  if (ip.test(x) || ip.test(y)) return false;
  const [short, long] = x.includes('.') ? [y, x] : [x, y];
  return !short.includes('.') && long.startsWith(`${short}.`);
}

/**
 * Who registered `reg` with the master: the replica (`seenAs`: every address and name the master
 * may know it by) or another host. `registered` and `dumps` are all of the master's.
 */
export function registrationOwner(
  reg: Registration,
  registered: readonly Registration[],
  dumps: readonly DumpThread[],
  seenAs: readonly string[],
): Owner {
  const ours = (address: string) => seenAs.find((s) => sameHost(s, address));
  const others = registered.filter((r) => r.serverId !== reg.serverId);
  /** Other servers may come from `address` too: loopback, or other registrations listed under it. */
  const shared = (address: string) =>
    isLoopback(address) || others.some((r) => r.host && sameHost(r.host, address));
  const own = (by: string, sharedOnly: boolean): Owner =>
    sharedOnly ? { kind: 'own', by, shared: true } : { kind: 'own', by };
  if (reg.host) {
    const by = ours(reg.host);
    return by ? own(reg.host, shared(reg.host)) : { kind: 'other', address: reg.host };
  }
  const mine = dumps.filter((d) => ours(d.client));
  const elsewhere = dumps.filter((d) => !ours(d.client));
  if (mine.length && elsewhere.length <= others.length) {
    // Several dump threads from one address: more than one server behind it.
    const fromEach = (client: string) => mine.filter((d) => d.client === client).length;
    const sharedOnly = mine.every((d) => shared(d.client) || fromEach(d.client) > 1);
    return own(mine[0]?.client ?? '', sharedOnly);
  }
  const from = [...new Set(elsewhere.map((d) => d.client))];
  return {
    kind: 'other',
    address: from.length ? from.join(', ') : 'an address the master does not show',
  };
}
