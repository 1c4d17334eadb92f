import { BackupRestoreNewInstanceParams } from '../../../contract';
import type { WorkflowDefinition } from '../engine/definition';
import type { NewInstanceDeps } from './deps';
import { finish, launch, ready } from './instance-steps';
import { launchedNotEnded } from './launch-generation';
import { check, mysqlUp, restore } from './restore-steps';
import { volumesLeft } from './scratch-volumes';

/**
 * `backup-restore-new-instance`: a restore test on a scratch EC2 instance. The backup is checked
 * before anything is billed; the instance is launched with the launch wizard's code and input,
 * waited for until sshd answers, added to the inventory, then `backup-restore` runs onto it as a
 * child run (its restore test is the backup's). Afterwards the instance is terminated and its
 * host removed — and on any failure or cancel too (the launch's undo), unless the user chose to
 * keep it, which the log says with the command to terminate it. RunInstances carries the client
 * token `restore-<run id>-<n>`: a resumed run never launches a second instance; `n` rises only
 * after an undo ended the launch, so a resume after a rollback launches again. The user data is
 * kept in the vault until the run succeeds (a failed, cancelled or rolled-back run can be resumed
 * and launches with it again), never in its row.
 */
export function backupRestoreNewInstanceWorkflow(
  deps: NewInstanceDeps,
): WorkflowDefinition<BackupRestoreNewInstanceParams, 'backup-restore-new-instance'> {
  return {
    id: 'backup-restore-new-instance',
    title: 'Restore test on a new instance',
    description:
      'Launch a scratch EC2 instance, wait for SSH and MySQL, restore a backup onto it and verify rows and checksums (its restore test), then terminate the instance unless it is kept — also when the test fails.',
    params: BackupRestoreNewInstanceParams,
    subject: (p) =>
      `${p.backupId} → new ${p.launch.instanceType} in ${p.launch.account}${p.launch.region ? `/${p.launch.region}` : ''}`,
    rollback: 'automatic',
    // User data may carry secrets (a bootstrap token, a password): the run row keeps a reference.
    seal: {
      field: 'userDataRef',
      needed: (p) => p.launch.userData !== '',
      apply: async (p) => ({
        ...p,
        launch: { ...p.launch, userData: '' },
        userDataRef: await deps.vault.put(
          p.launch.userData,
          `user data of restore-test instance ${p.launch.name} (backup ${p.backupId})`,
        ),
      }),
      discard: (ref) => deps.vault.delete(ref),
      exists: (ref) => deps.vault.has(ref),
    },
    leftBehind: (changes) => [
      ...launchedNotEnded(changes).map(
        (id) =>
          `instance ${id} launched and not seen terminated (still billed while it runs), and its host in the inventory: terminate it from the Instances table and remove the host`,
      ),
      ...volumesLeft(changes).map(
        (id) =>
          `volume ${id} made from the snapshots and not deleted (still billed): delete it from the Volumes table`,
      ),
    ],
    steps: [check(deps), launch(deps), ready(deps), mysqlUp(deps), restore(deps), finish(deps)],
  };
}
