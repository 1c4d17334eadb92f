import { OpsdeckError, type RunSummary } from '../../../contract';

/**
 * Another core (a window's, or the CLI's) changed a stopped run between this core reading it
 * and acting on it — the conditional write found it no longer as read, and changed nothing.
 */
export function changedMeanwhile(seen: RunSummary, doing: string): OpsdeckError {
  return new OpsdeckError(
    'CONFLICT',
    `Run ${seen.id.slice(0, 8)} (${seen.title}) changed while it was being ${doing}: another Opsdeck (a window or the CLI) resumed, rolled back or discarded it since it was read as ${seen.status}. Nothing was changed here.`,
    'Look at the run again (`opsdeck workflow runs`, or its tab) and act on what it is now.',
  );
}
