import { createCore, type CoreOptions, type Core } from '../core/create-core';
import type { EventBus } from '../core/event-bus';
import { connectionFactory, type Connect } from './connection';
import { createHandlers } from './handlers';
import { createRouter, type Router } from './router';

export type { Connect, Connection } from './connection';
export type { EventBus };
export type { SafeStorageLike } from '../core/secrets/safe-storage-vault';
// What the doors need besides the services: the CLI imports nothing else of server/ or core/.
export { defaultDataDir } from '../core/data-dir';
export { version } from './version';
export { startWebServer, type WebServer } from './web/web-server';
export { installProcessGuard, type ProcessGuard } from './process-guard';

export interface Services {
  core: Core;
  router: Router;
  bus: EventBus;
  /**
   * A new door connection (a browser socket, a window, a CLI): calls through it carry its id,
   * it receives broadcast events and those addressed to it, and closing it ends its
   * subscriptions. Every door talks to the core through one per client.
   */
  connect: Connect;
  shutdown(): Promise<void>;
}

/** The composition root every door calls: core services plus the contract router over them. */
export async function composeServices(options: CoreOptions): Promise<Services> {
  const core = await createCore(options);
  const router = createRouter(createHandlers(core));
  const connect = connectionFactory({
    router,
    bus: core.bus,
    released: (connectionId) => core.watch.release(connectionId),
  });
  return { core, router, bus: core.bus, connect, shutdown: () => core.shutdown() };
}
