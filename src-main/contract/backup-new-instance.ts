import type { BackupEntry } from './backups';
import type { ErrorShape } from './errors';

/**
 * Why a backup cannot be restore-tested on a new EC2 instance, or `undefined` — said the same
 * way by the workflow's check, the CLI (before it plans a launch) and the Backups area (its
 * button's tooltip). An EBS snapshot set is not a file that restores into a server: it restores
 * as volumes created from its snapshots and attached to an instance (`backup restore --onto
 * <host> --instance <id>`), whose filesystem then replaces the data dir.
 */
export function newInstanceRefusal(e: Pick<BackupEntry, 'id' | 'kind'>): ErrorShape | undefined {
  if (e.kind !== 'snapshot') return undefined;
  return {
    code: 'INVALID_PARAMS',
    message: `${e.id} is a snapshot backup: its volumes are restored from EBS snapshots, not onto a new instance's MySQL.`,
    hint: `Restore it onto an EC2 host of yours in the snapshots’ region (\`opsdeck backup restore ${e.id} --onto <host> --instance <id>\`), or restore-test a dump or physical backup.`,
  };
}
