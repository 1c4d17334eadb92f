import { create } from 'zustand';
import { toErrorShape, type ErrorShape, type Host } from '../../../src-main/contract';
import { client } from '../../api';

interface HostsState {
  hosts: Host[];
  byId: ReadonlyMap<string, Host>;
  loaded: boolean;
  error: ErrorShape | null;
}

/** The inventory as last fetched. Refetched when the core says it changed — never polled. */
export const useHosts = create<HostsState>(() => ({
  hosts: [],
  byId: new Map(),
  loaded: false,
  error: null,
}));

let generation = 0;

export async function refetchHosts(): Promise<void> {
  const mine = ++generation;
  try {
    const hosts = await client.call('hosts.list', {});
    if (mine !== generation) return; // a newer fetch started meanwhile
    useHosts.setState({
      hosts,
      byId: new Map(hosts.map((h) => [h.id, h])),
      loaded: true,
      error: null,
    });
  } catch (err) {
    if (mine === generation) useHosts.setState({ error: toErrorShape(err), loaded: true });
  }
}

/** Fetch now, then on every `hosts.changed` (debounced: imports emit bursts). */
export function startHostsFeed(debounceMs = 100): () => void {
  void refetchHosts();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = client.on('hosts.changed', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetchHosts(), debounceMs);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

export const hostById = (id: string): Host | undefined => useHosts.getState().byId.get(id);
