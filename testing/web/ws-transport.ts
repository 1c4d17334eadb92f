import WebSocket from 'ws';
import type { Envelope, EventMessage, Transport } from '../../src-main/contract';

/**
 * The web door from a test's side: a contract Transport over the WebSocket, authenticated with
 * a session id as a bearer (the renderer's client presents it as a cookie). `session` comes from
 * openWebSession (the one-time URL token is spent there). Use with createClient().
 */
export async function connectWebSocket(
  port: number,
  session: string,
): Promise<Transport & { close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
    headers: { authorization: `Bearer ${session}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Set<(message: EventMessage) => void>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as {
      id?: number;
      envelope?: Envelope<unknown>;
      event?: EventMessage;
    };
    if (msg.event) for (const l of listeners) l(msg.event);
    else if (msg.id !== undefined && msg.envelope) {
      pending.get(msg.id)?.(msg.envelope);
      pending.delete(msg.id);
    }
  });
  return {
    invoke(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => ws.close(),
  };
}
