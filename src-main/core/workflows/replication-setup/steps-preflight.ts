import { OpsdeckError } from '../../../contract';
import type { OutputOf, Step } from '../engine/definition';
import { ctxIo, pair, type Ctx, type ReplicationDeps } from './io';
import { PREFLIGHT, type PreflightDerived } from './outputs';
import { profileDetector } from './profile-detect';
import { runPreflight } from './preflight';

/** What the preflight found, for later steps (and resumed runs: it is stored with the run). */
export function preflightOf(ctx: Ctx): PreflightDerived {
  const derived = ctx.find(PREFLIGHT)?.derived;
  if (!derived)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      'The preflight results are missing from this run.',
      'Start a new run.',
    );
  return derived;
}

/**
 * Every check before anything changes on a server. A host whose profile was never detected is
 * detected here (read-only) and the result kept in the inventory.
 */
export const preflightStep = (
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof PREFLIGHT>> => ({
  ...PREFLIGHT,
  title: 'Preflight (changes nothing)',
  async run(ctx) {
    const { master, replica } = pair(ctx);
    const io = ctxIo(ctx);
    const report = await runPreflight(
      { ...io, detectProfile: profileDetector(io.sh, deps.saveDetectedProfile) },
      master,
      replica,
      ctx.params,
      ctx.params.backupId ? deps.backups?.find(ctx.params.backupId) : undefined,
    );
    for (const c of report.checks)
      ctx.log(
        `${c.level.toUpperCase().padEnd(7)} ${c.title}: ${c.message}`,
        c.level === 'error' ? 'error' : c.level === 'warning' ? 'warn' : 'info',
      );
    const failed = report.checks.filter((c) => c.level === 'error');
    if (failed.length) {
      // Kept for the run view: what the preflight found, even though the step fails.
      ctx.save({ checks: report.checks, ...(report.derived ? { derived: report.derived } : {}) });
      throw new OpsdeckError(
        'MYSQL_PREFLIGHT_FAILED',
        `Preflight for ${master.name} → ${replica.name} failed; nothing was changed. ${failed.map((c) => `${c.title}: ${c.message}`).join(' | ')}`,
        failed
          .map((c) => c.hint)
          .filter(Boolean)
          .join(' ') || 'Fix the failed checks and run again.',
      );
    }
    return { checks: report.checks, ...(report.derived ? { derived: report.derived } : {}) };
  },
});
