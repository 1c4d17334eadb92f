import { ReplicationSetupParams } from '../../../contract';
import { hostLocks, type WorkflowDefinition } from '../engine/definition';
import type { ReplicationDeps } from './io';
import { preflightStep } from './steps-preflight';
import {
  pointReplicaStep,
  prepareReplicaStep,
  startReplicationStep,
  verifyStep,
} from './steps-replica';
import { fixServerIdStep } from './server-id';
import { fixBindAddressStep } from './step-bind-address';
import { seedStep } from './steps-seed';
import { configureReplicaStep, enableBinlogStep } from './steps-server';
import { replicationUserStep } from './steps-user';

export const REPLICATION_SETUP = 'mysql-replication-setup';

/**
 * Master → new replica: preflight (changes nothing; detects profiles never detected), a unique
 * server_id for the replica if allowed, binlog on the master if allowed, the master listening
 * where the replica reaches it if allowed (one restart with the binlog), replica
 * settings, a replication-only account, seed (dump or hot backup, streamed through Opsdeck),
 * point the replica at the master from the seed's own coordinates, start, verify.
 */
export function replicationSetupWorkflow(
  deps: ReplicationDeps,
): WorkflowDefinition<ReplicationSetupParams, typeof REPLICATION_SETUP> {
  return {
    id: REPLICATION_SETUP,
    title: 'Set up MySQL replication',
    description:
      'Make a server a replica of a master: preflight, replication account (password in the vault), seed by consistent dump or hot backup streamed over SSH, start and verify with a marker row.',
    params: ReplicationSetupParams,
    subject: (p, lookup) => `${lookup.host(p.master).name} → ${lookup.host(p.replica).name}`,
    // It may restart both servers: no other run changes either of them meanwhile.
    locks: (p, lookup) => hostLocks([lookup.host(p.master), lookup.host(p.replica)]),
    steps: [
      preflightStep(deps),
      fixServerIdStep(deps),
      enableBinlogStep(deps),
      fixBindAddressStep(deps),
      configureReplicaStep(deps),
      replicationUserStep(deps),
      prepareReplicaStep,
      seedStep(deps),
      pointReplicaStep(deps),
      startReplicationStep,
      verifyStep(),
    ],
  };
}
