import { BackupVerifyParams } from '../../../contract';
import { verifyBackup } from '../../backups/verify/verify-backup';
import type { WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';

/** `backup-verify`: read a stored backup back, compare its sha256, decompress and check it. */
export function backupVerifyWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<typeof BackupVerifyParams> {
  return {
    id: 'backup-verify',
    title: 'Verify a backup',
    description:
      'Read a stored backup back from its destination, check its sha256 against the catalog, decompress it and check it is whole (on the host it was taken from). A failure is recorded and restores refuse the backup.',
    params: BackupVerifyParams,
    subject: (p) => p.backupId,
    steps: [
      {
        id: 'verify',
        title: 'Read back, checksum and check the content',
        async run(ctx) {
          const entry = deps.catalog.get(ctx.params.backupId);
          const on = ctx.host(entry.hostId);
          const check = await verifyBackup(ctx, deps.catalog, entry, on);
          ctx.output.verify = check;
          ctx.log(`${entry.id}: ${check.message}.`);
        },
      },
    ],
  };
}
