/**
 * The core process: an Electron utilityProcess (bundled to dist/main/electron/core-process.cjs)
 * that runs the same core + router as web mode, holds the data folder's lease and serves the
 * local socket. It talks to the main process over `process.parentPort`. When another live core
 * owns the data folder (`opsdeck serve`, a CLI), it attaches to that core and relays instead.
 */
import { OpsdeckError, toErrorShape, type Envelope, type EventMessage } from '../../contract';
import { composeServices, type Services } from '../../server/compose';
import { attachLocalCore } from '../../server/local/local-client';
import type { CoreOutput, CoreRequest, FromCore, ToCore } from './messages';
import { turnBatch } from './turn-batch';
import { remoteSafeStorage } from './remote-safe-storage';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-entry runs in an Electron utility process');
const port = parentPort;
const post = (message: FromCore) => port.postMessage(message);

interface Backend {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: EventMessage) => void): void;
  stop(): Promise<void>;
}

let backend: Backend | undefined;
let safeStorage: ReturnType<typeof remoteSafeStorage> | undefined;
const early: CoreRequest[] = [];
/** Replies and events leave in order, one port message per loop turn. */
const output = turnBatch<CoreOutput>((items) => post({ type: 'batch', items }));

async function start(dataDir: string, encryptionAvailable: boolean): Promise<void> {
  safeStorage = remoteSafeStorage(post, encryptionAvailable);
  let services: Services | undefined;
  try {
    services = await composeServices({
      door: 'electron',
      dataDir,
      areas: 'lazy',
      safeStorage: safeStorage.storage,
      lease: {
        onLost: () => {
          console.error('opsdeck core: another core took the data folder over; stopping');
          process.exit(3);
        },
      },
    });
  } catch (err) {
    if (!(err instanceof OpsdeckError && err.code === 'CORE_BUSY')) throw err;
  }
  if (services) {
    const s = services;
    const session = 'window';
    backend = {
      invoke: (method, params) => s.router.call(method, params, { door: 'electron', session }),
      onEvent: (listener) => void s.bus.subscribe(listener),
      stop: () => s.shutdown(),
    };
    post({ type: 'ready', core: { door: 'electron', pid: process.pid } });
  } else {
    // Another live core owns the folder: be the window's relay to it until it goes away.
    const conn = await attachLocalCore({ dataDir, door: 'electron' });
    conn.onClose(() => process.exit(4)); // supervised: restarted, and then takes the lease
    backend = {
      invoke: (method, params) => conn.invoke(method, params),
      onEvent: (listener) => void conn.onEvent(listener),
      stop: async () => conn.close(),
    };
    post({
      type: 'ready',
      core: { door: 'electron', pid: process.pid, attachedTo: conn.core },
    });
  }
  backend.onEvent((event) => output({ event }));
  for (const request of early.splice(0)) serve(request);
}

function serve(request: CoreRequest): void {
  if (!backend) return void early.push(request);
  void backend
    .invoke(request.method, request.params)
    .catch((err: unknown): Envelope<unknown> => ({ ok: false, error: toErrorShape(err) }))
    .then((envelope) => output({ reply: { id: request.id, envelope } }));
}

port.on('message', ({ data }) => {
  const message = data as ToCore;
  switch (message.type) {
    case 'start':
      start(message.dataDir, message.encryptionAvailable).catch((err: unknown) => {
        post({ type: 'failed', error: toErrorShape(err) });
        setTimeout(() => process.exit(2), 50);
      });
      return;
    case 'requests':
      for (const request of message.requests) serve(request);
      return;
    case 'safe-storage-reply':
      return safeStorage?.settle(message.id, message.data, message.error);
    case 'shutdown':
      void (backend?.stop() ?? Promise.resolve()).finally(() => {
        post({ type: 'stopped' });
        process.exit(0);
      });
      return;
  }
});
