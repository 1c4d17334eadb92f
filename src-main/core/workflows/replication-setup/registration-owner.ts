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
 * elsewhere belongs to another registration. Servers behind one address (NAT, or the lab's hosts,
 * which all reach each other from 127.0.0.1) are told apart only by report_host.
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
  | { kind: 'own'; by: string }
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
  if (reg.host) {
    const by = ours(reg.host);
    return by ? { kind: 'own', by: reg.host } : { kind: 'other', address: reg.host };
  }
  const mine = dumps.filter((d) => ours(d.client));
  const elsewhere = dumps.filter((d) => !ours(d.client));
  const others = registered.filter((r) => r.serverId !== reg.serverId).length;
  if (mine.length && elsewhere.length <= others) return { kind: 'own', by: mine[0]?.client ?? '' };
  const from = [...new Set(elsewhere.map((d) => d.client))];
  return {
    kind: 'other',
    address: from.length ? from.join(', ') : 'an address the master does not show',
  };
}
