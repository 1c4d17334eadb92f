import type { WebSocket } from 'ws';
import { toErrorShape, type EventMessage } from '../../contract';
import { encodeBinaryFrame } from '../../contract/web-frames';
import type { Connection } from '../connection';

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
 * Each event is serialised once, however many sockets (windows) receive it: the bus hands every
 * subscriber the same message object.
 */
const jsonFrames = new WeakMap<EventMessage, string>();
const binaryFrames = new WeakMap<EventMessage, Uint8Array | null>();

function jsonFrame(event: EventMessage): string {
  let frame = jsonFrames.get(event);
  if (frame === undefined) jsonFrames.set(event, (frame = JSON.stringify({ event })));
  return frame;
}

function binaryFrame(event: EventMessage): Uint8Array | undefined {
  let frame = binaryFrames.get(event);
  if (frame === undefined) binaryFrames.set(event, (frame = encodeBinaryFrame(event) ?? null));
  return frame ?? undefined;
}

export interface SocketOptions {
  /** The client asked for binary terminal frames (`/ws?frames=binary`, contract/web-frames.ts). */
  binaryFrames?: boolean;
}

/**
 * One browser connection: requests `{id, method, params}` → replies `{id, envelope}`; the
 * connection's events (broadcast + addressed to it) are pushed as `{event}` (terminal output as
 * a binary frame when the client asked for it). The router validates method and params. When
 * the socket closes, so does the connection (its watch subscriptions end).
 */
export function attachSocket(
  ws: WebSocket,
  connection: Pick<Connection, 'invoke' | 'onEvent' | 'close'>,
  options: SocketOptions = {},
): void {
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  connection.onEvent((event) => {
    if (ws.readyState !== ws.OPEN) return;
    const binary = options.binaryFrames ? binaryFrame(event) : undefined;
    ws.send(binary ?? jsonFrame(event));
  });
  ws.on('close', () => connection.close());
  ws.on('message', (raw) => {
    const request = parseRequest(raw.toString());
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
    connection
      .invoke(request.method, request.params)
      .then((envelope) => send({ id: request.id, envelope }))
      .catch((err: unknown) =>
        send({ id: request.id, envelope: { ok: false, error: toErrorShape(err) } }),
      );
  });
}
