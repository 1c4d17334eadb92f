/**
 * MySQL GTID sets (`uuid:1-5:7,uuid2:1-3`) as sorted, merged intervals per source uuid, with the
 * set operations MySQL's GTID_SUBTRACT / GTID_SUBSET perform — in process, so the planner works on
 * recorded topologies and on a dead master's last known set without a server to ask.
 */
export type GtidSet = ReadonlyMap<string, readonly Interval[]>;
/** Inclusive [start, end]. */
export type Interval = readonly [number, number];

export function parseGtidSet(text: string): GtidSet {
  const out = new Map<string, Interval[]>();
  for (const part of text.replace(/\s+/g, '').split(',')) {
    if (!part) continue;
    const [uuid = '', ...ranges] = part.split(':');
    // MySQL 8.3+ tagged GTIDs (uuid:tag:1-5): the tag is part of the source identity.
    const tagged =
      ranges.length && !/^\d/.test(ranges[0] ?? '') ? `${uuid}:${ranges.shift()}` : uuid;
    const list = out.get(tagged.toLowerCase()) ?? [];
    for (const r of ranges) {
      const [a, b = a] = r.split('-').map(Number);
      if (Number.isFinite(a) && Number.isFinite(b) && a !== undefined) list.push([a, b as number]);
    }
    out.set(tagged.toLowerCase(), list);
  }
  return normalize(out);
}

function normalize(map: Map<string, Interval[]>): GtidSet {
  const out = new Map<string, Interval[]>();
  for (const [uuid, list] of map) {
    const sorted = [...list].sort((x, y) => x[0] - y[0]);
    const merged: Interval[] = [];
    for (const [a, b] of sorted) {
      const last = merged.at(-1);
      if (last && a <= last[1] + 1) merged[merged.length - 1] = [last[0], Math.max(last[1], b)];
      else merged.push([a, b]);
    }
    if (merged.length) out.set(uuid, merged);
  }
  return out;
}

export function formatGtidSet(set: GtidSet): string {
  return [...set.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(
      ([uuid, list]) =>
        `${uuid}:${list.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(':')}`,
    )
    .join(',');
}

export function unionGtid(a: GtidSet, b: GtidSet): GtidSet {
  const out = new Map<string, Interval[]>();
  for (const set of [a, b])
    for (const [uuid, list] of set) out.set(uuid, [...(out.get(uuid) ?? []), ...list]);
  return normalize(out);
}

/** GTID_SUBTRACT(a, b): what a has that b has not. */
export function subtractGtid(a: GtidSet, b: GtidSet): GtidSet {
  const out = new Map<string, Interval[]>();
  for (const [uuid, list] of a) {
    let rest: Interval[] = [...list];
    for (const [c, d] of b.get(uuid) ?? []) {
      rest = rest.flatMap(([x, y]): Interval[] => {
        if (d < x || c > y) return [[x, y]];
        const parts: Interval[] = [];
        if (c > x) parts.push([x, c - 1]);
        if (d < y) parts.push([d + 1, y]);
        return parts;
      });
    }
    if (rest.length) out.set(uuid, rest);
  }
  return out;
}

/** GTID_SUBSET(a, b) */
export const isGtidSubset = (a: GtidSet, b: GtidSet) => gtidCount(subtractGtid(a, b)) === 0;

export function gtidCount(set: GtidSet): number {
  let n = 0;
  for (const list of set.values()) for (const [a, b] of list) n += b - a + 1;
  return n;
}

/** Only the transactions of one source (e.g. the master's own uuid). */
export function onlySource(set: GtidSet, uuid: string): GtidSet {
  const list = set.get(uuid.toLowerCase());
  return list ? new Map([[uuid.toLowerCase(), list]]) : new Map();
}

export function withoutSources(set: GtidSet, uuids: readonly string[]): GtidSet {
  const drop = new Set(uuids.map((u) => u.toLowerCase()));
  return new Map([...set].filter(([uuid]) => !drop.has(uuid)));
}
