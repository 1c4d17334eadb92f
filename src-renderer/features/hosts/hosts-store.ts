import type { Host } from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';

/**
 * The inventory as last fetched. Refetched when the core says it changed (debounced: imports
 * emit bursts) and after a reconnect — never polled.
 */
const hostsStore = createFeedStore({
  initial: { hosts: [] as Host[], byId: new Map() as ReadonlyMap<string, Host> },
  fetch: () => client.call('hosts.list', {}),
  toState: (hosts) => ({ hosts, byId: new Map(hosts.map((h) => [h.id, h])) }),
  events: client,
  topic: 'hosts.changed',
});

export const useHosts = hostsStore.use;
/** Fetch now, then follow `hosts.changed`; fetch again after a reconnect. */
export const hostsFeed = hostsStore.feed;

export const hostById = (id: string): Host | undefined => useHosts.getState().byId.get(id);
