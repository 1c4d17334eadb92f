import type { Clock } from '../clock';
import type { HostService } from '../inventory/host-service';
import type { WorkflowDefinition } from './engine/definition';
import { collectFactsWorkflow } from './collect-facts/collect-facts';
import { replicationSetupWorkflow } from './replication-setup/definition';
import { provisionVolumesWorkflow } from './provision-volumes/provision-volumes';
import { prepareDisksWorkflow } from './prepare-disks/prepare-disks';
import type { Vault } from '../secrets/vault';

/** Every workflow this build can run. Add one folder per workflow and list it here. */
export function workflowDefinitions(deps: {
  hosts: HostService;
  clock: Clock;
  vault: Vault;
  mysql: { close(hostId: string): void };
}): WorkflowDefinition[] {
  return [
    collectFactsWorkflow({
      saveFacts: (id, facts, detected) => deps.hosts.saveFacts(id, facts, detected),
      now: () => deps.clock.now(),
    }),
    replicationSetupWorkflow({
      vault: deps.vault,
      closeMysql: (hostId) => deps.mysql.close(hostId),
      saveDetectedProfile: (hostId, detected) => deps.hosts.saveDetectedProfile(hostId, detected),
    }),
    provisionVolumesWorkflow({ hosts: () => deps.hosts.list() }),
    prepareDisksWorkflow(),
  ] as WorkflowDefinition[];
}
