import type { Plan, PlanStep, RunOptions } from '../../../contract';
import { pauseGate } from './gates';
import { Redactor } from '../../redact';
import type { Step, WorkflowDefinition } from './definition';
import type { EffectDeps } from './effects';
import type { LockManager } from './locks';
import { RunOutputs } from './outputs';
import { PlanSink } from './plan-sink';
import type { RunScope } from './scope';
import { ContextFactory } from './step-context';

/**
 * A dry run: every step's check and run with writes recorded instead of executed (reads may run),
 * gates noted, fan-outs expanded per child, the locks the run will need with who holds them now,
 * and where the point of no return is. Nothing changes anywhere.
 */
export async function planWorkflow(
  deps: EffectDeps & { locks: LockManager },
  def: WorkflowDefinition,
  params: unknown,
  options: RunOptions,
): Promise<Plan> {
  const redactor = new Redactor();
  const sink = new PlanSink();
  const scope: RunScope = {
    def,
    params,
    runId: 'plan',
    door: 'plan',
    dryRun: true,
    redactor,
    outputs: new RunOutputs(new Map(), new Map(def.steps.map((s) => [s.id, s.output]))),
    sink,
  };
  const factory = new ContextFactory(deps, scope);
  const signal = new AbortController().signal;
  const steps: PlanStep[] = [];
  for (const step of def.steps as Step<unknown>[]) {
    if (step.requested && !step.requested(params)) {
      steps.push(notRequestedStep(step));
      continue;
    }
    const ctx = factory.step(step, { n: 1, signal });
    if (options.pauseBefore.includes(step.id))
      await sink.gate({ stepId: step.id }, pauseGate(step.title));
    const alreadyDone = step.check ? await step.check(ctx) : false;
    if (!alreadyDone) {
      const output = await step.run(ctx);
      if (output !== undefined)
        scope.outputs.set(step.id, sink.output({ stepId: step.id }, output));
    }
    const record = sink.record(step.id);
    steps.push({
      id: step.id,
      title: step.title,
      actions: record.actions,
      alreadyDone,
      undoable: Boolean(step.undo),
      pointOfNoReturn: Boolean(step.pointOfNoReturn),
      gates: record.gates,
      ...(record.warnings.length ? { warnings: record.warnings } : {}),
      children: sink.childrenOf(step.id),
      ...(record.limit ? { limit: record.limit } : {}),
      ...(step.timeoutMs ? { timeoutMs: step.timeoutMs } : {}),
      ...(step.retry && step.retry.attempts > 1 ? { attempts: step.retry.attempts } : {}),
    });
  }
  const lookup = { host: (h: string) => deps.host(h) };
  return {
    workflow: def.id,
    title: def.title,
    params: redactor.value(params as Record<string, unknown>),
    steps,
    locks: deps.locks.plan(def.locks?.(params, lookup) ?? []),
    rollback: def.rollback ?? 'on-request',
  };
}

/** A step the params do not ask for: planned as such, with nothing in it (never "already done"). */
function notRequestedStep(step: Step<unknown>): PlanStep {
  return {
    id: step.id,
    title: step.title,
    actions: [],
    alreadyDone: false,
    notRequested: true,
    undoable: Boolean(step.undo),
    pointOfNoReturn: Boolean(step.pointOfNoReturn),
    gates: [],
    children: [],
  };
}
