import type { BackupRestoreParamsIn } from '../../../contract';
import type { HostService } from '../../inventory/host-service';
import type { Vault } from '../../secrets/vault';
import type { HostKeyTrust } from '../../ssh/host-key-trust';
import type { BackupWorkflowDeps } from '../backup-run/deps';

import type { ChildRunResult } from '../engine/child-run';

export interface NewInstanceDeps {
  /** The inventory: the instance becomes a host while the test runs. */
  hosts: HostService;
  /** The scratch host's stored keys go with its instance (its IP is recycled by AWS). */
  hostKeys: Pick<HostKeyTrust, 'forgetKeys'>;
  catalog: BackupWorkflowDeps['catalog'];
  /** The launch's user data is kept here until the run succeeds (never in the runs table). */
  vault: Pick<Vault, 'put' | 'get' | 'delete' | 'has'>;
  /**
   * Start `backup-restore` as a child of `parentRunId` and wait for its end; `signal` aborting
   * (the parent cancelled) cancels the child (engine/child-run).
   */
  restoreChild(
    params: BackupRestoreParamsIn,
    parentRunId: string,
    signal?: AbortSignal,
  ): Promise<ChildRunResult>;
  /** How long an undo looks for an instance whose launch answer was lost (default 120 s). */
  lostLaunchWaitMs?: number;
  /** How long the sweep waits for a scratch volume to become available (default 300 s). */
  volumeWaitMs?: number;
  /** Pause between two looks at the instance / its MySQL (default 3 s). */
  pollMs?: number;
  /**
   * How long InvalidInstanceID.NotFound counts as "EC2 does not know the new id yet" (default
   * 60 s); past it the instance is gone (terminated and purged by AWS).
   */
  notFoundGraceMs?: number;
}
