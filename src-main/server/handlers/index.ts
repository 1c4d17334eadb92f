import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';
import { appHandlers } from './app-handlers';
import { hostHandlers } from './host-handlers';
import { vaultHandlers } from './vault-handlers';
import { workflowHandlers } from './workflow-handlers';

/** Binds every contract method to the core. The type makes a missing method a compile error. */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...vaultHandlers(core),
    ...hostHandlers(core),
    ...workflowHandlers(core),
  };
}
