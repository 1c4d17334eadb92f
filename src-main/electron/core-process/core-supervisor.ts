/**
 * The main process's side of the core process: start it (an Electron utilityProcess), relay the
 * windows' contract calls to it and its events back, restart it with backoff when it dies,
 * answer calls in flight with CORE_UNAVAILABLE, and tell the windows (`core.status`, shown as
 * the reconnect banner). The main process runs no core code: it only drives windows.
 */
import {
  MessageChannelMain,
  utilityProcess,
  type MessagePortMain,
  type UtilityProcess,
} from 'electron';
import { OpsdeckError, type Envelope, type EventMessage } from '../../contract';
import type { SafeStorageLike } from '../../server/attach';
import type { DoorConnection } from '../services';
import type { CoreIdentity, CoreInput, FromCore, ToCore } from './messages';
import { streamWaiters } from './stream-waiters';
import { turnBatch } from './turn-batch';

export interface CoreSupervisorOptions {
  /** The bundled core process entry (dist/main/electron/core-process.cjs). */
  entryPath: string;
  dataDir: string;
  safeStorage: SafeStorageLike;
  env?: NodeJS.ProcessEnv;
  /** Restart delays: first, then doubling up to max (ms). */
  backoff?: { firstMs: number; maxMs: number };
  /** How long a start may take before it counts as failed (default 60 s). */
  startTimeoutMs?: number;
}

export type CoreState =
  | { state: 'starting' }
  | { state: 'ready'; core: CoreIdentity }
  | { state: 'restarting'; attempt: number; nextRetryAt: number; reason: string }
  | { state: 'stopped' };

type Pending = { method: string; resolve(envelope: Envelope<unknown>): void };

export interface CoreSupervisor {
  /**
   * A window's connection to the core (electron/services.ts DoorServices): its calls, its
   * events (broadcast + addressed to it, plus `core.status` from here), closed with the window.
   */
  connect(door: 'electron'): DoorConnection;
  readonly state: CoreState;
  shutdown(): Promise<void>;
}

const unavailable = (method: string, why: string): Envelope<unknown> => ({
  ok: false,
  error: {
    code: 'CORE_UNAVAILABLE',
    message: `The Opsdeck core stopped (${why}) before ${method} answered.`,
    hint: 'It is restarting by itself. Check the current state before retrying a change.',
  },
});

/**
 * Starts the core process and resolves once it is ready (rejects if the first start fails, so
 * the door can say why). Later crashes are restarted.
 */
export async function superviseCoreProcess(o: CoreSupervisorOptions): Promise<CoreSupervisor> {
  const backoff = o.backoff ?? { firstMs: 500, maxMs: 30_000 };
  /** Open window connections and their event listeners (re-opened in a restarted core). */
  const connections = new Map<number, Set<(message: EventMessage) => void>>();
  const pending = new Map<number, Pending>();
  /** Renderer ends of stream ports, until the core answers about them (by number). */
  const waiters = streamWaiters<MessagePortMain>();
  const queued: CoreInput[] = [];
  let nextId = 0;
  let nextConn = 0;
  let child: UtilityProcess | undefined;
  let state: CoreState = { state: 'starting' };
  let attempt = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let readyAt = 0;
  let firstStart: { resolve(): void; reject(err: unknown): void } | undefined;

  /** An event to one window connection, or (no `conn`) to all of them. */
  const emit = (message: EventMessage, conn?: number) => {
    const targets = conn === undefined ? [...connections.values()] : [connections.get(conn)];
    for (const listeners of targets)
      for (const listener of [...(listeners ?? [])]) listener(message);
  };
  const setState = (next: CoreState) => {
    state = next;
    if (next.state === 'starting') return;
    emit({ topic: 'core.status', payload: next });
  };
  const send = (message: ToCore, transfer?: MessagePortMain[]) =>
    child?.postMessage(message, transfer);
  /** The windows' connections and calls of one loop turn go to the core as one message. */
  const input = turnBatch<CoreInput>((batch) => {
    // A call answered meanwhile (the core died: CORE_UNAVAILABLE) is never sent later.
    const items = batch.filter((i) => !('request' in i) || pending.has(i.request.id));
    if (!items.length) return;
    if (state.state === 'ready') send({ type: 'input', items });
    else queued.push(...items);
  });

  function spawn(): void {
    const proc = utilityProcess.fork(o.entryPath, [], {
      serviceName: 'Opsdeck core',
      stdio: 'inherit',
      ...(o.env ? { env: o.env } : {}),
    });
    child = proc;
    let failure: string | undefined;
    const startTimer = setTimeout(() => {
      failure = 'it did not start in time';
      proc.kill();
    }, o.startTimeoutMs ?? 60_000);
    proc.on('message', (message: FromCore) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(startTimer);
          readyAt = Date.now();
          setState({ state: 'ready', core: message.core });
          firstStart?.resolve();
          firstStart = undefined;
          {
            // A restarted core knows no connection yet: the open windows connect again first.
            const reopen: CoreInput[] = [...connections.keys()].map((conn) => ({ open: conn }));
            const items = [...reopen, ...queued.splice(0).filter((i) => !('open' in i))];
            if (items.length) send({ type: 'input', items });
          }
          return;
        case 'batch':
          for (const item of message.items) {
            if ('event' in item) emit(item.event, item.conn);
            // After every event the core sent before it: the renderer's end goes out now.
            else if ('streamReady' in item) waiters.settle(item.streamReady);
            else {
              const p = pending.get(item.reply.id);
              pending.delete(item.reply.id);
              p?.resolve(item.reply.envelope);
            }
          }
          return;
        case 'safe-storage':
          return void answerSafeStorage(message);
        case 'failed':
          failure = message.error.message;
          if (firstStart) {
            firstStart.reject(
              new OpsdeckError(message.error.code, message.error.message, message.error.hint),
            );
            firstStart = undefined;
            stopping = true; // the door shows the error and quits
          }
          return;
        case 'stopped':
          return;
      }
    });
    proc.once('exit', (code: number) => {
      clearTimeout(startTimer);
      if (child === proc) child = undefined;
      const why = failure ?? `exit code ${code}`;
      // Calls never sent are answered below and never run later; connections re-open on ready.
      queued.length = 0;
      waiters.dropAll(); // the windows ask again once the restarted core is ready
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve(unavailable(p.method, why));
      }
      if (stopping) return setState({ state: 'stopped' });
      // Up for a while: a fresh crash starts the backoff over.
      if (readyAt && Date.now() - readyAt > 60_000) attempt = 0;
      readyAt = 0;
      attempt += 1;
      const delay = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (attempt - 1));
      setState({ state: 'restarting', attempt, nextRetryAt: Date.now() + delay, reason: why });
      restartTimer = setTimeout(start, delay);
    });
  }

  async function answerSafeStorage(m: Extract<FromCore, { type: 'safe-storage' }>) {
    try {
      const data =
        m.op === 'encrypt'
          ? (await o.safeStorage.encryptString(m.data)).toString('base64')
          : await o.safeStorage.decryptString(Buffer.from(m.data, 'base64'));
      send({ type: 'safe-storage-reply', id: m.id, data });
    } catch (err) {
      send({ type: 'safe-storage-reply', id: m.id, error: String(err) });
    }
  }

  function start(): void {
    restartTimer = undefined;
    if (stopping) return;
    setState({ state: 'starting' });
    spawn();
    send({
      type: 'start',
      dataDir: o.dataDir,
      encryptionAvailable: o.safeStorage.isEncryptionAvailable(),
      ...storageBackendOf(o.safeStorage),
    });
  }

  function call(conn: number, method: unknown, params: unknown): Promise<Envelope<unknown>> {
    const name = typeof method === 'string' ? method : String(method);
    if (stopping) return Promise.resolve(unavailable(name, 'Opsdeck is quitting'));
    const id = ++nextId;
    return new Promise((resolve) => {
      pending.set(id, { method: name, resolve });
      const item: CoreInput = { request: { id, conn, method: name, params } };
      // While it restarts calls fail at once (the banner says so); a start in progress
      // (the core is spawning) is waited for.
      if (state.state === 'ready' && child) input(item);
      else if (state.state === 'starting') queued.push(item);
      else {
        pending.delete(id);
        resolve(unavailable(name, 'it is restarting'));
      }
    });
  }

  const supervisor: CoreSupervisor = {
    connect() {
      const conn = ++nextConn;
      const listeners = new Set<(message: EventMessage) => void>();
      connections.set(conn, listeners);
      if (state.state === 'ready' && child) input({ open: conn });
      let closed = false;
      return {
        invoke: (method, params) =>
          closed
            ? Promise.resolve(unavailable(String(method), 'its window is closed'))
            : call(conn, method, params),
        onEvent(listener) {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        openStream(deliver) {
          if (closed || state.state !== 'ready' || !child) return deliver(undefined);
          // One port in the making per window: a repeated request gets the one on its way.
          if (waiters.has(conn)) return;
          const { port1, port2 } = new MessageChannelMain();
          const gen = waiters.add(conn, port2, deliver);
          // After this turn's batched input (which may open this very connection): immediates
          // run in the order they were scheduled.
          setImmediate(() => {
            if (waiters.waits(conn, gen)) send({ type: 'stream-port', conn, gen }, [port1]);
            else port1.close();
          });
        },
        close() {
          if (closed) return;
          closed = true;
          connections.delete(conn);
          waiters.drop(conn);
          if (state.state === 'ready' && child) input({ close: conn });
        },
      };
    },
    get state() {
      return state;
    },
    async shutdown() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (!proc) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      send({ type: 'shutdown' });
      const timer = setTimeout(() => proc.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };

  await new Promise<void>((resolve, reject) => {
    firstStart = { resolve, reject };
    start();
  });
  return supervisor;
}

/** Linux only (Electron's API is): which keyring safeStorage uses, for the core's vault choice. */
function storageBackendOf(storage: SafeStorageLike): { storageBackend?: string } {
  if (process.platform !== 'linux' || !storage.getSelectedStorageBackend) return {};
  return { storageBackend: storage.getSelectedStorageBackend() };
}
