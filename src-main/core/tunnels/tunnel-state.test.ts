import { describe, expect, it } from 'vitest';
import type { TunnelState } from '../../contract';
import { isEstablishing, nextTunnelState, type TunnelEvent } from './tunnel-state';

const run = (events: TunnelEvent[], from: TunnelState = 'starting') =>
  events.reduce<TunnelState>((s, e) => nextTunnelState(s, e) ?? s, from);

describe('tunnel states', () => {
  it('opens, drops, reconnects, closes', () => {
    expect(run(['up'])).toBe('open');
    expect(run(['up', 'dropped'])).toBe('reconnecting');
    expect(run(['up', 'dropped', 'up'])).toBe('open');
    expect(run(['up', 'dropped', 'up', 'close'])).toBe('closed');
  });

  it('gives up into error, which only a close leaves', () => {
    expect(run(['up', 'dropped', 'failed'])).toBe('error');
    expect(nextTunnelState('error', 'up')).toBeUndefined();
    expect(nextTunnelState('error', 'dropped')).toBeUndefined();
    expect(nextTunnelState('error', 'close')).toBe('closed');
    expect(run(['failed'])).toBe('error');
  });

  it('ignores late events after close and nonsense ones', () => {
    for (const e of ['up', 'dropped', 'failed', 'close'] as const)
      expect(nextTunnelState('closed', e)).toBeUndefined();
    expect(nextTunnelState('starting', 'dropped')).toBeUndefined();
    expect(nextTunnelState('open', 'up')).toBeUndefined();
    expect(nextTunnelState('open', 'failed')).toBeUndefined();
  });

  it('lets new connections wait only while establishing', () => {
    expect(isEstablishing('starting')).toBe(true);
    expect(isEstablishing('reconnecting')).toBe(true);
    for (const s of ['open', 'error', 'closed'] as const) expect(isEstablishing(s)).toBe(false);
  });
});
