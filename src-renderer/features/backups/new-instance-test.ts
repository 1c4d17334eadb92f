import type { BackupEntry, BackupRestoreNewInstanceParamsIn } from '../../../src-main/contract';
import { client } from '../../api';
import { startRun, useBackups } from './backups-store';

/** The plan (launch, wait, restore, terminate), shown in the Backups area's plan panel. */
export async function planNewInstanceTest(params: BackupRestoreNewInstanceParamsIn) {
  const plan = await client.call('workflows.plan', {
    workflow: 'backup-restore-new-instance',
    params,
  });
  useBackups.setState({ plan, action: null });
}

export const startNewInstanceTest = (e: BackupEntry, params: BackupRestoreNewInstanceParamsIn) =>
  startRun(`Restore test of ${e.id} on a new ${params.launch.instanceType}`, {
    workflow: 'backup-restore-new-instance',
    params,
  });
