import {
  ACTIVE_RUN_STATUSES,
  OpsdeckError,
  type LockRequest,
  type RunDetail,
} from '../../../contract';
import type { RunStateRepo } from '../../store/run-state-repo';
import type { RunOwner, RunSeen, RunsRepo } from '../../store/runs-repo';
import { changedMeanwhile } from './changed-meanwhile';
import { lockedError, type LockManager } from './locks';

/**
 * A stopped run going again (resume, rollback): whether it may, and this core's claim on it.
 * The runner (runner.ts) reads the run, asks here, claims it, then launches it.
 */

const isActive = (status: RunDetail['status']) => ACTIVE_RUN_STATUSES.includes(status);

/** A run that is still going, succeeded or was discarded is not resumed. */
export function refuseResume(run: RunDetail, going: boolean): void {
  if (going || isActive(run.status))
    throw new OpsdeckError(
      'WORKFLOW_NOT_RESUMABLE',
      'This run is still going.',
      'Wait for it, or cancel it first.',
    );
  if (run.status === 'succeeded' || run.status === 'discarded')
    throw new OpsdeckError(
      'WORKFLOW_NOT_RESUMABLE',
      `This run ${run.status === 'succeeded' ? 'already succeeded' : 'was discarded'}.`,
      'Start a new run instead.',
    );
}

/** Only a failed, cancelled or interrupted run is rolled back (its steps then: rollbackRefusal). */
export function refuseRollback(run: RunDetail, going: boolean): void {
  if (going || isActive(run.status))
    throw new OpsdeckError(
      'WORKFLOW_NOT_RESUMABLE',
      'This run is still going.',
      'Cancel it first; a workflow with automatic rollback then rolls back by itself.',
    );
  if (!['failed', 'cancelled', 'interrupted'].includes(run.status))
    throw new OpsdeckError(
      'WORKFLOW_NO_ROLLBACK',
      `This run ${run.status === 'succeeded' ? 'succeeded' : `is ${run.status}`}: only a failed, cancelled or interrupted run is rolled back.`,
      'Start the opposite workflow, or change things by hand.',
    );
}

export interface ClaimDeps {
  runs: RunsRepo;
  state: RunStateRepo;
  lockManager: LockManager;
  /** The core that takes the run over (its lease owner). */
  owner?: RunOwner;
  now(): string;
}

/**
 * A stopped run goes again, and this core takes it over: its locks first (a refused one
 * throws), then its status — only if the run is still as `seen` was read (one conditional
 * UPDATE on its write counter: a resume, rollback or discard by another core in between wins,
 * and this one is refused with its locks given back).
 */
export function claimRun(
  deps: ClaimDeps,
  run: RunDetail,
  seen: RunSeen,
  locks: readonly LockRequest[],
  status: 'running' | 'compensating',
): void {
  const runId = run.id;
  deps.runs.transaction(() => {
    const got = deps.lockManager.tryAcquire(runId, locks);
    if (!got.ok && run.options.onLockHeld === 'refuse') throw lockedError(got.heldBy);
    const at = deps.now();
    const claimed = deps.runs.moveIf(runId, seen, {
      status: got.ok ? status : 'waiting',
      at,
      ...(deps.owner ? { owner: deps.owner } : {}),
    });
    if (!claimed) throw changedMeanwhile(run, status === 'running' ? 'resumed' : 'rolled back');
    deps.state.setWaiting(runId, got.ok ? undefined : { kind: 'lock', heldBy: got.heldBy }, at);
  });
}
