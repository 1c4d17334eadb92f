import type { SwitchoverParams } from '../../../contract';
import { SwitchoverParams as Schema } from '../../../contract';
import type { Lookup, Step, WorkflowDefinition } from '../engine/definition';
import { fieldOf } from '../engine/params-field';
import type { FailoverDeps } from './deps';
import { fenceInterruptedNote, type FenceResume } from './fence-interrupted-note';
import { clusterLocks } from './io';
import { accountStep } from './step-account';
import { catchUpStep, fenceStep, releaseHeldFence, type HeldLocks } from './step-fence';
import { goAheadStep, preflightStep } from './step-preflight';
import { promoteStep } from './step-promote';
import { repointOldMasterStep, repointReplicasStep } from './step-repoint';
import { moveTrafficStep, prepareTrafficStep } from './step-traffic';
import { reportStep, verifyStep } from './step-verify';

/**
 * Planned switchover, zero lost writes: preflight (changes nothing), the replication account on
 * every member, the candidate ready in the traffic layer, the typed go-ahead; then the write pause
 * — fence the master (read_only, clients ended, MariaDB: a held read lock), every replica catches
 * up with its last transaction, promote the candidate (the point of no return), move the writers;
 * then the old master and the other replicas under the new one, a write verified through the
 * traffic path, the report. A failure before the promotion rolls back at once (the fence undone).
 * Discarding a run ends the read-lock session this process still holds for it.
 */
export function switchoverWorkflow(
  deps: FailoverDeps,
  /** The fences this process holds, per run (a test may look inside). */
  locks: HeldLocks = new Map(),
): WorkflowDefinition<SwitchoverParams, 'mysql-switchover'> {
  return {
    id: 'mysql-switchover',
    title: 'MySQL switchover',
    description:
      'Planned move of the master to a replica without losing a write: fence, catch up, promote, move the traffic (HAProxy or elastic IP), repoint the old master and the replicas, verify through the traffic path, report.',
    params: Schema,
    subject: (p, lookup) =>
      `${lookup.host(p.master).name} → ${p.to ? lookup.host(p.to).name : 'best replica'}`,
    locks: (p, lookup) => clusterLocks(deps, [p.master, ...(p.to ? [p.to] : [])], lookup),
    rollback: 'automatic',
    // A discarded run is never resumed or rolled back: the read lock it may hold goes now.
    onDiscard: async (runId) => {
      await releaseHeldFence(locks, runId);
    },
    steps: [
      preflightStep(deps, 'switchover'),
      goAheadStep('switchover'),
      accountStep(deps),
      prepareTrafficStep(),
      unlocked(fenceStep(locks), 'fence'),
      unlocked(catchUpStep(locks), 'fence'),
      unlocked(promoteStep('switchover', locks), 'fence'),
      unlocked(moveTrafficStep(), 'check'),
      unlocked(repointOldMasterStep(deps, locks), 'check'),
      repointReplicasStep(deps),
      verifyStep(),
      reportStep(deps),
    ],
  };
}

/**
 * Killed between the fence and the repoint of the old master: what stays as it is depends on the
 * flavour (MariaDB's read lock went with the process; MySQL's super_read_only stays), and what the
 * resume does about writes made meanwhile: fences again (before the promotion), or refuses to
 * repoint a master that took any (after it).
 */
function unlocked<S extends { interrupted?: Step<unknown>['interrupted'] }>(
  step: S,
  resume: FenceResume,
): S {
  const interrupted = (params: unknown, lookup: Lookup) => {
    const host = lookup.host(fieldOf(params, 'master') ?? '');
    return fenceInterruptedNote(host.name, host.profile.mysqlFlavor, resume);
  };
  return { ...step, interrupted };
}
