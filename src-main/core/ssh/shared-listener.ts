import type { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => void;

interface Fan {
  /** The one listener on the emitter. */
  listener: Handler;
  handlers: Set<Handler>;
}

const fans = new WeakMap<EventEmitter, Map<string, Fan>>();

/**
 * Listen to `event` on a (shared) emitter through one listener per emitter and event: every tunnel,
 * terminal and running command on a host watches the same pooled ssh2 client, and Node warns (MaxListenersExceededWarning) once
 * an event has more than 10 listeners. The listener is added with the first handler and removed
 * with the last; handlers run in the order they subscribed. Returns the unsubscribe (idempotent).
 */
export function onShared<A extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  handler: (...args: A) => void,
): () => void {
  let byEvent = fans.get(emitter);
  if (!byEvent) fans.set(emitter, (byEvent = new Map()));
  let fan = byEvent.get(event);
  if (!fan) {
    const handlers = new Set<Handler>();
    // A copy: like emit, a handler removed meanwhile still runs, one added meanwhile waits.
    const listener: Handler = (...args) => [...handlers].forEach((h) => h(...args));
    fan = { listener, handlers };
    byEvent.set(event, fan);
    emitter.on(event, listener);
  }
  const own: Handler = (...args) => handler(...(args as A));
  const current = fan;
  current.handlers.add(own);
  return () => {
    if (!current.handlers.delete(own) || current.handlers.size > 0) return;
    emitter.off(event, current.listener);
    if (byEvent.get(event) === current) byEvent.delete(event);
  };
}
