import type { Clock } from '../clock';
import type { HostService } from '../inventory/host-service';
import type { WorkflowDefinition } from './engine/definition';
import { collectFactsWorkflow } from './collect-facts/collect-facts';
import { replicationSetupWorkflow } from './replication-setup/definition';
import { provisionVolumesWorkflow } from './provision-volumes/provision-volumes';
import { prepareDisksWorkflow } from './prepare-disks/prepare-disks';
import type { Vault } from '../secrets/vault';
import type { WorkflowId, WorkflowParams } from '../../contract';
import type { SnapshotStore } from '../diff/snapshot-store';
import type { AuditRepo } from '../store/audit-repo';
import { configPushWorkflow } from './config-push/config-push';
import { randomBytes } from 'node:crypto';
import type { BackupWorkflowDeps } from './backup-run/deps';
import { backupRunWorkflow } from './backup-run/definition';
import { backupVerifyWorkflow } from './backup-verify/definition';
import { backupRestoreWorkflow } from './backup-restore/definition';
import { backupRestoreNewInstanceWorkflow } from './backup-restore-instance/definition';
import type { NewInstanceDeps } from './backup-restore-instance/deps';

/** One definition per workflow id of the contract, with that id's params schema. */
type Definitions = {
  [W in WorkflowId]: WorkflowDefinition<WorkflowParams<W>> & { id: W };
};
import type { FailoverDeps } from './failover/deps';
import { failoverWorkflow } from './failover/failover';
import { switchoverWorkflow } from './failover/switchover';
import { rejoinWorkflow } from './failover/rejoin';

/** Every workflow this build can run. Add one folder per workflow and list it here. */
export function workflowDefinitions(deps: {
  hosts: HostService;
  clock: Clock;
  vault: Vault;
  mysql: { close(hostId: string): void };
  backups: Pick<BackupWorkflowDeps, 'catalog' | 'afterBackup'>;
  /** A restore test onto a new instance runs `backup-restore` as its child (the runner's). */
  restoreChild: NewInstanceDeps['restoreChild'];
  hostKeys: NewInstanceDeps['hostKeys'];
  /** Switchover, failover and rejoin of MySQL clusters. */
  failover: FailoverDeps;
  snapshots: SnapshotStore;
  audit: AuditRepo;
}): WorkflowDefinition[] {
  const backups: BackupWorkflowDeps = {
    ...deps.backups,
    closeMysql: (hostId) => deps.mysql.close(hostId),
    saveDetectedProfile: (hostId, detected) => deps.hosts.saveDetectedProfile(hostId, detected),
    random: () => randomBytes(2).toString('hex'),
    now: () => deps.clock.now(),
  };
  const definitions: Definitions = {
    'collect-facts': collectFactsWorkflow({
      saveFacts: (id, facts, detected) => deps.hosts.saveFacts(id, facts, detected),
      now: () => deps.clock.now(),
    }),
    'mysql-replication-setup': replicationSetupWorkflow({
      vault: deps.vault,
      closeMysql: (hostId) => deps.mysql.close(hostId),
      saveDetectedProfile: (hostId, detected) => deps.hosts.saveDetectedProfile(hostId, detected),
      backups: deps.backups.catalog,
    }),
    'provision-volumes': provisionVolumesWorkflow({ hosts: () => deps.hosts.list() }),
    'prepare-disks': prepareDisksWorkflow(),
    'backup-run': backupRunWorkflow(backups),
    'backup-verify': backupVerifyWorkflow(backups),
    'backup-restore': backupRestoreWorkflow(backups),
    'backup-restore-new-instance': backupRestoreNewInstanceWorkflow({
      hosts: deps.hosts,
      catalog: deps.backups.catalog,
      restoreChild: deps.restoreChild,
      hostKeys: deps.hostKeys,
      vault: deps.vault,
    }),
    'mysql-switchover': switchoverWorkflow(deps.failover),
    'mysql-failover': failoverWorkflow(deps.failover),
    'mysql-rejoin': rejoinWorkflow(deps.failover),
    'config-push': configPushWorkflow({
      snapshots: deps.snapshots,
      now: () => deps.clock.now(),
      audit: (record) => void deps.audit.append(record),
    }),
  };
  return Object.values(definitions);
}
