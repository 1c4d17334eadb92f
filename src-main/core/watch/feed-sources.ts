import type { Host } from '../../contract';
import type { MysqlService } from '../mysql';
import { hostFeed, overlayFeed } from '../metrics/metric-feeds';
import type { MetricsService } from '../metrics/metrics-service';
import type { FeedSources } from './feed-source';
import { poll } from './poll';

export interface FeedSourceDeps {
  hosts: { get(idOrName: string): Host };
  mysql: Pick<MysqlService, 'topology'>;
  metrics: MetricsService;
  now(): number;
}

/** Every feed of the contract (contract/feeds.ts) bound to the core service that produces it. */
export function feedSources(deps: FeedSourceDeps): FeedSources {
  return {
    'mysql.topology': ({ host, intervalMs }, sink, signal) => {
      deps.hosts.get(host); // NOT_FOUND now, rather than a stream of error events
      poll(() => deps.mysql.topology(host), sink, signal, { intervalMs });
    },
    'metrics.host': (params, sink, signal) =>
      hostFeed(deps.metrics, deps.hosts, params, sink, signal, deps.now),
    'metrics.overlay': (params, sink, signal) =>
      overlayFeed(deps.metrics, deps.hosts, params, sink, signal, deps.now),
  };
}
