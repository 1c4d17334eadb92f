/**
 * The core process: an Electron utilityProcess (bundled to dist/main/electron/core-process.cjs)
 * that runs the same core + router as web mode, holds the data folder's lease and serves the
 * local socket. It talks to the main process over `process.parentPort`. When another live core
 * owns the data folder (`opsdeck serve`, a CLI), it attaches to that core and relays instead.
 */
import { OpsdeckError, toErrorShape, type Envelope, type EventMessage } from '../../contract';
import { composeServices, type Services } from '../../server/compose';
import { attachLocalCore } from '../../server/attach';
import type { CoreInput, CoreOutput, CoreRequest, FromCore, ToCore } from './messages';
import { turnBatch } from './turn-batch';
import { remoteSafeStorage } from './remote-safe-storage';
import { streamPorts, type CorePort } from './stream-ports';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports?: CorePort[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-entry runs in an Electron utility process');
const port = parentPort;
const post = (message: FromCore) => port.postMessage(message);

/** One window's connection to the core (ours, or the core we relay to). */
interface WindowConnection {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: EventMessage) => void): () => void;
  close(): void;
}

interface Backend {
  connect(): Promise<WindowConnection>;
  stop(): Promise<void>;
}

let backend: Backend | undefined;
let safeStorage: ReturnType<typeof remoteSafeStorage> | undefined;
const early: CoreInput[] = [];
/** The windows' connections by main's connection number (opening ones are promises). */
const windows = new Map<number, Promise<WindowConnection | undefined>>();
/** Replies and events leave in order, one port message per loop turn. */
const output = turnBatch<CoreOutput>((items) => post({ type: 'batch', items }));
/** Windows' stream ports: their terminal output goes straight to their renderer. */
const streams = streamPorts((ready) => output({ streamReady: ready }));

async function start(
  dataDir: string,
  encryptionAvailable: boolean,
  storageBackend?: string,
): Promise<void> {
  safeStorage = remoteSafeStorage(post, encryptionAvailable, storageBackend);
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
    backend = {
      connect: async () => s.connect('electron'),
      stop: () => s.shutdown(),
    };
    post({ type: 'ready', core: { door: 'electron', pid: process.pid } });
  } else {
    // Another live core owns the folder: be the windows' relay to it until it goes away (one
    // attached connection per window, so each keeps its own events and watches).
    const first = await attachLocalCore({ dataDir, door: 'electron' });
    const attach = async () => {
      const conn = await attachLocalCore({ dataDir, door: 'electron' });
      conn.onClose(() => process.exit(4)); // supervised: restarted, and then takes the lease
      return conn;
    };
    first.onClose(() => process.exit(4));
    let spare: typeof first | undefined = first;
    backend = {
      connect: async () => {
        const conn = spare ?? (await attach());
        spare = undefined;
        return conn;
      },
      stop: async () => {
        spare?.close();
        for (const w of windows.values()) (await w)?.close();
      },
    };
    post({
      type: 'ready',
      core: { door: 'electron', pid: process.pid, attachedTo: first.core },
    });
  }
  for (const item of early.splice(0)) take(item);
}

/** A window opened (its connection), closed, or called. */
function take(item: CoreInput): void {
  if (!backend) return void early.push(item);
  if ('open' in item) {
    const conn = item.open;
    const opened = backend.connect().then(
      (c) => {
        c.onEvent((event) => {
          if (!streams.route(conn, event)) output({ event, conn });
        });
        return c;
      },
      (err: unknown) => {
        console.error(`opsdeck core: window connection ${conn} failed:`, err);
        return undefined;
      },
    );
    windows.set(conn, opened);
    return;
  }
  if ('close' in item) {
    const closing = windows.get(item.close);
    windows.delete(item.close);
    streams.close(item.close);
    void closing?.then((c) => c?.close());
    return;
  }
  serve(item.request);
}

function serve(request: CoreRequest): void {
  const conn = windows.get(request.conn);
  void (conn ?? Promise.resolve(undefined))
    .then((c): Promise<Envelope<unknown>> | Envelope<unknown> =>
      c
        ? c.invoke(request.method, request.params)
        : {
            ok: false,
            error: {
              code: 'CORE_UNAVAILABLE',
              message: `The window's connection to the core is not open (${request.method}).`,
              hint: 'Reload the window.',
            },
          },
    )
    .catch((err: unknown): Envelope<unknown> => ({ ok: false, error: toErrorShape(err) }))
    .then((envelope) => output({ reply: { id: request.id, envelope } }));
}

port.on('message', ({ data, ports }) => {
  const message = data as ToCore;
  switch (message.type) {
    case 'start':
      start(message.dataDir, message.encryptionAvailable, message.storageBackend).catch(
        (err: unknown) => {
          post({ type: 'failed', error: toErrorShape(err) });
          setTimeout(() => process.exit(2), 50);
        },
      );
      return;
    case 'input':
      for (const item of message.items) take(item);
      return;
    case 'safe-storage-reply':
      return safeStorage?.settle(message.id, message.data, message.error);
    case 'stream-port': {
      const streamPort = ports?.[0];
      // Connections open in order before their port is asked for (main sends `open` first).
      const opening = windows.get(message.conn) ?? Promise.resolve(undefined);
      if (streamPort) streams.attach(message.conn, message.gen, streamPort, opening);
      else output({ streamReady: { conn: message.conn, gen: message.gen, ok: false } });
      return;
    }
    case 'shutdown':
      void (backend?.stop() ?? Promise.resolve()).finally(() => {
        post({ type: 'stopped' });
        process.exit(0);
      });
      return;
  }
});
