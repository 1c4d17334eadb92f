/**
 * MariaDB GTIDs: `domain-server-seq`. A position (gtid_slave_pos, gtid_binlog_pos,
 * gtid_current_pos) holds the last GTID per replication domain; gtid_binlog_state holds the last
 * GTID per (domain, server_id) pair that the binary log has seen. Within a domain, one master at a
 * time hands out consecutive sequence numbers, so "ahead by N" is a difference of seq numbers.
 */
export interface MariaGtid {
  domain: number;
  server: number;
  seq: number;
}

export function parseMariaGtids(text: string): MariaGtid[] {
  return text
    .replace(/\s+/g, '')
    .split(',')
    .map((g) => /^(\d+)-(\d+)-(\d+)$/.exec(g))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ domain: Number(m[1]), server: Number(m[2]), seq: Number(m[3]) }));
}

export const formatMariaGtid = (g: MariaGtid) => `${g.domain}-${g.server}-${g.seq}`;
export const formatMariaGtids = (list: readonly MariaGtid[]) =>
  [...list]
    .sort((a, b) => a.domain - b.domain || a.server - b.server)
    .map(formatMariaGtid)
    .join(',');

/** The last GTID per domain (a position): the highest seq wins. */
export function positionByDomain(list: readonly MariaGtid[]): Map<number, MariaGtid> {
  const out = new Map<number, MariaGtid>();
  for (const g of list) {
    const have = out.get(g.domain);
    if (!have || g.seq > have.seq) out.set(g.domain, g);
  }
  return out;
}

/** Per domain, how far `a` is ahead of `b` (positive) or behind (negative). */
export function seqDelta(
  a: ReadonlyMap<number, MariaGtid>,
  b: ReadonlyMap<number, MariaGtid>,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of new Set([...a.keys(), ...b.keys()]))
    out.set(d, (a.get(d)?.seq ?? 0) - (b.get(d)?.seq ?? 0));
  return out;
}
