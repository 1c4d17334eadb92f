import { ipcMain, type MessagePortMain } from 'electron';
import { toErrorShape, type Envelope, type EventMessage } from '../contract';
import { isAppUrl } from './app-url';
import type { DoorConnection, DoorServices } from './services';

import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { STREAM_PORT_CHANNEL } from './stream-port-protocol';

export { EVENT_CHANNEL, INVOKE_CHANNEL, STREAM_PORT_CHANNEL };

/** The part of an IPC event's sender frame the door looks at. */
interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** What forwarding events needs of a window's web contents. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, message: EventMessage): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcDoor {
  /**
   * Send the window's events (broadcast + its own) to `contents` until it is destroyed; `also`
   * sees each of them first, in the main process (native notifications).
   */
  forwardEvents(
    contents: EventSink & ContentsLike,
    also?: (message: EventMessage) => void,
  ): () => void;
  /** Refuse new calls, stop forwarding, wait (at most `timeoutMs`) for calls in flight. */
  close(timeoutMs: number): Promise<void>;
}

/** Only the top frame showing the app's own page may call the core. */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, appUrl);
}

/** The part of a WebContents the door needs to keep one core connection per window. */
interface ContentsLike {
  readonly id: number;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The frame that asked for a stream port (a WebFrameMain): the port goes to it, and only it. */
interface PortFrame extends SenderFrame {
  isDestroyed(): boolean;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
}

/** What handing a window its stream port needs of its web contents. */
interface PortSink extends ContentsLike {
  isDestroyed(): boolean;
  readonly mainFrame: unknown;
}

export function registerIpc(services: DoorServices, appUrl: string): IpcDoor {
  const inFlight = new Set<Promise<Envelope<unknown>>>();
  const unsubscribers = new Set<() => void>();
  const connections = new Map<number, DoorConnection>();
  let closing = false;

  /** True (and logged) when the frame that sent `event` is not the app's own top frame. */
  const refuseUntrusted = (event: { senderFrame: SenderFrame | null }, what: string): boolean => {
    if (isTrustedSender(event.senderFrame, appUrl)) return false;
    const from = event.senderFrame?.url ?? 'a destroyed frame';
    console.warn(`opsdeck: refused ${what} from ${from.slice(0, 200)}`);
    return true;
  };

  /** Each window gets its own connection; it closes (ending its watches) with the window. */
  const connectionOf = (contents: ContentsLike): DoorConnection => {
    let connection = connections.get(contents.id);
    if (!connection) {
      const opened = services.connect('electron');
      connections.set(contents.id, opened);
      contents.once('destroyed', () => {
        connections.delete(contents.id);
        opened.close();
      });
      connection = opened;
    }
    return connection;
  };

  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, params: unknown) => {
    if (refuseUntrusted(event, String(method).slice(0, 80))) {
      return refusal(
        'UNAUTHORIZED',
        'Refused a call from a page that is not the Opsdeck window.',
        'Only the Opsdeck window may call the core; reload the window.',
      );
    }
    if (closing) {
      return refusal('CANCELLED', 'Opsdeck is shutting down.', 'Start Opsdeck again and retry.');
    }
    // The router validates the method name and params against the contract.
    const call = connectionOf(event.sender)
      .invoke(method, params)
      .catch((err: unknown): Envelope<unknown> => ({ ok: false, error: toErrorShape(err) }));
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    return call;
  });

  // The preload asks for its stream port (electron/stream-port-protocol.ts); main only brokers it, and
  // only to the web contents whose top frame shows the app: terminal output then flows from the
  // core process to that renderer without passing through this process.
  ipcMain.on(STREAM_PORT_CHANNEL, (event: { senderFrame: PortFrame | null; sender: PortSink }) => {
    if (refuseUntrusted(event, 'a stream port')) return;
    const frame = event.senderFrame;
    if (!frame || closing) return;
    const contents = event.sender;
    connectionOf(contents).openStream?.((port) => {
      // The port comes a round trip later: hand it to the frame that asked only if that frame
      // still is the window's top frame showing the app (not a page it navigated to since).
      const still =
        !closing &&
        !contents.isDestroyed() &&
        !frame.isDestroyed() &&
        frame === contents.mainFrame &&
        isTrustedSender(frame, appUrl);
      if (!still) {
        if (port) console.warn('opsdeck: a stream port was ready after its frame went; closed it');
        return port?.close();
      }
      // No port (the core is not ready, or refused it): say so, the preload asks again later.
      frame.postMessage(STREAM_PORT_CHANNEL, null, port ? [port] : []);
    });
  });

  return {
    forwardEvents(contents, also) {
      const unsubscribe = connectionOf(contents).onEvent((message: EventMessage) => {
        if (contents.isDestroyed()) return;
        also?.(message);
        try {
          contents.send(EVENT_CHANNEL, message);
        } catch (err) {
          console.warn(`opsdeck: could not forward ${message.topic}:`, err);
        }
      });
      const stop = () => {
        unsubscribers.delete(stop);
        unsubscribe();
      };
      unsubscribers.add(stop);
      contents.once('destroyed', stop);
      return stop;
    },

    async close(timeoutMs) {
      closing = true;
      const drained = Promise.allSettled([...inFlight]);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([drained, timeout]);
      clearTimeout(timer);
      for (const stop of [...unsubscribers]) stop();
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}

function refusal(
  code: 'UNAUTHORIZED' | 'CANCELLED',
  message: string,
  hint: string,
): Envelope<unknown> {
  return { ok: false, error: { code, message, hint } };
}
