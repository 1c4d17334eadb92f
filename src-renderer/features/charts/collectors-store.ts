import type { CollectorInfo } from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';

/**
 * The core's SSH collectors, for the Charts area's status table. A host's collection settings
 * (metrics.changed) change its collector's interval: fetched again at once. No event says when a
 * collector goes live, fails or stops, and its CPU% is a measurement that moves all the time, so
 * while the table is on screen it is also fetched again every COLLECTORS_REFRESH_MS.
 */
export const collectorsFeed = createFeedStore({
  initial: { collectors: [] as CollectorInfo[] },
  fetch: () => client.call('metrics.collectors', {}),
  toState: (collectors) => ({ collectors }),
  events: client,
  topic: 'metrics.changed',
});
export const useCollectors = collectorsFeed.use;

export const COLLECTORS_REFRESH_MS = 5000;

/** While the table is mounted: the feed, and the slow refresh of states and CPU%. */
export function watchCollectors(): () => void {
  const stop = collectorsFeed.start();
  const timer = setInterval(() => void collectorsFeed.refetch(), COLLECTORS_REFRESH_MS);
  return () => {
    stop();
    clearInterval(timer);
  };
}
