import { BackupRestoreParams } from '../../../contract';
import type { WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { backupRestoreSteps } from './steps';

/**
 * `backup-restore`: restore a catalogued backup onto a (scratch) host, optionally roll it forward
 * with the source's binary logs to a GTID or a time, and verify it against the row counts and
 * checksums taken at backup time — the result is the backup's restore test.
 */
export function backupRestoreWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<typeof BackupRestoreParams> {
  return {
    id: 'backup-restore',
    title: 'Restore a backup',
    description:
      'Restore a backup onto a scratch host (typed confirmation when it holds data), replay binlogs to a point in time if asked, start MySQL, and compare row counts and checksums with the backup: a restore test.',
    params: BackupRestoreParams,
    subject: (p) => `${p.backupId} → ${p.onto}`,
    steps: backupRestoreSteps(deps),
  };
}
