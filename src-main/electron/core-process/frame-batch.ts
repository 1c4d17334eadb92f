/**
 * Messages to a window, sent at most once per display frame while output streams: each message
 * costs the receiving process a wake-up and a deserialisation, and a renderer draws once a frame
 * anyway. What comes after a quiet frame goes this very turn (with whatever else waits), and so
 * do the first two items of a key (a terminal) that had nothing for two frames — a keystroke's
 * echo, and the rest of it when it came in several packets (output-batcher.ts sends that within
 * its short after-idle window), never wait for another terminal's stream. A streaming terminal's
 * output comes about once a frame (the same TERMINAL_FRAME_MS): two quiet frames tell it from a
 * stream. A message holds at most about `maxBytes` (a longer one is split, in order), so the
 * renderer never deserialises and dispatches megabytes in one task. Order is kept; `flush()`
 * sends at once, `cancel()` drops what waits (the port is gone).
 */
import { TERMINAL_FRAME_MS } from '../../contract/ssh';
import type { TurnBatch } from './turn-batch';

export interface FrameBatchOptions<T> {
  /** The frame (default TERMINAL_FRAME_MS, one display frame at 60 Hz). */
  frameMs?: number;
  /** The stream an item belongs to (a terminal id); undefined: it may wait for the frame. */
  keyOf?: (item: T) => string | undefined;
  /** An item's size (characters of terminal output); default 0. */
  sizeOf?: (item: T) => number;
  /** Send at once when this much waits (default 256 Ki). */
  maxBytes?: number;
  /** Milliseconds on a monotonic clock (default performance.now). */
  now?: () => number;
}

export interface FrameBatch<T> extends TurnBatch<T> {
  /** Drop what waits and stop the timers (the channel it goes to is closed). */
  cancel(): void;
}

export const FRAME_BATCH_MAX_BYTES = 256 * 1024;

export function frameBatch<T>(
  send: (items: T[]) => void,
  options: FrameBatchOptions<T> = {},
): FrameBatch<T> {
  const frameMs = options.frameMs ?? TERMINAL_FRAME_MS;
  const now = options.now ?? (() => performance.now());
  const sizeOf = options.sizeOf ?? (() => 0);
  const maxBytes = options.maxBytes ?? FRAME_BATCH_MAX_BYTES;
  let items: T[] = [];
  let bytes = 0;
  let lastSend = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let soon: ReturnType<typeof setImmediate> | undefined;
  const quietMs = 2 * frameMs;
  /** When each key last had an item (keys quiet long enough are forgotten at the next send). */
  const lastSeen = new Map<string, number>();
  /** Keys whose last item started their stream again: their next item goes this turn too. */
  const followUp = new Set<string>();

  const stop = () => {
    clearTimeout(timer);
    if (soon) clearImmediate(soon);
    timer = soon = undefined;
  };

  const flush = () => {
    stop();
    if (!items.length) return;
    const batch = items;
    items = [];
    bytes = 0;
    lastSend = now();
    for (const [key, at] of lastSeen) {
      if (lastSend - at < quietMs) continue;
      lastSeen.delete(key);
      followUp.delete(key);
    }
    send(batch);
  };

  const cancel = () => {
    stop();
    items = [];
    bytes = 0;
  };

  /**
   * Whether `item` goes this turn because its key starts its stream again after a quiet spell,
   * or is the next item after that (and note that it came).
   */
  const urgent = (item: T, at: number): boolean => {
    const key = options.keyOf?.(item);
    if (key === undefined) return false;
    const seen = lastSeen.get(key);
    lastSeen.set(key, at);
    if (seen === undefined || at - seen >= quietMs) {
      followUp.add(key);
      return true;
    }
    return followUp.delete(key);
  };

  const add = (item: T) => {
    items.push(item);
    bytes += sizeOf(item);
    const at = now();
    const goNow = urgent(item, at);
    if (bytes >= maxBytes) return flush();
    if (goNow || at - lastSend >= frameMs) {
      if (!soon) {
        clearTimeout(timer);
        timer = undefined;
        soon = setImmediate(flush); // this turn's other items go with it
      }
      return;
    }
    if (!soon) timer ??= setTimeout(flush, frameMs - (at - lastSend));
  };
  return Object.assign(add, { flush, cancel });
}
