import type { EventMessage } from '../contract';
import type { EventBus } from '../core/event-bus';
import type { CallContext, Router } from './router';

/** One connection of a door, whatever carries it (WebSocket, local socket, a process port). */
export interface SessionChannel {
  /** Send one frame: a request's reply or an event, already encoded by the session. */
  send(frame: string | Uint8Array): void;
  isOpen(): boolean;
}

export interface SessionOptions {
  router: Router;
  bus: EventBus;
  door: CallContext['door'];
  /** The connection's id: stamped on the prompts its calls raise. */
  session?: string;
  /** Which event topics this connection wants (default: all). */
  wants?: (topic: EventMessage['topic']) => boolean;
  /** How an event is framed; default JSON `{event}` (each message serialised once, see below). */
  eventFrame?: (event: EventMessage) => string | Uint8Array;
}

export interface Session {
  /** A frame from the client: `{id, method, params}`. */
  receive(raw: string): void;
  /** The connection is gone: stop events, abort its calls' waits. */
  close(): void;
}

interface Request {
  id: number;
  method: string;
  params: unknown;
}

function parseRequest(data: string): Request | undefined {
  try {
    const msg = JSON.parse(data) as Partial<Request>;
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
 * The envelope protocol every remote door speaks (web mode, the local socket, the Electron core
 * process): requests `{id, method, params}` → replies `{id, envelope}`; bus events pushed as
 * `{event}`. The router validates method and params.
 */
export function openSession(channel: SessionChannel, o: SessionOptions): Session {
  const aborts = new AbortController();
  const send = (message: unknown) => {
    if (channel.isOpen()) channel.send(JSON.stringify(message));
  };
  const frame = o.eventFrame ?? jsonEventFrame;
  const unsubscribe = o.bus.subscribe((event) => {
    if (!channel.isOpen() || (o.wants && !o.wants(event.topic))) return;
    channel.send(frame(event));
  });
  const call: CallContext = {
    door: o.door,
    signal: aborts.signal,
    ...(o.session ? { session: o.session } : {}),
  };
  return {
    receive(raw) {
      const request = parseRequest(raw);
      if (!request) {
        send({
          id: -1,
          envelope: {
            ok: false,
            error: {
              code: 'INVALID_PARAMS',
              message: 'Malformed request.',
              hint: 'Send {"id", "method", "params"} as JSON.',
            },
          },
        });
        return;
      }
      void o.router
        .call(request.method, request.params, call)
        .then((envelope) => send({ id: request.id, envelope }));
    },
    close() {
      unsubscribe();
      aborts.abort();
    },
  };
}
