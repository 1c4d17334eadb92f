import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

export function workflowHandlers(
  core: Core,
): Pick<
  Handlers,
  | 'workflows.list'
  | 'workflows.plan'
  | 'workflows.start'
  | 'workflows.cancel'
  | 'workflows.resume'
  | 'workflows.runs'
  | 'workflows.run'
  | 'workflows.rollback'
  | 'workflows.discard'
  | 'workflows.locks'
> {
  const w = core.workflows;
  return {
    'workflows.list': () => w.list(),
    'workflows.plan': (request) => w.plan(request),
    'workflows.start': (request, call) => w.startSealed(request, call.door),
    'workflows.cancel': ({ runId }) => w.cancel(runId),
    'workflows.resume': ({ runId }) => w.resume(runId),
    'workflows.rollback': ({ runId }) => w.rollback(runId),
    'workflows.discard': ({ runId, force, dryRun }, call) =>
      w.discard(runId, call.door, { force, dryRun }),
    'workflows.locks': () => w.locks(),
    'workflows.runs': ({ limit }) => w.recent(limit),
    'workflows.run': ({ runId }) => w.detail(runId),
  };
}
