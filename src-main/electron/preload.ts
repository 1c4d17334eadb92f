/**
 * The whole bridge between the sandboxed renderer and the core: one generic call and one event
 * feed (a `Transport` from the contract). Main accepts only contract methods with valid params,
 * which is what makes a generic `invoke` safe. Runs in a sandboxed preload: import nothing at
 * runtime but 'electron' (the bundler inlines channels.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, EventMessage, Transport } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const bridge = {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>> {
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, params) as Promise<Envelope<unknown>>;
  },
  onEvent(listener: (message: EventMessage) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('opsdeck', bridge);
