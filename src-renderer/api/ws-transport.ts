/**
 * The web door's transport: the contract over one WebSocket to `/ws` on the page's own origin
 * (the session cookie set by the server authenticates it). Requests carry a numeric id; replies
 * carry it back with an envelope; events arrive unsolicited. Reconnects with backoff; calls that
 * were in flight when the socket dropped are answered with an error (we cannot know whether they
 * ran), and every call has a timeout.
 */
import type { Envelope, ErrorShape, EventMessage, Transport } from '../../src-main/contract';
import { BINARY_FRAMES_QUERY, decodeBinaryFrame } from '../../src-main/contract/web-frames';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Failed attempts since the last successful open. */
  attempt: number;
  /** Epoch ms of the next reconnect attempt, while waiting for it. */
  nextRetryAt?: number;
}

/** The part of the DOM WebSocket we use (tests inject a fake class). */
export interface WebSocketLike {
  readonly readyState: number;
  /** Set to 'arraybuffer' so binary frames arrive as ArrayBuffer (the DOM default is Blob). */
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface WsTransportOptions {
  url: string;
  WebSocketImpl?: WebSocketCtor;
  callTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Ask for terminal output as binary frames (contract/web-frames.ts; default true). */
  binaryFrames?: boolean;
}

export interface WsTransport extends Transport {
  info(): ConnectionInfo;
  onState(listener: (info: ConnectionInfo) => void): () => void;
  /** Skip the backoff wait and try to reconnect now. */
  retryNow(): void;
  close(): void;
}

const OPEN = 1;

/** Exponential backoff: initial, 2×, 4× … capped. `attempt` starts at 1. */
export function backoffDelay(attempt: number, initialMs = 500, maxMs = 10_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

/** ws: or wss: to /ws on the page's own host. */
export function wsUrlFor(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}

function fail(code: ErrorShape['code'], message: string, hint: string): Envelope<unknown> {
  return { ok: false, error: { code, message, hint } };
}

interface Pending {
  method: string;
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve(envelope: Envelope<unknown>): void;
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const Impl = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor);
  const timeoutMs = options.callTimeoutMs ?? 60_000;
  const initialMs = options.backoffInitialMs ?? 500;
  const maxMs = options.backoffMaxMs ?? 10_000;
  const url =
    options.binaryFrames === false
      ? options.url
      : `${options.url}${options.url.includes('?') ? '&' : '?'}${BINARY_FRAMES_QUERY}`;

  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(message: EventMessage) => void>();
  const stateListeners = new Set<(info: ConnectionInfo) => void>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let everOpened = false;
  let closedByUser = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let current: ConnectionInfo = { state: 'connecting', attempt: 0 };

  const setState = (info: ConnectionInfo) => {
    current = info;
    for (const l of stateListeners) l(info);
  };

  const settle = (id: number, envelope: Envelope<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(envelope);
  };

  const flush = () => {
    for (const p of pending.values()) {
      if (p.sent || !socket || socket.readyState !== OPEN) continue;
      socket.send(p.frame);
      p.sent = true;
    }
  };

  const dispatch = (event: EventMessage) => {
    for (const l of [...eventListeners]) {
      try {
        l(event);
      } catch (err) {
        console.error('opsdeck: event listener failed', err);
      }
    }
  };

  const onMessage = (data: unknown) => {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const event = decodeBinaryFrame(bytes);
      if (event) dispatch(event);
      return;
    }
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; envelope?: unknown; event?: unknown };
    if (typeof m.id === 'number') {
      settle(m.id, toEnvelope(m.envelope));
    } else if (isEvent(m.event)) {
      dispatch(m.event);
    }
  };

  const connect = () => {
    retryTimer = null;
    const ws = new Impl(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      everOpened = true;
      setState({ state: 'open', attempt: 0 });
      flush();
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onMessage(ev.data);
    };
    ws.onerror = () => undefined; // a close event always follows
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        settle(
          id,
          fail(
            'CANCELLED',
            `The connection to Opsdeck was lost before ${p.method} answered.`,
            'Opsdeck is reconnecting. If this call changes something, check the current state before retrying.',
          ),
        );
      }
      if (closedByUser) {
        setState({ state: 'closed', attempt: 0 });
        return;
      }
      const attempt = current.attempt + 1;
      const delay = backoffDelay(attempt, initialMs, maxMs);
      setState({
        state: everOpened ? 'reconnecting' : 'connecting',
        attempt,
        nextRetryAt: Date.now() + delay,
      });
      retryTimer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    invoke(method, params) {
      const id = nextId++;
      const frame = JSON.stringify({ id, method, params });
      if (everOpened && current.state !== 'open') {
        return Promise.resolve(
          fail(
            'CANCELLED',
            `Not connected to Opsdeck, so ${method} was not sent.`,
            'Wait for the "reconnecting" banner to go away, then try again.',
          ),
        );
      }
      return new Promise<Envelope<unknown>>((resolve) => {
        const timer = setTimeout(
          () =>
            settle(
              id,
              fail(
                'TIMEOUT',
                `${method} got no answer within ${Math.round(timeoutMs / 1000)} s.`,
                'The server may be busy or unreachable. The action may still complete: refresh before retrying.',
              ),
            ),
          timeoutMs,
        );
        pending.set(id, { method, frame, sent: false, timer, resolve });
        flush();
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
    info: () => current,
    onState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    retryNow() {
      if (retryTimer === null || closedByUser) return;
      clearTimeout(retryTimer);
      connect();
    },
    close() {
      closedByUser = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      for (const id of [...pending.keys()]) {
        settle(
          id,
          fail(
            'CANCELLED',
            'The connection to Opsdeck was closed.',
            'Reload the window to reconnect.',
          ),
        );
      }
      if (socket) socket.close(1000, 'closed by client');
      else setState({ state: 'closed', attempt: 0 });
    },
  };
}

function toEnvelope(value: unknown): Envelope<unknown> {
  if (typeof value === 'object' && value !== null) {
    const v = value as { ok?: unknown; value?: unknown; error?: unknown };
    if (v.ok === true) return { ok: true, value: v.value };
    if (v.ok === false && isErrorShapeLike(v.error)) return { ok: false, error: v.error };
  }
  return fail(
    'INTERNAL',
    'The server sent a malformed reply.',
    'This is a bug in Opsdeck; reload the window.',
  );
}

function isErrorShapeLike(e: unknown): e is ErrorShape {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return typeof x.code === 'string' && typeof x.message === 'string' && typeof x.hint === 'string';
}

function isEvent(e: unknown): e is EventMessage {
  return (
    typeof e === 'object' && e !== null && typeof (e as { topic?: unknown }).topic === 'string'
  );
}
