import { defineMethod } from '../define';
import {
  HaproxySetServerParams,
  HaproxySetServerResult,
  HaproxyStatus,
  HaproxyStatusParams,
} from '../haproxy';

/** HAProxy on an inventory host (the traffic layer of failover). */
export const haproxyMethods = {
  'haproxy.status': defineMethod({
    summary:
      'HAProxy on a host: settings (profile or detected), frontends/backends/servers from its config, live stats from the admin socket',
    params: HaproxyStatusParams,
    result: HaproxyStatus,
    events: ['prompt.request'],
    mutates: false,
  }),
  'haproxy.setServer': defineMethod({
    summary:
      'Set a server ready / drain / maint through the runtime API (confirm with backend/server; audited; proven by the stats)',
    params: HaproxySetServerParams,
    result: HaproxySetServerResult,
    events: ['prompt.request'],
    mutates: true,
  }),
} as const;
