import type { Clock } from '../clock';
import type { HostService } from '../inventory/host-service';
import type { WorkflowDefinition } from './engine/definition';
import { collectFactsWorkflow } from './collect-facts/collect-facts';
import { replicationSetupWorkflow } from './replication-setup/definition';
import { provisionVolumesWorkflow } from './provision-volumes/provision-volumes';
import { prepareDisksWorkflow } from './prepare-disks/prepare-disks';
import type { Vault } from '../secrets/vault';
import type { BackupWorkflowDeps } from './backup-run/deps';
import { backupRunWorkflow } from './backup-run/definition';
import { backupVerifyWorkflow } from './backup-verify/definition';
import { backupRestoreWorkflow } from './backup-restore/definition';

/** Every workflow this build can run. Add one folder per workflow and list it here. */
export function workflowDefinitions(deps: {
  hosts: HostService;
  clock: Clock;
  vault: Vault;
  mysql: { close(hostId: string): void };
  backups: BackupWorkflowDeps;
}): WorkflowDefinition[] {
  return [
    collectFactsWorkflow({
      saveFacts: (id, facts) => deps.hosts.saveFacts(id, facts),
      now: () => deps.clock.now(),
    }),
    replicationSetupWorkflow({
      vault: deps.vault,
      closeMysql: (hostId) => deps.mysql.close(hostId),
    }),
    provisionVolumesWorkflow({ hosts: () => deps.hosts.list() }),
    prepareDisksWorkflow(),
    backupRunWorkflow(deps.backups),
    backupVerifyWorkflow(deps.backups),
    backupRestoreWorkflow(deps.backups),
  ] as WorkflowDefinition[];
}
