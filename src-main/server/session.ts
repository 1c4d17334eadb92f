import { toErrorShape, type Envelope } from '../contract/errors';
import type { EventMessage } from '../contract/events';
import type { Connection } from './connection';

/**
 * One connection of a door, whatever carries it (WebSocket, local socket, a process port): it
 * encodes what the session sends in its own way (JSON text, binary frames, structured clone).
 */
export interface SessionChannel {
  reply(id: number, envelope: Envelope<unknown>): void;
  event(event: EventMessage): void;
  isOpen(): boolean;
}

export interface SessionOptions {
  /** The door connection behind the session (server/connection.ts): closed with it. */
  connection: Pick<Connection, 'invoke' | 'onEvent' | 'close'>;
  /** Which event topics this connection wants (default: all). */
  wants?: (topic: EventMessage['topic']) => boolean;
}

export interface Session {
  /** A request from the client, `{id, method, params}`: JSON text or an object (process port). */
  receive(raw: unknown): void;
  /** The client is gone: stop events, close the connection (its waits abort, its watches end). */
  close(): void;
}

interface Request {
  id: number;
  method: string;
  params: unknown;
}

function parseRequest(data: unknown): Request | undefined {
  try {
    const msg = (typeof data === 'string' ? JSON.parse(data) : data) as Partial<Request> | null;
    if (!msg) return undefined;
    if (typeof msg.id === 'number' && typeof msg.method === 'string') {
      return { id: msg.id, method: msg.method, params: msg.params ?? {} };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * Each event is serialised once, however many connections receive it: the bus hands every
 * subscriber the same message object.
 */
const jsonFrames = new WeakMap<EventMessage, string>();
export function jsonEventFrame(event: EventMessage): string {
  let frame = jsonFrames.get(event);
  if (frame === undefined) jsonFrames.set(event, (frame = JSON.stringify({ event })));
  return frame;
}

/**
 * The envelope protocol every remote door speaks (web mode, the local socket): requests
 * `{id, method, params}` → replies `{id, envelope}`; the connection's events (broadcast + those
 * addressed to it) pushed as `{event}`. The router validates method and params.
 */
export function openSession(channel: SessionChannel, o: SessionOptions): Session {
  const reply = (id: number, envelope: Envelope<unknown>) => {
    if (channel.isOpen()) channel.reply(id, envelope);
  };
  const unsubscribe = o.connection.onEvent((event) => {
    if (!channel.isOpen() || (o.wants && !o.wants(event.topic))) return;
    channel.event(event);
  });
  return {
    receive(raw) {
      const request = parseRequest(raw);
      if (!request) {
        reply(-1, {
          ok: false,
          error: {
            code: 'INVALID_PARAMS',
            message: 'Malformed request.',
            hint: 'Send {"id", "method", "params"} as JSON.',
          },
        });
        return;
      }
      // A call that rejects (it should not) still answers, and never becomes an unhandled rejection.
      o.connection
        .invoke(request.method, request.params)
        .then((envelope) => reply(request.id, envelope))
        .catch((err: unknown) => reply(request.id, { ok: false, error: toErrorShape(err) }));
    },
    close() {
      unsubscribe();
      o.connection.close();
    },
  };
}
