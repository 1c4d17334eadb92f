import type { Clock } from '../clock';
import type { HostService } from '../inventory/host-service';
import type { WorkflowDefinition } from './engine/definition';
import { collectFactsWorkflow } from './collect-facts/collect-facts';

/** Every workflow this build can run. Add one folder per workflow and list it here. */
export function workflowDefinitions(deps: {
  hosts: HostService;
  clock: Clock;
}): WorkflowDefinition[] {
  return [
    collectFactsWorkflow({
      saveFacts: (id, facts) => deps.hosts.saveFacts(id, facts),
      now: () => deps.clock.now(),
    }),
  ] as WorkflowDefinition[];
}
