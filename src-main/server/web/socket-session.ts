import type { WebSocket } from 'ws';
import type { EventBus } from '../../core/event-bus';
import type { Router } from '../router';

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
 * One browser connection: requests `{id, method, params}` → replies `{id, envelope}`; every bus
 * event is pushed as `{event}`. The router validates method and params.
 */
export function attachSocket(ws: WebSocket, router: Router, bus: EventBus): void {
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = bus.subscribe((event) => send({ event }));
  ws.on('close', unsubscribe);
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
    void router
      .call(request.method, request.params, { door: 'web' })
      .then((envelope) => send({ id: request.id, envelope }));
  });
}
