import type { TunnelState } from '../../contract';

/**
 * What happens to a tunnel:
 * - `up`: the SSH connection is established and forwarding works (first time or again);
 * - `dropped`: the SSH connection was lost while open;
 * - `failed`: establishing failed for good (first attempt, a permanent error, or retries used up);
 * - `close`: a door closed it (also the end of a failed one).
 */
export type TunnelEvent = 'up' | 'dropped' | 'failed' | 'close';

const TRANSITIONS: Record<TunnelState, Partial<Record<TunnelEvent, TunnelState>>> = {
  starting: { up: 'open', failed: 'error', close: 'closed' },
  open: { dropped: 'reconnecting', close: 'closed' },
  reconnecting: { up: 'open', failed: 'error', close: 'closed' },
  error: { close: 'closed' },
  closed: {},
};

/** The next state, or undefined when the event does not apply (e.g. a late `up` after close). */
export function nextTunnelState(state: TunnelState, event: TunnelEvent): TunnelState | undefined {
  return TRANSITIONS[state][event];
}

/** Whether connections accepted now should wait for the SSH connection instead of failing. */
export function isEstablishing(state: TunnelState): boolean {
  return state === 'starting' || state === 'reconnecting';
}
