import { createCore, type CoreOptions, type Core } from '../core/create-core';
import type { EventBus } from '../core/event-bus';
import { lazyHandlers } from './handlers/lazy';
import { serveLocalSocket, type LocalSocketServer } from './local/local-server';
import { createRouter, type Router } from './router';
import { version } from './version';

export interface Services {
  core: Core;
  router: Router;
  bus: EventBus;
  /** The local door other processes attach to (unset when composed without one). */
  socket?: LocalSocketServer;
  shutdown(): Promise<void>;
}

export interface ComposeOptions extends CoreOptions {
  /** Serve the local socket (default true: every core is attachable; tests may turn it off). */
  localSocket?: boolean;
}

/**
 * The composition root every door calls: the core (holding the data folder's lease), the
 * contract router over it, and the local socket a CLI attaches to. With `areas: 'lazy'` the
 * router loads a method's handlers and core areas on first use.
 */
export async function composeServices(options: ComposeOptions): Promise<Services> {
  const core = await createCore(options);
  try {
    const router = createRouter(
      options.areas === 'lazy'
        ? lazyHandlers(core)
        : (await import('./handlers')).createHandlers(core),
    );
    const socket =
      options.localSocket === false
        ? undefined
        : await serveLocalSocket({
            dataDir: options.dataDir,
            router,
            bus: core.bus,
            core: { ownerId: core.ownership.ownerId, door: core.door, pid: process.pid, version },
          });
    let closed: Promise<void> | undefined;
    const shutdown = () =>
      (closed ??= (async () => {
        await socket?.close();
        await core.shutdown();
      })());
    return { core, router, bus: core.bus, ...(socket ? { socket } : {}), shutdown };
  } catch (err) {
    await core.shutdown();
    throw err;
  }
}
