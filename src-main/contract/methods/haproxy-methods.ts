import { defineMethod } from '../define';
import {
  HaproxyCreatePoolParams,
  HaproxyCreatePoolResult,
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
  'haproxy.createPool': defineMethod({
    summary:
      "Generate a MySQL writers' pool (a listen section) on a proxy without one: validated with haproxy -c, installed, reloaded, proven by the stats (dryRun: the section only; confirm with the section name)",
    params: HaproxyCreatePoolParams,
    result: HaproxyCreatePoolResult,
    events: ['prompt.request'],
    mutates: true,
  }),
} as const;
