import { BackupCheck, BackupVerifyParams } from '../../../contract';
import { verifyBackup } from '../../backups/verify/verify-backup';
import { onSourceWarning, verifyHostOf } from '../../backups/verify/verify-host';
import { outputOf, type WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';

export const VERIFIED = outputOf('verify', BackupCheck);

/**
 * `backup-verify`: read a stored backup back, compare its sha256, decompress and check it. A dump
 * is checked on its source (nothing written); a hot backup is unpacked and prepared in a scratch
 * folder under /tmp on a verify host — the backup host of an ssh:// destination, or `on` (the
 * source only when named, with a warning in the plan) — and the folder removed however it ends.
 * No locks, no undo; the result is recorded in the catalog either way.
 */
export function backupVerifyWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<BackupVerifyParams, 'backup-verify'> {
  return {
    id: 'backup-verify',
    title: 'Verify a backup',
    description:
      'Read a stored backup back from its destination, check its sha256 against the catalog, decompress it and check it is whole (a dump on its source); a hot backup is unpacked and prepared (--prepare must complete OK) on a verify host that is not its source unless chosen. A failure is recorded and restores refuse the backup.',
    params: BackupVerifyParams,
    subject: (p) => (p.on ? `${p.backupId} on ${p.on}` : p.backupId),
    steps: [
      {
        ...VERIFIED,
        title: 'Read back, checksum and check the content',
        async run(ctx) {
          const entry = deps.catalog.get(ctx.params.backupId);
          const on = verifyHostOf(entry, ctx.params.on, (h) => ctx.host(h));
          if (entry.kind === 'hot') {
            if (on.onSource) ctx.log(onSourceWarning(on.host), 'warn');
            else ctx.log(`Verify host: ${on.host.name} (${on.why}).`);
          }
          const check = await verifyBackup(ctx, deps.catalog, entry, on.host);
          ctx.log(`${entry.id}: ${check.message}.`);
          return check;
        },
      },
    ],
  };
}
