import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type HaproxyMethod = Extract<keyof Handlers, `haproxy.${string}`>;

/** HAProxy: thin bindings to core.haproxy (changes are confirmed and audited there). */
export function haproxyHandlers(core: Core): Pick<Handlers, HaproxyMethod> {
  return {
    'haproxy.status': ({ host }) => core.haproxy.status(host),
    'haproxy.setServer': (params, call) => core.haproxy.setServer(params, call.door),
    'haproxy.createPool': (params, call) => core.haproxy.createPool(params, call.door),
  };
}
