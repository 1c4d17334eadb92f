/**
 * The whole bridge between the sandboxed renderer and the core: one generic call and one event
 * feed (a `Transport` from the contract). Main accepts only contract methods with valid params,
 * which is what makes a generic `invoke` safe. Runs in a sandboxed preload: import nothing at
 * runtime but 'electron' (the bundler inlines channels.ts, stream-port-protocol.ts and stream-client.ts).
 *
 * Terminal output arrives on a stream port straight from the core process (stream-port-protocol.ts), and
 * `terminals.ack` goes back on it. The port stays in this isolated world: the page sees the same
 * two functions and the same events, each port message checked before it is delivered.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, EventMessage, Transport } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { createStreamClient, type StreamPort } from './stream-client';
import { STREAM_PORT_CHANNEL } from './stream-port-protocol';

const listeners = new Set<(message: EventMessage) => void>();

const deliver = (message: EventMessage) => {
  for (const listener of [...listeners]) listener(message);
};

const stream = createStreamClient({
  askForPort: () => ipcRenderer.send(STREAM_PORT_CHANNEL),
  deliver,
  warn: (message) => console.warn(message),
});

ipcRenderer.on(STREAM_PORT_CHANNEL, (event: IpcRendererEvent) => {
  stream.offer(event.ports[0] as StreamPort | undefined);
});

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: EventMessage) => {
  if (message.topic === 'core.status') stream.coreStatus(message.payload.state);
  deliver(message);
});
stream.ask();

const bridge = {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>> {
    return (
      stream.call(method, params) ??
      (ipcRenderer.invoke(INVOKE_CHANNEL, method, params) as Promise<Envelope<unknown>>)
    );
  },
  onEvent(listener: (message: EventMessage) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('opsdeck', bridge);
