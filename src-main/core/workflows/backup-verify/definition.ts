import { BackupCheck, BackupVerifyParams } from '../../../contract';
import { verifyBackup } from '../../backups/verify/verify-backup';
import { outputOf, type WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';

export const VERIFIED = outputOf('verify', BackupCheck);

/**
 * `backup-verify`: read a stored backup back, compare its sha256, decompress and check it.
 * Read-only everywhere (the content check runs in a scratch folder under /tmp): no locks, no
 * undo; the result is recorded in the catalog either way.
 */
export function backupVerifyWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<BackupVerifyParams, 'backup-verify'> {
  return {
    id: 'backup-verify',
    title: 'Verify a backup',
    description:
      'Read a stored backup back from its destination, check its sha256 against the catalog, decompress it and check it is whole (on the host it was taken from). A failure is recorded and restores refuse the backup.',
    params: BackupVerifyParams,
    subject: (p) => p.backupId,
    steps: [
      {
        ...VERIFIED,
        title: 'Read back, checksum and check the content',
        async run(ctx) {
          const entry = deps.catalog.get(ctx.params.backupId);
          const check = await verifyBackup(ctx, deps.catalog, entry, ctx.host(entry.hostId));
          ctx.log(`${entry.id}: ${check.message}.`);
          return check;
        },
      },
    ],
  };
}
