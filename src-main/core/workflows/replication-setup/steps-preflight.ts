import { OpsdeckError } from '../../../contract';
import type { Step } from '../engine/definition';
import { ctxIo, pair, type Ctx, type ReplicationDeps } from './io';
import { profileDetector } from './profile-detect';
import { runPreflight, type PreflightDerived } from './preflight';

/** What the preflight found, for later steps (and resumed runs: it is in the run's output). */
export function preflightOf(ctx: Ctx): PreflightDerived {
  const derived = ctx.output.preflight as PreflightDerived | undefined;
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
export const preflightStep = (deps: ReplicationDeps): Step<Ctx['params']> => ({
  id: 'preflight',
  title: 'Preflight (changes nothing)',
  async run(ctx) {
    const { master, replica } = pair(ctx);
    const io = ctxIo(ctx);
    const report = await runPreflight(
      { ...io, detectProfile: profileDetector(io.sh, deps.saveDetectedProfile) },
      master,
      replica,
      ctx.params,
    );
    for (const c of report.checks)
      ctx.log(
        `${c.level.toUpperCase().padEnd(7)} ${c.title}: ${c.message}`,
        c.level === 'error' ? 'error' : c.level === 'warning' ? 'warn' : 'info',
      );
    ctx.output.checks = report.checks;
    if (report.derived) ctx.output.preflight = report.derived;
    const failed = report.checks.filter((c) => c.level === 'error');
    if (failed.length) {
      throw new OpsdeckError(
        'MYSQL_PREFLIGHT_FAILED',
        `Preflight for ${master.name} → ${replica.name} failed; nothing was changed. ${failed.map((c) => `${c.title}: ${c.message}`).join(' | ')}`,
        failed
          .map((c) => c.hint)
          .filter(Boolean)
          .join(' ') || 'Fix the failed checks and run again.',
      );
    }
  },
});
