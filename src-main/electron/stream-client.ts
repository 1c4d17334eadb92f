/**
 * The renderer's side of the stream port (stream-port-protocol.ts), pure: which port is in use,
 * when to ask main for one, which calls go on it and how their replies and the core's terminal
 * output are dispatched. The preload wires it to ipcRenderer and a DOM MessagePort; the relay
 * bench's renderer stand-in wires it to its own channels — the same routing in both.
 * Imported by the sandboxed preload: no runtime imports beyond the protocol module.
 */
import type { Envelope, EventMessage } from '../contract';
import { PORT_ACK_METHOD, streamItemsOf } from './stream-port-protocol';

/** The renderer's end of the stream port (a DOM MessagePort), as used here. */
export interface StreamPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  addEventListener(type: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  close(): void;
}

/** A timer, as setTimeout gives one (injected so tests need no real time). */
export interface StreamClock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export interface StreamClientDeps {
  /** Ask main for a port (its answer comes to `offer`). */
  askForPort(): void;
  /** Terminal output from the port, as the event it is. */
  deliver(message: EventMessage): void;
  /** Logged at most once per 1000 malformed port messages. */
  warn?(message: string): void;
  clock?: StreamClock;
  /** How long a call on the port may go unanswered before it is answered CORE_UNAVAILABLE. */
  callTimeoutMs?: number;
}

export interface StreamClient {
  /** Ask for a port unless one was asked for (or is in use) in this core's lifetime. */
  ask(): void;
  /** Main's answer to a request: a port, or none (the core is not ready: ask at the next ready). */
  offer(port: StreamPort | undefined): void;
  /** `core.status` said `state`: a stopped core ends the port, a ready one gets asked for one. */
  coreStatus(state: string): void;
  /** The call's reply when it goes on the port; undefined when it goes through main. */
  call(method: string, params: unknown): Promise<Envelope<unknown>> | undefined;
  /** Whether a port is in use (for tests and the bench). */
  readonly streaming: boolean;
}

const defaultClock: StreamClock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

const unanswered = (why: string): Envelope<unknown> => ({
  ok: false,
  error: {
    code: 'CORE_UNAVAILABLE',
    message: `The stream to the core ${why} before the call answered.`,
    hint: 'It reconnects by itself; retry.',
  },
});

export function createStreamClient(deps: StreamClientDeps): StreamClient {
  const clock = deps.clock ?? defaultClock;
  const timeoutMs = deps.callTimeoutMs ?? 10_000;
  /** Calls waiting on the port, each answered by the core's reply, a drop or its timeout. */
  const replies = new Map<number, (envelope: Envelope<unknown>) => void>();
  /** The port terminal output comes on and acks go out on. */
  let stream: StreamPort | undefined;
  /** A port that came while `stream` was still delivering: started once that one closes. */
  let successor: StreamPort | undefined;
  /** A port was asked for (or is in use): at most one request per core lifetime. */
  let asked = false;
  let nextCall = 0;
  let malformed = 0;

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

  function ask(): void {
    if (asked) return;
    asked = true;
    deps.askForPort();
  }

  function dispatch(data: unknown): void {
    const { items, dropped } = streamItemsOf(data);
    if (dropped && malformed++ % 1000 === 0)
      deps.warn?.('opsdeck: dropped a malformed stream message');
    for (const item of items) {
      if ('event' in item) deps.deliver(item.event);
      else {
        replies.get(item.reply.id)?.(item.reply.envelope);
        replies.delete(item.reply.id);
      }
    }
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
      else ask();
    });
    // Setting onmessage starts a DOM port: its queued messages are delivered from here on.
    port.onmessage = ({ data }) => dispatch(data);
  }

  return {
    ask,
    offer(port) {
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
    },
    coreStatus(state) {
      // The port ends with the core process: until a restarted core is ready, calls go to main
      // (which answers CORE_UNAVAILABLE meanwhile); then ask for a new port, once.
      if (state !== 'ready') {
        successor?.close();
        successor = undefined;
        dropStream('the core stopped');
      } else ask();
    },
    call(method, params) {
      const port = stream;
      if (!port || method !== PORT_ACK_METHOD) return undefined;
      const id = ++nextCall;
      return new Promise((resolve) => {
        const timer = clock.setTimeout(() => {
          replies.delete(id);
          resolve(unanswered(`did not answer in ${timeoutMs / 1000} s`));
        }, timeoutMs);
        replies.set(id, (envelope) => {
          clock.clearTimeout(timer);
          resolve(envelope);
        });
        port.postMessage({ call: { id, method, params } });
      });
    },
    get streaming() {
      return stream !== undefined;
    },
  };
}
