/**
 * The main process's side of the core process: start it (an Electron utilityProcess), relay the
 * windows' contract calls to it and its events back, restart it with backoff when it dies,
 * answer calls in flight with CORE_UNAVAILABLE, and tell the windows (`core.status`, shown as
 * the reconnect banner). The main process runs no core code: it only drives windows.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { OpsdeckError, type Envelope, type EventMessage } from '../../contract';
import type { SafeStorageLike } from '../../core/secrets/safe-storage-vault';
import type { CoreIdentity, CoreRequest, FromCore, ToCore } from './messages';
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
  /** The window door's view of the core (electron/services.ts DoorServices). */
  router: {
    call(method: unknown, params: unknown, ctx: { door: string }): Promise<Envelope<unknown>>;
  };
  bus: { subscribe(listener: (message: EventMessage) => void): () => void };
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
  const listeners = new Set<(message: EventMessage) => void>();
  const pending = new Map<number, Pending>();
  const queued: CoreRequest[] = [];
  let nextId = 0;
  let child: UtilityProcess | undefined;
  let state: CoreState = { state: 'starting' };
  let attempt = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let readyAt = 0;
  let firstStart: { resolve(): void; reject(err: unknown): void } | undefined;

  const emit = (message: EventMessage) => {
    for (const listener of [...listeners]) listener(message);
  };
  const setState = (next: CoreState) => {
    state = next;
    if (next.state === 'starting') return;
    emit({ topic: 'core.status', payload: next });
  };
  const send = (message: ToCore) => child?.postMessage(message);
  /** The window's calls of one loop turn go to the core as one message. */
  const request = turnBatch<CoreRequest>((batch) => {
    // A call answered meanwhile (the core died: CORE_UNAVAILABLE) is never sent later.
    const requests = batch.filter((r) => pending.has(r.id));
    if (!requests.length) return;
    if (state.state === 'ready') send({ type: 'requests', requests });
    else queued.push(...requests);
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
          if (queued.length) send({ type: 'requests', requests: queued.splice(0) });
          return;
        case 'batch':
          for (const item of message.items) {
            if ('event' in item) emit(item.event);
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
      queued.length = 0; // never sent: answered below, and never run later
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
    });
  }

  const supervisor: CoreSupervisor = {
    router: {
      call(method, params) {
        const name = typeof method === 'string' ? method : String(method);
        if (stopping) return Promise.resolve(unavailable(name, 'Opsdeck is quitting'));
        const id = ++nextId;
        return new Promise((resolve) => {
          pending.set(id, { method: name, resolve });
          const call: CoreRequest = { id, method: name, params };
          // While it restarts calls fail at once (the banner says so); a start in progress
          // (the core is spawning) is waited for.
          if (state.state === 'ready' && child) request(call);
          else if (state.state === 'starting') queued.push(call);
          else {
            pending.delete(id);
            resolve(unavailable(name, 'it is restarting'));
          }
        });
      },
    },
    bus: {
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
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
