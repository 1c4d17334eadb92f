import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ClusterPlanView,
  type ErrorShape,
  type Topology,
} from '../../../src-main/contract';
import { client } from '../../api';

export interface LiveCluster {
  /** The tree to draw: the cluster view's (with lag and the master's health) when there is one. */
  topology: Topology | null;
  /** Health + ranking; null while loading or when the topology has no master in the inventory. */
  view: ClusterPlanView | null;
  error: ErrorShape | null;
  /** Why there is no ranking (e.g. the master is not in the inventory). */
  viewError: ErrorShape | null;
}

/**
 * One live feed for the MySQL area: `mysql.watchCluster` (topology + master health + ranking from
 * one round of probes). When the cluster cannot be planned (its master is not in the inventory),
 * the plain topology watch draws the tree instead.
 */
export function useLiveCluster(host: string): LiveCluster {
  const [state, setState] = useState<LiveCluster>({
    topology: null,
    view: null,
    error: null,
    viewError: null,
  });

  useEffect(() => {
    let live = true;
    let clusterWatch: string | null = null;
    let topologyWatch: string | null = null;
    let fallback = false;
    const stop = (method: 'mysql.unwatchCluster' | 'mysql.unwatchTopology', id: string | null) => {
      if (id) void client.call(method, { watchId: id }).catch(() => {});
    };
    const startFallback = (viewError: ErrorShape) => {
      setState((s) => ({ ...s, view: null, viewError }));
      if (fallback) return;
      fallback = true;
      stop('mysql.unwatchCluster', clusterWatch);
      clusterWatch = null;
      client
        .call('mysql.watchTopology', { host, intervalMs: 3000 })
        .then((r) => {
          if (live) topologyWatch = r.watchId;
          else stop('mysql.unwatchTopology', r.watchId);
        })
        .catch(() => {});
    };
    const offCluster = client.on('mysql.cluster', (ev) => {
      if (!live || ev.watchId !== clusterWatch) return;
      if (ev.view) {
        const view = ev.view;
        setState({ topology: view.topology, view, error: null, viewError: null });
      } else if (ev.error) {
        if (ev.error.code === 'NOT_FOUND' || ev.error.code === 'INVALID_PARAMS')
          startFallback(ev.error);
        else setState((s) => ({ ...s, error: ev.error ?? null }));
      }
    });
    const offTopology = client.on('mysql.topology', (ev) => {
      if (!live || ev.watchId !== topologyWatch) return;
      if (ev.topology) {
        const topology = ev.topology;
        setState((s) => ({ ...s, topology, error: null }));
      } else if (ev.error) setState((s) => ({ ...s, error: ev.error ?? null }));
    });
    // A quick first paint while the first cluster round runs.
    client
      .call('mysql.topology', { host })
      .then((t) => live && setState((s) => (s.topology ? s : { ...s, topology: t })))
      .catch((err: unknown) => live && setState((s) => ({ ...s, error: toErrorShape(err) })));
    client
      .call('mysql.watchCluster', { host, intervalMs: 3000 })
      .then((r) => {
        if (live) clusterWatch = r.watchId;
        else stop('mysql.unwatchCluster', r.watchId);
      })
      .catch((err: unknown) => live && startFallback(toErrorShape(err)));
    return () => {
      live = false;
      offCluster();
      offTopology();
      stop('mysql.unwatchCluster', clusterWatch);
      stop('mysql.unwatchTopology', topologyWatch);
    };
  }, [host]);

  return state;
}
