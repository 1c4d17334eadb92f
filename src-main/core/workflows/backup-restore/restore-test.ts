import { OpsdeckError, toErrorShape, type BackupCheck, type BackupEntry } from '../../../contract';
import { isCancelled } from '../../common/cancel';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { CHECK, type Ctx } from './outputs';

/**
 * The run's verdict as the backup's restore test (when `test` is on): a failed test is CRITICAL
 * in the Backups area. A run that never got to judge the backup (declined, cancelled) records
 * nothing: its rollback puts the previous test back.
 */
export function recordTest(
  deps: BackupWorkflowDeps,
  ctx: Pick<Ctx, 'params' | 'dryRun' | 'runId' | 'find'>,
  entry: BackupEntry,
  status: 'passed' | 'failed',
  message: string,
  extra: Partial<BackupCheck> = {},
): void {
  if (!ctx.params.test || ctx.dryRun) return;
  deps.catalog.setCheck(entry.id, 'restoreTest', {
    status,
    at: ctx.find(CHECK)?.startedAt ?? deps.now().toISOString(),
    host: ctx.params.onto,
    runId: ctx.runId,
    message,
    ...extra,
  });
}

/** Runs a restore step; a real failure (not a cancel or a declined gate) fails the test. */
export async function judged<T>(
  ctx: Ctx,
  deps: BackupWorkflowDeps,
  what: string,
  fn: (entry: BackupEntry) => Promise<T>,
): Promise<T> {
  const entry = deps.catalog.get(ctx.params.backupId);
  try {
    return await fn(entry);
  } catch (err) {
    const e = toErrorShape(err);
    if (!ctx.signal.aborted && !isCancelled(err) && e.code !== 'WORKFLOW_DECLINED')
      recordTest(deps, ctx, entry, 'failed', `${what} failed: ${e.message}`);
    throw err;
  }
}

/** The restore test this run shows `running` is put back as it was (rollback, nothing judged). */
export function putBackTest(ctx: Ctx, deps: BackupWorkflowDeps): void {
  const check = ctx.find(CHECK);
  if (!check || !ctx.params.test || ctx.dryRun) return;
  const entry = deps.catalog.find(ctx.params.backupId);
  if (entry?.restoreTest?.runId !== ctx.runId || entry.restoreTest.status !== 'running') return;
  deps.catalog.restoreCheck(entry.id, 'restoreTest', check.previousTest);
}

export const notRestorable = (message: string, hint: string) =>
  new OpsdeckError('BACKUP_NOT_RESTORABLE', message, hint);
