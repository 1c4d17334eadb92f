import type { Host } from '../../contract';
import type { MysqlService } from '../mysql';
import type { ClusterService } from '../mysql/failover/cluster-service';
import type { FeedSources } from './feed-source';
import { poll } from './poll';

export interface FeedSourceDeps {
  hosts: { get(idOrName: string): Host };
  mysql: Pick<MysqlService, 'topology'>;
  clusters: Pick<ClusterService, 'viewAround'>;
}

/** Every feed of the contract (contract/feeds.ts) bound to the core service that produces it. */
export function feedSources(deps: FeedSourceDeps): FeedSources {
  return {
    'mysql.topology': ({ host, intervalMs }, sink, signal) => {
      deps.hosts.get(host); // NOT_FOUND now, rather than a stream of error events
      poll(() => deps.mysql.topology(host), sink, signal, { intervalMs });
    },
    'mysql.cluster': ({ host, intervalMs }, sink, signal) => {
      deps.hosts.get(host);
      poll(() => deps.clusters.viewAround(host), sink, signal, { intervalMs });
    },
  };
}
