import type { FailoverParams } from '../../../contract';
import { FailoverParams as Schema } from '../../../contract';
import type { WorkflowDefinition } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { clusterLocks } from './io';
import { accountStep } from './step-account';
import { fenceOldMasterStep } from './step-fence';
import { goAheadStep, preflightStep } from './step-preflight';
import { applyRelayLogStep, promoteStep } from './step-promote';
import { repointReplicasStep } from './step-repoint';
import { moveTrafficStep } from './step-traffic';
import { reportStep, verifyStep } from './step-verify';

/**
 * Unplanned failover of a dead master: preflight (dead from every angle, never on a partition;
 * anti-flap for automatic runs), the typed go-ahead, fence the old master by every path that
 * reaches it, the candidate applies its relay log (fetching from a donor first if one is ahead),
 * promote (the point of no return), move the writers, repoint the replicas, verify, report with the
 * loss stated.
 */
export function failoverWorkflow(
  deps: FailoverDeps,
): WorkflowDefinition<FailoverParams, 'mysql-failover'> {
  return {
    id: 'mysql-failover',
    title: 'MySQL failover',
    description:
      'Unplanned failover of a dead master: fence it by every path, promote the best replica after it applied its relay log, move the traffic, repoint the replicas, verify through the traffic path, report the loss.',
    params: Schema,
    subject: (p, lookup) =>
      `${lookup.host(p.master).name} (dead) → ${p.to ? lookup.host(p.to).name : 'best replica'}`,
    locks: (p, lookup) => clusterLocks(deps, [p.master, ...(p.to ? [p.to] : [])], lookup),
    rollback: 'on-request',
    steps: [
      preflightStep(deps, 'failover'),
      goAheadStep('failover'),
      fenceOldMasterStep(),
      accountStep(deps),
      applyRelayLogStep(deps),
      promoteStep('failover'),
      moveTrafficStep(),
      repointReplicasStep(deps),
      verifyStep(),
      reportStep(deps),
    ],
  };
}
