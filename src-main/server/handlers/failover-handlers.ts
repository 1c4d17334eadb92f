import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type FailoverMethod =
  | 'mysql.clusters'
  | 'mysql.cluster'
  | 'mysql.saveCluster'
  | 'mysql.removeCluster'
  | 'mysql.failoverPlan'
  | 'mysql.failoverReports';

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
  };
}
