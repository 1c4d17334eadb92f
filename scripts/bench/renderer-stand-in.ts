/**
 * The window's renderer for the relay bench, in its own process (as Electron's renderer is), forked
 * by the relay harness (bundled by relay-lag.mjs). It routes as the preload does — the same
 * stream client (src-main/electron/stream-client.ts) — and acks as the terminal area does — the
 * same ack coalescer, one cumulative ack per terminal per turn — with xterm.js's drawing left
 * out. Events from main arrive over Node's IPC channel (what webContents.send does: main
 * serialises each event, this process deserialises it); the stream port is a stand-in
 * MessagePort joined straight to the core process (testing/electron/socket-port.mjs).
 */
import type { EventMessage, TerminalDataEvent } from '../../src-main/contract';
import { createStreamClient, type StreamPort } from '../../src-main/electron/stream-client';
import { STREAM_PORT_CHANNEL } from '../../src-main/electron/stream-port-protocol';
import { ackCoalescer } from '../../src-renderer/features/terminals/ack-coalescer';
import { receivedPort, type SocketPort } from '../../testing/electron/socket-port.mjs';

/** BENCH_STREAM_PORT=0: never ask (every byte through main, as before the stream port). */
const usePort = process.env.BENCH_STREAM_PORT !== '0';
let bytes = 0;
/** Port messages and main's terminal.data messages received: the renderer's wake-ups for output. */
let messages = 0;
let acksSent = 0;
/** Last seq seen per terminal, and the seq gaps or repeats seen (must stay 0: nothing lost). */
const lastSeq = new Map<string, number>();
let gaps = 0;

const toMain = (message: unknown) => process.send?.(message);

/** A stand-in port as the DOM MessagePort the stream client expects (onmessage starts it). */
function domPort(port: SocketPort): StreamPort {
  let handler: ((event: { data: unknown }) => void) | null = null;
  port.on('message', (event: { data: unknown }) => {
    messages++;
    handler?.(event);
  });
  return {
    get onmessage() {
      return handler;
    },
    set onmessage(listener) {
      handler = listener;
      port.start();
    },
    addEventListener: (_type, listener) => void port.on('close', listener),
    postMessage: (message) => port.postMessage(message),
    close: () => port.close(),
  };
}

const acks = ackCoalescer((terminalId, seq) => {
  acksSent++;
  const params = { terminalId, seq };
  if (!stream.call('terminals.ack', params))
    toMain({ invoke: { method: 'terminals.ack', params } });
});

function onData(payload: TerminalDataEvent): void {
  const last = lastSeq.get(payload.terminalId);
  // seq goes up by one, across reconnects too.
  if (last !== undefined && payload.seq !== last + 1) gaps++;
  lastSeq.set(payload.terminalId, payload.seq);
  bytes += payload.data.length;
  acks.ack(payload.terminalId, payload.seq); // "drawn" at once: no xterm here
}

function deliver(message: EventMessage): void {
  if (message.topic === 'terminal.data') onData(message.payload);
}

const stream = createStreamClient({
  askForPort: () => {
    if (usePort) toMain({ send: STREAM_PORT_CHANNEL });
  },
  deliver,
  warn: (message) => console.warn(message),
});

process.on('message', (message: Record<string, unknown>, handle: unknown) => {
  const transferred = receivedPort(message, handle);
  if (transferred) {
    const [port] = transferred.ports;
    stream.offer(port ? domPort(port) : undefined);
    return;
  }
  if (message.type === 'bytes?') {
    toMain({ type: 'bytes', bytes, gaps, messages, acks: acksSent });
    return;
  }
  // A stream-port answer with no port: main had none (the core was not ready); ask at ready.
  if (message.channel === STREAM_PORT_CHANNEL) return stream.offer(undefined);
  if (message.channel !== 'opsdeck:event') return;
  const event = message.message as EventMessage;
  if (event.topic === 'terminal.data') messages++;
  if (event.topic === 'core.status') stream.coreStatus(event.payload.state);
  deliver(event);
});
if (usePort) stream.ask();
