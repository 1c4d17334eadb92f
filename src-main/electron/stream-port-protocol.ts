/**
 * The stream port: a MessagePort pair that joins a window's renderer straight to the core process,
 * so terminal output never passes through (and is never deserialised in) the main process that
 * drives the window — the way VS Code's pty host hands its renderer a port. Main only brokers it:
 * the renderer's preload asks on STREAM_PORT_CHANNEL, main checks the asking frame is the app's
 * own top frame, makes a MessageChannelMain, gives one end to the core process for that window's
 * connection and — once the core confirms, in order after every event it already sent through
 * main — the other end to that window's web contents. A core restart ends the port; the preload
 * asks again when `core.status` says ready, and the core sends through main until it has one.
 *
 * Replacing a port (a reload) loses nothing: main numbers each port (`gen`) and keeps at most one
 * waiting per window (a request while one waits is ignored); the core confirms the port by its
 * number, after sending the output waiting for it on the old port and closing it; main hands over only
 * the port that was confirmed. The preload asks once per core lifetime and reads a new port only
 * once the old one has closed. Main answers a request it cannot serve with no port (the preload
 * asks again on the next `ready`).
 *
 *   core → renderer: { items: [{ event: terminal.data }, { reply: { id, envelope } }] } per frame
 *     while terminals stream (≤ ~256 KiB of output each), this turn after a quiet spell
 *   renderer → core: { call: { id, method: 'terminals.ack', params } }
 *
 * What order holds: a terminal's output stays in seq order across main, the port and a port's
 * replacement (main hands a port over only after all output it relayed, the core switches ports
 * only after flushing the old one); an ack's reply comes on the port it was sent on. What does
 * not: output on the port against anything through main (`terminal.state`, the replies of
 * `terminals.open`/`close`): "Exited" may show a moment before the last lines are drawn. The
 * renderer copes (features/terminals/early-output.ts): it holds output that comes before
 * `terminals.open` answers and drops output for a terminal it has closed.
 *
 * Only `terminal.data` travels on the port (every other event and every other call still goes
 * through main, which validates the sender). Only `terminals.ack` may be called on it, and its
 * params are checked by the router like any call. Both ends check shapes with the guards below.
 * Imported by the sandboxed preload: no runtime imports.
 */
import type { Envelope, ErrorShape, EventMessage } from '../contract';

/** The preload asks for a port on it; main posts the renderer's end on it. */
export const STREAM_PORT_CHANNEL = 'opsdeck:stream-port';

/** The one method the renderer may call over the port (flow control: cumulative acks, at most one per terminal per turn). */
export const PORT_ACK_METHOD = 'terminals.ack';

/** The one topic the core sends over the port instead of through main. */
export type StreamEvent = EventMessage<'terminal.data'>;

export type StreamItem =
  { event: StreamEvent } | { reply: { id: number; envelope: Envelope<unknown> } };

/** Core → renderer: the port's items of one turn of the core's event loop, in order. */
export interface StreamBatch {
  items: StreamItem[];
}

/** Renderer → core: a call of PORT_ACK_METHOD. */
export interface StreamCall {
  call: { id: number; method: string; params: unknown };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A port message from the renderer that is a call (the router still validates the params). */
export function isStreamCall(data: unknown): data is StreamCall {
  if (!isObject(data) || !isObject(data.call)) return false;
  const { id, method } = data.call;
  return typeof id === 'number' && Number.isSafeInteger(id) && typeof method === 'string';
}

function isStreamItem(item: unknown): item is StreamItem {
  if (!isObject(item)) return false;
  if (isObject(item.event)) {
    const { topic, payload } = item.event;
    return (
      topic === 'terminal.data' &&
      isObject(payload) &&
      typeof payload.terminalId === 'string' &&
      typeof payload.data === 'string' &&
      typeof payload.seq === 'number'
    );
  }
  if (isObject(item.reply)) {
    const { id, envelope } = item.reply;
    return typeof id === 'number' && isObject(envelope) && typeof envelope.ok === 'boolean';
  }
  return false;
}

/** A PORT_ACK reply with only the fields the contract names (`{ paused }` or an error). */
function cleanEnvelope(envelope: Envelope<unknown>): Envelope<unknown> {
  if (envelope.ok) {
    const value = envelope.value;
    return { ok: true, value: { paused: isObject(value) && value.paused === true } };
  }
  const { code, message, hint } = isObject(envelope.error) ? envelope.error : {};
  return {
    ok: false,
    error: {
      code: typeof code === 'string' ? (code as ErrorShape['code']) : 'INTERNAL',
      message: String(message ?? 'The core answered without a message.'),
      hint: String(hint ?? 'Retry.'),
    },
  };
}

/** Only the fields the contract names, so nothing else (a port, say) rides along to the page. */
function cleanItem(item: StreamItem): StreamItem {
  if ('reply' in item)
    return { reply: { id: item.reply.id, envelope: cleanEnvelope(item.reply.envelope) } };
  const { terminalId, data, seq } = item.event.payload;
  return { event: { topic: 'terminal.data', payload: { terminalId, data, seq } } };
}

/** The items of a port message from the core; malformed items are dropped (and counted). */
export function streamItemsOf(data: unknown): { items: StreamItem[]; dropped: number } {
  if (!isObject(data) || !Array.isArray(data.items)) return { items: [], dropped: 1 };
  const items = data.items.filter(isStreamItem).map(cleanItem);
  return { items, dropped: data.items.length - items.length };
}

/** Whether an event goes on the port (when the window has one). */
export const isStreamEvent = (event: EventMessage): event is StreamEvent =>
  event.topic === 'terminal.data';
