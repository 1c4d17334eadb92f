/**
 * Messages to a window, sent at most once per display frame while output streams: each message
 * costs the receiving process a wake-up and a deserialisation, and a renderer draws once a frame
 * anyway. What comes after a quiet frame goes this very turn (with whatever else waits), and so
 * does an item whose key (a terminal) had nothing for two frames — a keystroke's echo in one
 * terminal never waits for another terminal's stream (a streaming terminal's output comes about
 * once a frame, core/terminals/output-batcher.ts: two quiet frames tell it from a stream). Order
 * is kept; `flush()` sends at once.
 */
import type { TurnBatch } from './turn-batch';

export interface FrameBatchOptions<T> {
  /** The frame (default 16 ms, one display frame at 60 Hz). */
  frameMs?: number;
  /** The stream an item belongs to (a terminal id); undefined: it may wait for the frame. */
  keyOf?: (item: T) => string | undefined;
  /** Milliseconds on a monotonic clock (default performance.now). */
  now?: () => number;
}

export function frameBatch<T>(
  send: (items: T[]) => void,
  options: FrameBatchOptions<T> = {},
): TurnBatch<T> {
  const frameMs = options.frameMs ?? 16;
  const now = options.now ?? (() => performance.now());
  let items: T[] = [];
  let lastSend = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let soon: ReturnType<typeof setImmediate> | undefined;
  const quietMs = 2 * frameMs;
  /** When each key last had an item (keys quiet long enough are forgotten at the next send). */
  const lastSeen = new Map<string, number>();

  const flush = () => {
    clearTimeout(timer);
    if (soon) clearImmediate(soon);
    timer = soon = undefined;
    if (!items.length) return;
    const batch = items;
    items = [];
    lastSend = now();
    for (const [key, at] of lastSeen) if (lastSend - at >= quietMs) lastSeen.delete(key);
    send(batch);
  };

  /** Whether `item` starts its stream again after a quiet spell (and note that it came). */
  const fresh = (item: T, at: number): boolean => {
    const key = options.keyOf?.(item);
    if (key === undefined) return false;
    const seen = lastSeen.get(key);
    lastSeen.set(key, at);
    return seen === undefined || at - seen >= quietMs;
  };

  const add = (item: T) => {
    items.push(item);
    const at = now();
    const quiet = at - lastSend >= frameMs;
    if (fresh(item, at) || quiet) {
      if (!soon) {
        clearTimeout(timer);
        timer = undefined;
        soon = setImmediate(flush); // this turn's other items go with it
      }
      return;
    }
    if (!soon) timer ??= setTimeout(flush, frameMs - (at - lastSend));
  };
  return Object.assign(add, { flush });
}
