import { create } from 'zustand';

/** Spans offered for the time window (seconds). */
export const SPANS: { label: string; seconds: number }[] = [
  { label: '1 min', seconds: 60 },
  { label: '5 min', seconds: 300 },
  { label: '15 min', seconds: 900 },
  { label: '1 h', seconds: 3600 },
  { label: '6 h', seconds: 6 * 3600 },
  { label: '24 h', seconds: 86400 },
  { label: '7 d', seconds: 7 * 86400 },
  { label: '30 d', seconds: 30 * 86400 },
];

export interface TimeWindow {
  /** Live: the window ends now and follows the tail. */
  live: boolean;
  spanSec: number;
  /** A fixed window (zoomed or panned into the past), ms. */
  from: number;
  to: number;
  setSpan(seconds: number): void;
  zoom(fromMs: number, toMs: number): void;
  /** Move the window by a fraction of its width (−0.5: half a window back). */
  pan(fraction: number, now?: number): void;
  goLive(): void;
}

/** The window [from, to] in ms that charts draw at `now`. */
export function windowAt(
  w: Pick<TimeWindow, 'live' | 'spanSec' | 'from' | 'to'>,
  now: number,
): [number, number] {
  return w.live ? [now - w.spanSec * 1000, now] : [w.from, w.to];
}

/**
 * The time window every chart on screen shares: zoom (drag a range), pan (Shift+drag, ← →) and
 * the live tail are the same for all of them, as their crosshair is.
 */
export const useTimeWindow = create<TimeWindow>((set, get) => ({
  live: true,
  spanSec: 900,
  from: 0,
  to: 0,
  setSpan: (seconds) => set({ spanSec: seconds, live: true }),
  zoom: (from, to) => {
    if (to - from < 5000) return;
    set({ live: false, from, to, spanSec: Math.round((to - from) / 1000) });
  },
  pan: (fraction, now = Date.now()) => {
    const [from, to] = windowAt(get(), now);
    const shift = (to - from) * fraction;
    if (to + shift >= now) return set({ live: true });
    set({ live: false, from: from + shift, to: to + shift });
  },
  goLive: () => set({ live: true }),
}));
