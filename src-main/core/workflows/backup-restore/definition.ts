import { BackupRestoreParams } from '../../../contract';
import { hostLocks, type WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { check, confirm } from './check-steps';
import { replace, stage } from './restore-steps';
import { rollForward, verify } from './verify-steps';

/**
 * `backup-restore`: restore a catalogued backup onto a (scratch) host, optionally roll it forward
 * with the source's binary logs to a GTID or a time, and verify it against the row counts and
 * checksums taken at backup time — the result is the backup's restore test. The target is
 * locked; a target holding data is confirmed by its typed name at a gate. Until its data is
 * replaced (the point of no return), a failure or a cancel undoes what was staged.
 */
export function backupRestoreWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<BackupRestoreParams, 'backup-restore'> {
  return {
    id: 'backup-restore',
    title: 'Restore a backup',
    description:
      'Restore a backup onto a scratch host (typed confirmation when it holds data), replay binlogs to a point in time if asked, start MySQL, and compare row counts and checksums with the backup: a restore test.',
    params: BackupRestoreParams,
    subject: (p) => `${p.backupId} → ${p.onto}`,
    locks: (p, lookup) => hostLocks([lookup.host(p.onto)]),
    rollback: 'automatic',
    steps: [
      check(deps),
      confirm(deps),
      stage(deps),
      replace(deps),
      rollForward(deps),
      verify(deps),
    ],
  };
}
