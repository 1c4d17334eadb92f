import { createCore, type CoreOptions, type Core } from '../core/create-core';
import type { EventBus } from '../core/event-bus';
import { connectionFactory, type Connect } from './connection';
import { lazyHandlers } from './handlers/lazy';
import { serveLocalSocket, type LocalSocketServer } from './local/local-server';
import { createRouter, type Router } from './router';
import { version } from './version';
import type { WebServer, WebServerOptions } from './web/web-server';

export type { Connect, Connection } from './connection';
export type { EventBus };
export type { SafeStorageLike } from '../core/secrets/safe-storage-vault';
// What the doors need besides the services: the CLI imports nothing else of server/ or core/.
export { defaultDataDir } from '../core/data-dir';
export { version } from './version';
export type { WebServer, WebServerOptions };

/** The web door (`opsdeck serve`): its HTTP and WebSocket code (`ws`) loads only for it. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  return (await import('./web/web-server')).startWebServer(options);
}
export { installProcessGuard, type ProcessGuard } from './process-guard';

export interface Services {
  core: Core;
  router: Router;
  bus: EventBus;
  /**
   * A new door connection (a browser socket, a window, a CLI): calls through it carry its id,
   * it receives broadcast events and those addressed to it, and closing it ends its
   * subscriptions and aborts its calls' waits. Every door talks to the core through one per
   * client.
   */
  connect: Connect;
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
 * contract router over it, door connections, and the local socket a CLI attaches to. With
 * `areas: 'lazy'` the router loads a method's handlers and core areas on first use.
 */
export async function composeServices(options: ComposeOptions): Promise<Services> {
  const core = await createCore(options);
  try {
    const router = createRouter(
      options.areas === 'lazy'
        ? lazyHandlers(core)
        : (await import('./handlers')).createHandlers(core),
      // A CLI's own core usually lives for one command: too short for zod's JIT to pay off (the
      // CLI also turns it off for the core's own parses: cli/core-connection.ts).
      { jitless: options.door === 'cli' },
    );
    const connect = connectionFactory({
      router,
      bus: core.bus,
      released: (connectionId) => core.watch.release(connectionId),
    });
    const socket =
      options.localSocket === false
        ? undefined
        : await serveLocalSocket({
            dataDir: options.dataDir,
            connect,
            core: { ownerId: core.ownership.ownerId, door: core.door, pid: process.pid, version },
          });
    let closed: Promise<void> | undefined;
    const shutdown = () =>
      (closed ??= (async () => {
        await socket?.close();
        await core.shutdown();
      })());
    return { core, router, bus: core.bus, connect, ...(socket ? { socket } : {}), shutdown };
  } catch (err) {
    await core.shutdown();
    throw err;
  }
}
