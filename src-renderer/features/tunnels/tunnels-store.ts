import { toErrorShape, type Host, type TunnelInfo } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
import { createFeedStore } from '../../ui/feed-store';
import {
  checkTunnelForm,
  EMPTY_TUNNEL_FORM,
  type TunnelForm,
  type TunnelFormErrors,
} from './tunnel-form';

interface TunnelsState {
  tunnels: TunnelInfo[];
  form: TunnelForm;
  errors: TunnelFormErrors;
  opening: boolean;
  /** The keyboard cursor row. */
  focus: string | null;
}

type TunnelList = Pick<TunnelsState, 'tunnels' | 'focus'>;

/** A tunnel gone: it leaves the list, and the cursor if it was on it. */
function withoutTunnel(s: TunnelsState, tunnelId: string): TunnelList {
  return {
    tunnels: s.tunnels.filter((t) => t.tunnelId !== tunnelId),
    focus: s.focus === tunnelId ? null : s.focus,
  };
}

/** The state after a tunnel changed (a closed one is gone). */
function withTunnel(s: TunnelsState, info: TunnelInfo): TunnelList {
  if (info.state === 'closed') return withoutTunnel(s, info.tunnelId);
  const known = s.tunnels.some((t) => t.tunnelId === info.tunnelId);
  return {
    tunnels: known
      ? s.tunnels.map((t) => (t.tunnelId === info.tunnelId ? info : t))
      : [...s.tunnels, info],
    focus: s.focus,
  };
}

/**
 * The tunnels of the core's session (fed by `tunnel.update`, fetched again after a reconnect)
 * and the New-tunnel form. `error`: why the last open (or fetch) failed, as the core said it.
 */
const tunnelsStore = createFeedStore({
  initial: {
    tunnels: [],
    form: EMPTY_TUNNEL_FORM,
    errors: {},
    opening: false,
    focus: null,
  } as TunnelsState,
  fetch: () => client.call('tunnels.list', {}),
  toState: (tunnels) => ({ tunnels }),
  events: client,
  topic: 'tunnel.update',
  onEvent: (info, s) => withTunnel(s, info),
});

export const useTunnels = tunnelsStore.use;
export const tunnelsFeed = tunnelsStore.feed;

export function setTunnelForm(patch: Partial<TunnelForm>): void {
  useTunnels.setState((s) => ({ form: { ...s.form, ...patch }, errors: {}, error: null }));
}

function upsert(info: TunnelInfo): void {
  useTunnels.setState((s) => withTunnel(s, info));
}

/** From a host's menu, its details or the palette: the form, prefilled with that host. */
export function newTunnelFor(host?: Host): void {
  if (host) setTunnelForm({ hostId: host.id });
  nav().goArea('tunnels');
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(
        host ? '[data-testid="tunnel-listen-port"]' : '[data-testid="tunnel-host"]',
      )
      ?.focus(),
  );
}

export async function submitTunnel(): Promise<void> {
  const { form, opening } = useTunnels.getState();
  if (opening) return;
  const checked = checkTunnelForm(form);
  if (!checked.params) return useTunnels.setState({ errors: checked.errors });
  useTunnels.setState({ opening: true, error: null, errors: {} });
  try {
    const info = await client.call('tunnels.open', checked.params);
    upsert(info);
    useTunnels.setState({ focus: info.tunnelId });
  } catch (err) {
    useTunnels.setState({ error: toErrorShape(err) });
  } finally {
    useTunnels.setState({ opening: false });
  }
}

export async function closeTunnel(tunnelId: string): Promise<void> {
  try {
    await client.call('tunnels.close', { tunnelId });
    useTunnels.setState((s) => withoutTunnel(s, tunnelId));
  } catch (err) {
    notifyError('Could not close the tunnel', err);
  }
}
