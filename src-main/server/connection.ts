import { randomUUID } from 'node:crypto';
import type { Transport } from '../contract/client';
import type { Envelope } from '../contract/errors';
import { isFor } from '../contract/event-address';
import type { EventBus } from '../core/event-bus';
import type { CallContext, Router } from './router';

type Door = CallContext['door'];

/**
 * One client of a door: a browser's WebSocket, an Electron window, a CLI process (in-process or
 * attached). Its calls carry its id (so a watch subscription knows whom to deliver to), it sees
 * broadcast events plus the ones addressed to it, and closing it ends what it left running for
 * itself (its watch subscriptions). It is a contract `Transport`: `createClient(connection)` is a
 * typed client of the core through it.
 */
export interface Connection extends Transport {
  readonly id: string;
  readonly door: Door;
  /** Any method name and params: the router validates both (a door passes what it received). */
  invoke(method: unknown, params: unknown): Promise<Envelope<unknown>>;
  /** The client is gone (socket closed, window destroyed, CLI exiting): its calls' waits are
   * aborted and what it owned is released. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

export interface ConnectionDeps {
  router: Pick<Router, 'call'>;
  bus: Pick<EventBus, 'subscribe'>;
  /** Called once when a connection closes: release what it owned. */
  released(connectionId: string): void;
}

export type Connect = (door: Door) => Connection;

export function connectionFactory(deps: ConnectionDeps): Connect {
  return (door) => {
    const id = randomUUID();
    const unsubscribers = new Set<() => void>();
    // Aborted on close: long waits of its calls (a run followed to its end) stop for nobody.
    const aborts = new AbortController();
    let closed = false;
    return {
      id,
      door,
      get closed() {
        return closed;
      },
      invoke(method, params) {
        if (closed) {
          return Promise.resolve({
            ok: false,
            error: {
              code: 'CANCELLED',
              message: 'This connection to the core is closed.',
              hint: 'Reconnect and retry.',
            },
          });
        }
        return deps.router.call(method, params, { door, connectionId: id, signal: aborts.signal });
      },
      onEvent(listener) {
        const off = deps.bus.subscribe((message) => {
          if (!closed && isFor(message, id)) listener(message);
        });
        unsubscribers.add(off);
        return () => {
          unsubscribers.delete(off);
          off();
        };
      },
      close() {
        if (closed) return;
        closed = true;
        aborts.abort();
        for (const off of unsubscribers) off();
        unsubscribers.clear();
        deps.released(id);
      },
    };
  };
}
