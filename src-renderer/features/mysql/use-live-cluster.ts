import { useState } from 'react';
import type { ClusterPlanView, ErrorShape, Topology } from '../../../src-main/contract';
import { useWatch } from '../../api/use-watch';

export interface LiveCluster {
  /** The tree to draw: the cluster view's (with lag and the master's health) when there is one. */
  topology: Topology | null;
  /** Health + ranking; null while loading or when the topology has no master in the inventory. */
  view: ClusterPlanView | null;
  error: ErrorShape | null;
  /** Why there is no ranking (e.g. the master is not in the inventory). */
  viewError: ErrorShape | null;
}

/** A cluster that cannot be planned at all (rather than a round that failed and will retry). */
const unplannable = (e: ErrorShape | null) =>
  e !== null && (e.code === 'NOT_FOUND' || e.code === 'INVALID_PARAMS');

/**
 * One live feed for the MySQL area: the `mysql.cluster` feed (topology + master health + ranking
 * from one round of probes). When the cluster cannot be planned (its master is not in the
 * inventory), the plain `mysql.topology` feed draws the tree instead.
 */
export function useLiveCluster(host: string): LiveCluster {
  // The host whose cluster could not be planned, and why (kept: that watch is stopped then).
  const [fallbackFor, setFallbackFor] = useState<{ host: string; why: ErrorShape } | null>(null);
  const fallback = fallbackFor?.host === host;
  const cluster = useWatch('mysql.cluster', fallback ? null : { host, intervalMs: 3000 });
  const topology = useWatch('mysql.topology', fallback ? { host, intervalMs: 3000 } : null);

  // Switching feeds while rendering (React re-renders at once, before the screen updates).
  if (!fallback && cluster.error && unplannable(cluster.error))
    setFallbackFor({ host, why: cluster.error });

  if (fallback)
    return {
      topology: topology.data,
      view: null,
      error: topology.error,
      viewError: fallbackFor?.why ?? null,
    };
  return {
    topology: cluster.data?.topology ?? null,
    view: cluster.data,
    error: unplannable(cluster.error) ? null : cluster.error,
    viewError: null,
  };
}
