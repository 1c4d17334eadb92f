import type { Envelope, EventMessage } from '../contract';
import type { EventBus } from '../core/event-bus';
import type { CallContext, Router } from './router';

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
  router: Router;
  bus: EventBus;
  door: CallContext['door'];
  /** The connection's id: stamped on the prompts its calls raise. */
  session?: string;
  /** Which event topics this connection wants (default: all). */
  wants?: (topic: EventMessage['topic']) => boolean;
}

export interface Session {
  /** A request from the client, `{id, method, params}`: JSON text or an object (process port). */
  receive(raw: unknown): void;
  /** The connection is gone: stop events, abort its calls' waits. */
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
 * The envelope protocol every remote door speaks (web mode, the local socket, the Electron core
 * process): requests `{id, method, params}` → replies `{id, envelope}`; bus events pushed as
 * `{event}`. The router validates method and params.
 */
export function openSession(channel: SessionChannel, o: SessionOptions): Session {
  const aborts = new AbortController();
  const reply = (id: number, envelope: Envelope<unknown>) => {
    if (channel.isOpen()) channel.reply(id, envelope);
  };
  const unsubscribe = o.bus.subscribe((event) => {
    if (!channel.isOpen() || (o.wants && !o.wants(event.topic))) return;
    channel.event(event);
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
      void o.router
        .call(request.method, request.params, call)
        .then((envelope) => reply(request.id, envelope));
    },
    close() {
      unsubscribe();
      aborts.abort();
    },
  };
}
