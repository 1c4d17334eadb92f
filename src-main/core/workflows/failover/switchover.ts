import { SwitchoverParams } from '../../../contract';
import type { WorkflowDefinition } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { accountStep } from './step-account';
import { catchUpStep, fenceStep, type HeldLocks } from './step-fence';
import { preflightStep } from './step-preflight';
import { promoteStep } from './step-promote';
import { repointOldMasterStep, repointReplicasStep } from './step-repoint';
import { moveTrafficStep, prepareTrafficStep } from './step-traffic';
import { reportStep, verifyStep } from './step-verify';

export const SWITCHOVER = 'mysql-switchover';

/**
 * Planned switchover, zero lost writes: preflight (changes nothing), the replication account on
 * every member, the candidate ready in the traffic layer; then the write pause — fence the master
 * (read_only, clients ended, MariaDB: a held read lock), every replica catches up with its last
 * transaction (else the fence is undone and nothing else changed), promote the candidate (the point
 * of no return), move the writers; then the old master and the other replicas under the new one,
 * a write verified through the traffic path, the report.
 */
export function switchoverWorkflow(
  deps: FailoverDeps,
): WorkflowDefinition<typeof SwitchoverParams> {
  const locks: HeldLocks = new Map();
  return {
    id: SWITCHOVER,
    title: 'MySQL switchover',
    description:
      'Planned move of the master to a replica without losing a write: fence, catch up, promote, move the traffic (HAProxy or elastic IP), repoint the old master and the replicas, verify through the traffic path, report.',
    params: SwitchoverParams,
    subject: (p, lookup) =>
      `${lookup.host(p.master).name} → ${p.to ? lookup.host(p.to).name : 'best replica'}`,
    steps: [
      preflightStep(deps, 'switchover'),
      accountStep(deps),
      prepareTrafficStep(),
      fenceStep(locks),
      catchUpStep(locks),
      promoteStep('switchover'),
      moveTrafficStep(),
      repointOldMasterStep(deps, locks),
      repointReplicasStep(deps),
      verifyStep(),
      reportStep(deps),
    ],
  };
}
