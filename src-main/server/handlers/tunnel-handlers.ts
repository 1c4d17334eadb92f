import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type TunnelMethod = Extract<keyof Handlers, `tunnels.${string}`>;

/** Tunnels: thin bindings to core.tunnels (opening and closing are audited there). */
export function tunnelHandlers(core: Core): Pick<Handlers, TunnelMethod> {
  const t = core.tunnels;
  return {
    'tunnels.open': (params, call) => t.open(params, call.door),
    'tunnels.close': async ({ tunnelId }, call) => ({ closed: await t.close(tunnelId, call.door) }),
    'tunnels.list': () => t.list(),
  };
}
