/**
 * Main's renderer ends of stream ports, until the core answers about them (stream-ports.ts in
 * the core, electron/stream-port-protocol.ts for the protocol): at most one waiting per window
 * connection, each numbered (`gen`), so an answer about one port never hands over another.
 */
import type { StreamReady } from './messages';

interface ClosablePort {
  close(): void;
}

export interface StreamWaiters<P extends ClosablePort> {
  /** Whether a port is already on its way to this connection (a new request then waits for it). */
  has(conn: number): boolean;
  /** Wait with `port` for the core's answer; returns the number the core must answer with. */
  add(conn: number, port: P, deliver: (port: P | undefined) => void): number;
  /** Whether port `gen` still waits (it is sent to the core only then). */
  waits(conn: number, gen: number): boolean;
  /** The core's answer: hand over that very port (ok), or close it and say there is none. */
  settle(ready: StreamReady): void;
  /** The window closed: close its waiting port. */
  drop(conn: number): void;
  /** The core died: close every waiting port (the windows ask again once it is ready). */
  dropAll(): void;
}

export function streamWaiters<P extends ClosablePort>(): StreamWaiters<P> {
  const waiting = new Map<number, { port: P; gen: number; deliver(p: P | undefined): void }>();
  let nextGen = 0;
  return {
    has: (conn) => waiting.has(conn),
    add(conn, port, deliver) {
      waiting.get(conn)?.port.close();
      const gen = ++nextGen;
      waiting.set(conn, { port, gen, deliver });
      return gen;
    },
    waits: (conn, gen) => waiting.get(conn)?.gen === gen,
    settle({ conn, gen, ok }) {
      const waiter = waiting.get(conn);
      if (!waiter || waiter.gen !== gen) return; // about a port no longer waiting: not this one
      waiting.delete(conn);
      if (ok) return waiter.deliver(waiter.port);
      waiter.port.close();
      waiter.deliver(undefined);
    },
    drop(conn) {
      waiting.get(conn)?.port.close();
      waiting.delete(conn);
    },
    dropAll() {
      for (const waiter of waiting.values()) waiter.port.close();
      waiting.clear();
    },
  };
}
