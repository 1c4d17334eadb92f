import type { WebSocket } from 'ws';
import type { EventMessage } from '../../contract';
import { encodeBinaryFrame } from '../../contract/web-frames';
import type { Connection } from '../connection';
import { jsonEventFrame, openSession } from '../session';

/** Binary terminal frames, encoded once per event however many tabs receive it. */
const binaryFrames = new WeakMap<EventMessage, Uint8Array | null>();

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
 * One browser connection over the envelope protocol (server/session.ts); terminal output goes
 * as a binary frame when the client asked for it. When the socket closes, so does the
 * connection (its watch subscriptions end).
 */
export function attachSocket(
  ws: WebSocket,
  connection: Pick<Connection, 'invoke' | 'onEvent' | 'close'>,
  options: SocketOptions = {},
): void {
  const session = openSession(
    {
      reply: (id, envelope) => ws.send(JSON.stringify({ id, envelope })),
      event: (event) =>
        ws.send((options.binaryFrames && binaryFrame(event)) || jsonEventFrame(event)),
      isOpen: () => ws.readyState === ws.OPEN,
    },
    { connection },
  );
  ws.on('close', () => session.close());
  ws.on('message', (raw) => session.receive(raw.toString()));
}
