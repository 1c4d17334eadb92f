import type { ErrorShape, RunStatus } from '../../../contract';
import type { RunRequest, WorkflowRunner } from './runner';

/** A child run's end, as its parent step sees it. */
export interface ChildRunResult {
  runId: string;
  status: RunStatus;
  error?: ErrorShape | undefined;
}

/**
 * Run a workflow as a child of `parentRunId` and wait for its end. The parent's cancel reaches
 * the child: when `signal` aborts, the child is cancelled (it stops and rolls back as its own
 * cancel does) and still waited for, so the parent's step never returns while the child runs.
 */
export async function runChild(
  runner: Pick<WorkflowRunner, 'start' | 'wait' | 'cancel' | 'detail'>,
  request: RunRequest,
  parentRunId: string,
  signal?: AbortSignal,
): Promise<ChildRunResult> {
  const { runId } = runner.start(request, 'workflow', parentRunId);
  const cancel = () => void runner.cancel(runId);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (signal?.aborted) cancel();
    await runner.wait(runId);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  const done = runner.detail(runId);
  return { runId, status: done.status, error: done.error };
}
