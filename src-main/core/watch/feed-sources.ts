import type { Host } from '../../contract';
import type { MysqlService } from '../mysql';
import type { ClusterService } from '../mysql/failover/cluster-service';
import { hostFeed, overlayFeed } from '../metrics/metric-feeds';
import type { MetricsService } from '../metrics/metrics-service';
import type { FeedSources } from './feed-source';
import { poll } from './poll';

export interface FeedSourceDeps {
  hosts: { get(idOrName: string): Host };
  mysql: Pick<MysqlService, 'topology'>;
  clusters: Pick<ClusterService, 'viewAround'>;
  /** The metrics area (loaded on first use). */
  metrics(): Promise<MetricsService>;
  now(): number;
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
    'metrics.host': (params, sink, signal) => {
      deps.hosts.get(params.host);
      whenLoaded(deps, sink, signal, (m) =>
        hostFeed(m, deps.hosts, params, sink, signal, deps.now),
      );
    },
    'metrics.overlay': (params, sink, signal) => {
      for (const h of params.hosts) deps.hosts.get(h);
      whenLoaded(deps, sink, signal, (m) =>
        overlayFeed(m, deps.hosts, params, sink, signal, deps.now),
      );
    },
  };
}

/** Start a metrics feed once its area is loaded (a failed load ends the feed with the error). */
function whenLoaded(
  deps: FeedSourceDeps,
  sink: { end(err?: unknown): void },
  signal: AbortSignal,
  start: (metrics: MetricsService) => void,
): void {
  deps.metrics().then(
    (m) => {
      if (signal.aborted) return;
      try {
        start(m);
      } catch (err) {
        sink.end(err);
      }
    },
    (err: unknown) => sink.end(err),
  );
}
