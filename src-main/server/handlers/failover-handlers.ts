import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type FailoverMethod =
  | 'mysql.clusters'
  | 'mysql.cluster'
  | 'mysql.saveCluster'
  | 'mysql.removeCluster'
  | 'mysql.failoverPlan'
  | 'mysql.failoverReports'
  | 'mysql.watchCluster'
  | 'mysql.unwatchCluster';

/** MySQL clusters and failover planning: thin bindings to core.clusters. */
export function failoverHandlers(core: Core): Pick<Handlers, FailoverMethod> {
  const c = core.clusters;
  return {
    'mysql.clusters': () => c.list(),
    'mysql.cluster': ({ host }) => c.settingsFor(host),
    'mysql.saveCluster': (settings) => c.save(settings),
    'mysql.removeCluster': ({ name }) => c.remove(name),
    'mysql.failoverPlan': (params) =>
      c.view({ master: params.master, mode: params.mode, ...(params.to ? { to: params.to } : {}) }),
    'mysql.failoverReports': ({ cluster, limit }) => c.reports(cluster, limit),
    'mysql.watchCluster': ({ host, intervalMs }) => {
      core.hosts.get(host); // NOT_FOUND now rather than as a stream of error events
      return c.watch(host, intervalMs);
    },
    'mysql.unwatchCluster': ({ watchId }) => c.unwatch(watchId),
  };
}
