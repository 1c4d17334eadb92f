/**
 * The core process's ends of the windows' stream ports (electron/stream-port-protocol.ts): at
 * most one per window connection. `terminal.data` for a connection with a port goes there
 * instead of to main, at most one message per display frame while terminals stream
 * (frame-batch.ts); the renderer's `terminals.ack` calls come back on it and go through the
 * router like any call. Anything else on the port is refused.
 */
import { toErrorShape, type Envelope, type EventMessage } from '../../contract';
import {
  isStreamCall,
  isStreamEvent,
  PORT_ACK_METHOD,
  type StreamBatch,
  type StreamItem,
} from '../stream-port-protocol';
import type { StreamReady } from './messages';
import { frameBatch, type FrameBatch } from './frame-batch';

/** Electron's MessagePortMain as the core process uses it. */
export interface CorePort {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: StreamBatch): void;
  start(): void;
  close(): void;
}

interface Caller {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
}

interface Stream {
  port: CorePort;
  send: FrameBatch<StreamItem>;
}

export interface StreamPorts {
  /**
   * Use port `gen` for connection `conn` once `caller` is known, replacing its older port (whose
   * waiting output is sent before it closes, so nothing is lost across the switch).
   */
  attach(conn: number, gen: number, port: CorePort, caller: Promise<Caller | undefined>): void;
  /** Send `event` on the connection's port; false when it goes through main. */
  route(conn: number, event: EventMessage): boolean;
  close(conn: number): void;
}

/**
 * `confirm` tells main (in order with the connection's other output) whether a port is in use
 * now or was refused.
 */
export function streamPorts(confirm: (ready: StreamReady) => void): StreamPorts {
  const streams = new Map<number, Stream>();
  let refused = 0;

  const close = (conn: number) => {
    const stream = streams.get(conn);
    streams.delete(conn);
    if (!stream) return;
    stream.send.flush(); // this turn's output still reaches the renderer, then the port ends
    stream.port.close();
  };

  function serve(stream: Stream, caller: Caller, data: unknown): void {
    if (!isStreamCall(data)) {
      if (refused++ % 1000 === 0) console.warn('opsdeck core: dropped a malformed stream message');
      return;
    }
    const { id, method, params } = data.call;
    const reply = (envelope: Envelope<unknown>) => stream.send({ reply: { id, envelope } });
    if (method !== PORT_ACK_METHOD) {
      return reply({
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: `${method.slice(0, 80)} cannot be called on the stream port.`,
          hint: `Only ${PORT_ACK_METHOD} travels there; call everything else through the window's bridge.`,
        },
      });
    }
    void caller
      .invoke(method, params)
      .catch((err: unknown): Envelope<unknown> => ({ ok: false, error: toErrorShape(err) }))
      .then(reply);
  }

  return {
    attach(conn, gen, port, callerPromise) {
      void callerPromise.then((caller) => {
        if (!caller) {
          console.warn(
            `opsdeck core: refused stream port ${gen}: window connection ${conn} is not open`,
          );
          port.close();
          return confirm({ conn, gen, ok: false });
        }
        close(conn);
        const stream: Stream = {
          port,
          send: frameBatch<StreamItem>((items) => port.postMessage({ items }), {
            keyOf: (item) => ('event' in item ? item.event.payload.terminalId : undefined),
            sizeOf: (item) => ('event' in item ? item.event.payload.data.length : 0),
          }),
        };
        streams.set(conn, stream);
        port.on('message', ({ data }) => serve(stream, caller, data));
        port.on('close', () => {
          // The peer closed it: what waits has nowhere to go, and no timer may post to it later.
          stream.send.cancel();
          if (streams.get(conn) === stream) streams.delete(conn);
        });
        port.start();
        confirm({ conn, gen, ok: true });
      });
    },
    route(conn, event) {
      const stream = streams.get(conn);
      if (!stream || !isStreamEvent(event)) return false;
      stream.send({ event });
      return true;
    },
    close,
  };
}
