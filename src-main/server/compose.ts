import { createCore, type CoreOptions, type Core } from '../core/create-core';
import type { EventBus } from '../core/event-bus';
import { createHandlers } from './handlers';
import { createRouter, type Router } from './router';

export interface Services {
  core: Core;
  router: Router;
  bus: EventBus;
  shutdown(): Promise<void>;
}

/** The composition root every door calls: core services plus the contract router over them. */
export async function composeServices(options: CoreOptions): Promise<Services> {
  const core = await createCore(options);
  const router = createRouter(createHandlers(core));
  return { core, router, bus: core.bus, shutdown: () => core.shutdown() };
}
