import { toErrorShape, type BackupEntry, type Host } from '../../../contract';
import type { BackupFinish } from '../../store/backups-repo';
import type { BackupWorkflowDeps } from './deps';
import type { Ctx } from './preflight';

type Entry = Pick<BackupEntry, 'id' | 'kind' | 'tool' | 'compression' | 'destination' | 'location'>;
type Done = Omit<BackupFinish, 'status' | 'finishedAt' | 'durationMs'> & { durationMs?: number };

/**
 * One backup attempt in the catalog: the entry is created (running) before anything is taken,
 * and finished as succeeded with what `take` returns, or as failed with its error — so an attempt
 * is never left looking good. In a dry run nothing is catalogued.
 */
export async function catalogued(
  ctx: Ctx,
  deps: BackupWorkflowDeps,
  host: Host,
  started: Date,
  entry: Entry,
  take: () => Promise<Done | undefined>,
): Promise<BackupEntry | undefined> {
  if (!ctx.dryRun) {
    deps.catalog.create({
      ...entry,
      hostId: host.id,
      hostName: host.name,
      startedAt: started.toISOString(),
      runId: ctx.runId,
      ...(ctx.params.scheduleId ? { scheduleId: ctx.params.scheduleId } : {}),
    });
    ctx.output.backupId = entry.id;
  }
  const elapsed = () => deps.now().getTime() - started.getTime();
  try {
    const done = await take();
    if (ctx.dryRun || !done) return undefined;
    return deps.catalog.finish(entry.id, {
      durationMs: elapsed(),
      ...done,
      status: 'succeeded',
      finishedAt: deps.now().toISOString(),
    });
  } catch (err) {
    if (!ctx.dryRun)
      deps.catalog.finish(entry.id, {
        status: 'failed',
        finishedAt: deps.now().toISOString(),
        bytes: 0,
        durationMs: elapsed(),
        error: toErrorShape(err),
      });
    throw err;
  }
}
