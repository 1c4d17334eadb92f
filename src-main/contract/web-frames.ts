import type { EventMessage } from './events';

/**
 * The web door's binary frames for terminal output (docs/ssh.md, "Benchmarks"). Every other
 * message is JSON text (`{event}`, `{id, envelope}`). A client that adds this query parameter to
 * `/ws` receives `terminal.data` events as binary WebSocket messages instead:
 *
 *     UTF-8( JSON.stringify({ topic, payload: payload-without-data }) + "\n" + payload.data )
 *
 * JSON never contains a raw newline, so the first 0x0A byte ends the header. The terminal text
 * is neither JSON-escaped (a PTY's CR LF would be) nor parsed as JSON on the way in: at 64 KiB
 * per event, JSON.stringify + JSON.parse of the text cost ~6× the UTF-8 encode + decode.
 */
export const BINARY_FRAMES_QUERY = 'frames=binary';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The binary frame of an event, or undefined when the event travels as JSON. */
export function encodeBinaryFrame(message: EventMessage): Uint8Array | undefined {
  if (message.topic !== 'terminal.data') return undefined;
  const { data, ...rest } = message.payload;
  return encoder.encode(`${JSON.stringify({ topic: message.topic, payload: rest })}\n${data}`);
}

/** The event in a binary frame; undefined when the frame is not one. */
export function decodeBinaryFrame(frame: Uint8Array): EventMessage | undefined {
  const newline = frame.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(decoder.decode(frame.subarray(0, newline))) as {
      topic?: unknown;
      payload?: unknown;
    };
    if (typeof header.topic !== 'string' || typeof header.payload !== 'object' || !header.payload)
      return undefined;
    const data = decoder.decode(frame.subarray(newline + 1));
    return { topic: header.topic, payload: { ...header.payload, data } } as EventMessage;
  } catch {
    return undefined;
  }
}
