import type { BackupRestoreParamsIn, RunStatus, ErrorShape } from '../../../contract';
import type { HostService } from '../../inventory/host-service';
import type { BackupWorkflowDeps } from '../backup-run/deps';

/** The restore test's own run, started under this run and waited for. */
export interface ChildRunResult {
  runId: string;
  status: RunStatus;
  error?: ErrorShape | undefined;
}

export interface NewInstanceDeps {
  /** The inventory: the instance becomes a host while the test runs. */
  hosts: HostService;
  catalog: BackupWorkflowDeps['catalog'];
  /** Start `backup-restore` as a child of `parentRunId` and wait for its end. */
  restoreChild(params: BackupRestoreParamsIn, parentRunId: string): Promise<ChildRunResult>;
  /** Pause between two looks at the instance / its MySQL (default 3 s). */
  pollMs?: number;
}
