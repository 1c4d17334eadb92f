/**
 * The whole bridge between the sandboxed renderer and the core: one generic call and one event
 * feed (a `Transport` from the contract). Main accepts only contract methods with valid params,
 * which is what makes a generic `invoke` safe. Runs in a sandboxed preload: import nothing at
 * runtime but 'electron' (the bundler inlines channels.ts and stream-port.ts).
 *
 * Terminal output arrives on a stream port straight from the core process (stream-port.ts), and
 * `terminals.ack` goes back on it. The port stays in this isolated world: the page sees the same
 * two functions and the same events, each port message checked before it is delivered.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, EventMessage, Transport } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { STREAM_METHOD, STREAM_PORT_CHANNEL, streamItemsOf } from './stream-port';

/** The renderer's end of the stream port (a DOM MessagePort), as used here. */
interface StreamPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  addEventListener(type: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  close(): void;
}

/** How long a call on the port may go unanswered before it is answered CORE_UNAVAILABLE. */
const CALL_TIMEOUT_MS = 10_000;

const listeners = new Set<(message: EventMessage) => void>();
/** Calls waiting on the port, each answered by the core's reply, a drop or its timeout. */
const replies = new Map<number, (envelope: Envelope<unknown>) => void>();
/** The port terminal output comes on and acks go out on. */
let stream: StreamPort | undefined;
/** A port that came while `stream` was still delivering: started once that one closes. */
let successor: StreamPort | undefined;
/** A port was asked for (or is in use): at most one request per core lifetime. */
let asked = false;
let nextCall = 0;
let dropped = 0;

const deliver = (message: EventMessage) => {
  for (const listener of [...listeners]) listener(message);
};

const unanswered = (why: string): Envelope<unknown> => ({
  ok: false,
  error: {
    code: 'CORE_UNAVAILABLE',
    message: `The stream to the core ${why} before the call answered.`,
    hint: 'It reconnects by itself; retry.',
  },
});

/**
 * Stop using the port; calls waiting on it are answered (the core stopped or the port closed)
 * and later calls go through main.
 */
function dropStream(why: string): void {
  const port = stream;
  stream = undefined; // first: closing it may fire its close listener
  port?.close();
  asked = false;
  for (const [id, resolve] of replies) {
    replies.delete(id);
    resolve(unanswered(`closed (${why})`));
  }
}

function askForStream(): void {
  if (asked) return;
  asked = true;
  ipcRenderer.send(STREAM_PORT_CHANNEL);
}

function adopt(port: StreamPort): void {
  stream = port;
  asked = true;
  port.addEventListener('close', () => {
    if (stream !== port) return;
    // The core closed it (after sending all it had there) or the core is gone.
    dropStream('the core closed it');
    const next = successor;
    successor = undefined;
    // The core switched to a new port: read it now. Else ask for one (main says if it has none).
    if (next) adopt(next);
    else askForStream();
  });
  // Setting onmessage starts the port: its queued messages are delivered from here on.
  port.onmessage = ({ data }) => {
    const { items, dropped: bad } = streamItemsOf(data);
    if (bad && dropped++ % 1000 === 0) console.warn('opsdeck: dropped a malformed stream message');
    for (const item of items) {
      if ('event' in item) deliver(item.event);
      else {
        replies.get(item.reply.id)?.(item.reply.envelope);
        replies.delete(item.reply.id);
      }
    }
  };
}

ipcRenderer.on(STREAM_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0] as StreamPort | undefined;
  // Main has no port for this window now (the core is not ready): ask when it says ready.
  if (!port) {
    if (!stream) asked = false;
    return;
  }
  // The core switched ports: what it sent on the current one comes first, then the new one's.
  if (stream) {
    successor?.close();
    successor = port;
    return;
  }
  adopt(port);
});

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: EventMessage) => {
  if (message.topic === 'core.status') {
    // The port ends with the core process: until a restarted core is ready, calls go to main
    // (which answers CORE_UNAVAILABLE meanwhile); then ask for a new port, once.
    if (message.payload.state !== 'ready') {
      successor?.close();
      successor = undefined;
      dropStream('the core stopped');
    } else askForStream();
  }
  deliver(message);
});
askForStream();

const bridge = {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>> {
    const port = stream;
    if (port && method === STREAM_METHOD) {
      const id = ++nextCall;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          replies.delete(id);
          resolve(unanswered(`did not answer in ${CALL_TIMEOUT_MS / 1000} s`));
        }, CALL_TIMEOUT_MS);
        replies.set(id, (envelope) => {
          clearTimeout(timer);
          resolve(envelope);
        });
        port.postMessage({ call: { id, method, params } });
      });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, params) as Promise<Envelope<unknown>>;
  },
  onEvent(listener: (message: EventMessage) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('opsdeck', bridge);
