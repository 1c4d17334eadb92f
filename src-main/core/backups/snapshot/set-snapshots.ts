import { toErrorShape, type Ec2Snapshot } from '../../../contract';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';
import type { AwsTarget } from '../../aws/workflow-effects';
import { waitUntil } from '../../common/wait';
import type { BackupCtx } from '../types';

/**
 * The snapshots of a backup's EBS snapshot set as EC2 sees them, across lost answers, retries,
 * cancels and crashes. CreateSnapshots takes no client token: a call whose answer was lost may
 * still have made a set (and the SDK's retry of it another one), so what the run recorded is not
 * all there is. Every snapshot of the set carries the tag `opsdeck:backup=<backup id>` from the
 * moment it exists (TagSpecifications): that tag finds them all again, as the restore's volumes
 * are found by theirs (member-volumes.ts).
 */

/** The tag that ties a snapshot to the backup (catalog entry) it was taken for. */
export const BACKUP_TAG = 'opsdeck:backup';

/** The change recorded just before CreateSnapshots is sent: its snapshots may exist from then on. */
const sent = (backupId: string) =>
  `CreateSnapshots sent for backup ${backupId} (its snapshots are tagged ${BACKUP_TAG}=${backupId})`;

/** Say (in the run's changes, which persist) that a set may exist from now on. */
export function noteCreateSent(ctx: Pick<BackupCtx, 'changed' | 'dryRun'>, backupId: string) {
  if (!ctx.dryRun) ctx.changed(sent(backupId));
}

/** Whether this run sent a CreateSnapshots for the backup (its answer may have been lost). */
export const createWasSent = (ctx: Pick<BackupCtx, 'changes'>, backupId: string) =>
  ctx.changes().includes(sent(backupId));

/** The snapshots EC2 lists with the backup's tag (this account's, in the set's region). */
export async function snapshotsOfBackup(
  ctx: BackupCtx,
  aws: AwsTarget,
  backupId: string,
): Promise<Ec2Snapshot[]> {
  return ctx.aws.read(aws, `snapshots tagged ${BACKUP_TAG}=${backupId}`, async (s) =>
    (await workflowEc2()).listSnapshots(s, {
      filters: [{ Name: `tag:${BACKUP_TAG}`, Values: [backupId] }],
    }),
  );
}

/**
 * How long a rollback looks again for a set that CreateSnapshots was sent for when EC2 lists
 * nothing with its tag yet (EC2's listing lags its writes; a call may still be in flight when the
 * run was cancelled). Documented in docs/backups.md (Snapshot sets).
 */
export const SNAPSHOT_SET_SETTLE_MS = 30_000;

/**
 * Every snapshot of the backup: the ids the run recorded and those EC2 lists with its tag
 * (`unrecorded`: the ones only the tag found). When a CreateSnapshots was sent and nothing is
 * found, EC2 may not list its set yet (eventual consistency, or a call still in flight when the
 * run was cancelled): the lookup is repeated for up to `settleMs` (SNAPSHOT_SET_SETTLE_MS) before it is believed, and
 * then the log says where to look.
 */
export async function allSnapshotsOfBackup(
  ctx: BackupCtx,
  aws: AwsTarget,
  backupId: string,
  recorded: readonly string[],
  settleMs = SNAPSHOT_SET_SETTLE_MS,
): Promise<{ ids: string[]; unrecorded: Ec2Snapshot[] }> {
  const of = (rows: readonly Ec2Snapshot[]) => {
    const unrecorded = rows.filter((r) => !recorded.includes(r.snapshotId));
    return { ids: [...recorded, ...unrecorded.map((r) => r.snapshotId)], unrecorded };
  };
  const found = of(await snapshotsOfBackup(ctx, aws, backupId));
  if (found.ids.length || !createWasSent(ctx, backupId)) return found;
  const later = await waitUntil(
    async () => {
      const now = of(await snapshotsOfBackup(ctx, aws, backupId));
      return now.ids.length ? now : undefined;
    },
    {
      what: `snapshots tagged ${BACKUP_TAG}=${backupId}`,
      pollMs: 2_000,
      timeoutMs: settleMs,
      signal: ctx.signal,
    },
  ).catch((err: unknown) => {
    if (toErrorShape(err).code === 'TIMEOUT') return undefined;
    throw err;
  });
  if (later) return later;
  ctx.log(
    `CreateSnapshots was sent for backup ${backupId} but EC2 lists no snapshot tagged ${BACKUP_TAG}=${backupId} after ${Math.round(settleMs / 1000)} s: none was made, or EC2 does not list it yet. Look for that tag in the EC2 Snapshots table later and delete what it finds.`,
    'warn',
  );
  return found;
}

/**
 * Delete snapshots of the set, each recorded in the run's changes; one already gone counts as
 * deleted (an earlier rollback, or by hand). Any other refusal fails, naming the snapshot: the
 * rollback can be run again, and finds the rest by their tag.
 */
export async function deleteSetSnapshots(
  ctx: BackupCtx,
  aws: AwsTarget,
  snapshotIds: readonly string[],
  why: string,
): Promise<void> {
  for (const id of snapshotIds) {
    const gone = await ctx.aws
      .write(aws, `DeleteSnapshot ${id} (${why})`, async (a) =>
        (await workflowEc2()).deleteSnapshot(a, id, id),
      )
      .then(
        () => false,
        (err: unknown) => {
          if (toErrorShape(err).code === 'AWS_NOT_FOUND') return true;
          throw err;
        },
      );
    const what = `snapshot ${id} ${gone ? 'was already gone' : 'deleted'}: ${why}`;
    ctx.changed(what);
    ctx.log(`${what[0]?.toUpperCase()}${what.slice(1)}.`, 'warn');
  }
}
