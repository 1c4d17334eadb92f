import { z } from 'zod';
import { defineMethod } from '../define';
import { TunnelInfo, TunnelOpenParams } from '../tunnels';

const tunnelId = z.string().min(1).max(128).describe('tunnel id');

/** SSH port forwarding (-L / -R / -D) over the host's pooled connection. */
export const tunnelMethods = {
  'tunnels.open': defineMethod({
    summary:
      'Open a tunnel (local -L, remote -R or SOCKS5 -D) on a host; answers once it forwards, then reports tunnel.update',
    params: TunnelOpenParams,
    result: TunnelInfo,
    events: ['tunnel.update', 'prompt.request', 'audit.appended'],
    mutates: true,
  }),
  'tunnels.close': defineMethod({
    summary: 'Close a tunnel: stop listening, end its connections, cancel the remote forward',
    params: z.object({ tunnelId }).strict(),
    result: z.object({ closed: z.boolean() }),
    events: ['tunnel.update'],
    mutates: true,
  }),
  'tunnels.list': defineMethod({
    summary: 'Tunnels of this session with state, connections and bytes',
    params: z.object({}).strict(),
    result: z.array(TunnelInfo),
    events: [],
    mutates: false,
  }),
} as const;
