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
> {
  const w = core.workflows;
  return {
    'workflows.list': () => w.list(),
    'workflows.plan': ({ workflow, params }) => w.plan(workflow, params),
    'workflows.start': ({ workflow, params }, call) => w.start(workflow, params, call.door),
    'workflows.cancel': ({ runId }) => w.cancel(runId),
    'workflows.resume': ({ runId }) => w.resume(runId),
    'workflows.runs': ({ limit }) => core.workflows.recent(limit),
    'workflows.run': ({ runId }) => w.detail(runId),
  };
}
