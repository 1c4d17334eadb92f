/** One host's outcome as clustering sees it: a content key, or null when it has no content. */
export interface KeyedHost {
  hostId: string;
  hostName: string;
  /** Hash of the compared content; `missing` when the file does not exist; null when unread. */
  key: string | null;
}

export interface Cluster {
  id: number;
  key: string;
  /** By host name. */
  hostIds: string[];
  representative: string;
  missing: boolean;
}

export const MISSING_KEY = 'missing';

/**
 * Hosts grouped by identical content key: largest cluster first (ties: the cluster holding the
 * first host by name), ids from 1 in that order. Unread hosts (key null) are in no cluster.
 */
export function clusterHosts(hosts: readonly KeyedHost[]): Cluster[] {
  const sorted = [...hosts].sort((a, b) => a.hostName.localeCompare(b.hostName));
  const byKey = new Map<string, string[]>();
  for (const h of sorted) {
    if (h.key === null) continue;
    const list = byKey.get(h.key) ?? [];
    list.push(h.hostId);
    byKey.set(h.key, list);
  }
  const order = new Map(sorted.map((h, i) => [h.hostId, i]));
  const first = (ids: string[]) => order.get(ids[0] as string) ?? 0;
  return [...byKey.entries()]
    .sort(([, a], [, b]) => b.length - a.length || first(a) - first(b))
    .map(([key, hostIds], i) => ({
      id: i + 1,
      key,
      hostIds,
      representative: hostIds[0] as string,
      missing: key === MISSING_KEY,
    }));
}

/**
 * The majority baseline: the largest cluster with content (a file most hosts lack is not a
 * baseline unless nobody has it); undefined when no host could be read.
 */
export function majorityBaseline(clusters: readonly Cluster[]): Cluster | undefined {
  return clusters.find((c) => !c.missing) ?? clusters[0];
}

/**
 * For showing: the baseline first, then the clusters with content by size, then hosts missing
 * the file; ids renumbered from 1 in that order (the baseline is #1 whenever there is one).
 */
export function baselineFirst(
  clusters: readonly Cluster[],
  baseline: Cluster | undefined,
): Cluster[] {
  const rank = (c: Cluster) => (c === baseline ? 0 : c.missing ? 2 : 1);
  return [...clusters]
    .sort((a, b) => rank(a) - rank(b) || a.id - b.id)
    .map((c, i) => ({ ...c, id: i + 1 }));
}
