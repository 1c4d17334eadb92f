import { BackupRunParams } from '../../../contract';
import type { WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from './deps';
import { backupRunSteps } from './steps';

/**
 * `backup-run`: one backup of a host's MySQL — a logical dump (mariadb-dump / mysqldump, or
 * mydumper in parallel), a hot physical backup (mariabackup / xtrabackup), or an EBS snapshot
 * set — catalogued, read back and verified, then the retention policy applied to its series.
 */
export function backupRunWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<typeof BackupRunParams> {
  return {
    id: 'backup-run',
    title: 'Back up MySQL',
    description:
      'Take a dump, hot backup or EBS snapshot set of a host’s MySQL; store it (local folder, backup host over SSH, S3), catalogue it with its coordinates, checksum and row counts, verify it, apply retention.',
    params: BackupRunParams,
    subject: (p) => `${p.host} (${p.kind})`,
    steps: backupRunSteps(deps),
  };
}
