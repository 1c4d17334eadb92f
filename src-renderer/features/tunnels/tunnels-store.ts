import { create } from 'zustand';
import {
  toErrorShape,
  type ErrorShape,
  type Host,
  type TunnelInfo,
} from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
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
  /** Why the last open failed, as the core said it. */
  error: ErrorShape | null;
  /** The keyboard cursor row. */
  focus: string | null;
}

/** The tunnels of the core's session (fed by `tunnel.update`) and the New-tunnel form. */
export const useTunnels = create<TunnelsState>(() => ({
  tunnels: [],
  form: EMPTY_TUNNEL_FORM,
  errors: {},
  opening: false,
  error: null,
  focus: null,
}));

export function setTunnelForm(patch: Partial<TunnelForm>): void {
  useTunnels.setState((s) => ({ form: { ...s.form, ...patch }, errors: {}, error: null }));
}

function remove(tunnelId: string): void {
  useTunnels.setState((s) => ({
    tunnels: s.tunnels.filter((t) => t.tunnelId !== tunnelId),
    focus: s.focus === tunnelId ? null : s.focus,
  }));
}

function upsert(info: TunnelInfo): void {
  if (info.state === 'closed') return remove(info.tunnelId);
  useTunnels.setState((s) => {
    const known = s.tunnels.some((t) => t.tunnelId === info.tunnelId);
    return {
      tunnels: known
        ? s.tunnels.map((t) => (t.tunnelId === info.tunnelId ? info : t))
        : [...s.tunnels, info],
    };
  });
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
    remove(tunnelId);
  } catch (err) {
    notifyError('Could not close the tunnel', err);
  }
}

export async function refetchTunnels(): Promise<void> {
  try {
    useTunnels.setState({ tunnels: await client.call('tunnels.list', {}) });
  } catch {
    // The list stays as it was; the next tunnel.update or resync brings it current.
  }
}

export function startTunnelsFeed(): () => void {
  void refetchTunnels();
  return client.on('tunnel.update', upsert);
}
