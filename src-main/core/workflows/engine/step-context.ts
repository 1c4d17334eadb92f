import type { BaseContext, ChildContext, StepContext } from './context';
import type { Step } from './definition';
import { createEffects, type EffectDeps } from './effects';
import { runChildren } from './children';
import type { RunScope, Where } from './scope';
import type { AttemptTimer } from './step-policy';

/**
 * Builds the contexts steps, undos and children receive: the effects bound to their signal, and
 * the engine's facilities (outputs, gates, progress, journal) reporting to the run's sink.
 */
export class ContextFactory {
  constructor(
    private readonly deps: EffectDeps,
    private readonly scope: RunScope,
  ) {}

  base(where: Where, signal: AbortSignal, timer?: AttemptTimer): BaseContext<unknown> {
    const { scope } = this;
    const { sink } = scope;
    return {
      params: scope.params,
      runId: scope.runId,
      dryRun: scope.dryRun,
      signal,
      ...createEffects(this.deps, scope, where, signal),
      host: (idOrName) => this.deps.host(idOrName),
      log: (text, level = 'info') => sink.log(where, level, text),
      secret: (value) => scope.redactor.add(value),
      get: (step) => scope.outputs.get(step),
      find: (step) => scope.outputs.find(step),
      confirm: (gate) => sink.gate(where, gate, signal, timer),
      progress: (sample) => sink.progress(where, sample),
      changed: (text) => {
        if (!scope.dryRun) sink.changed(where, text);
      },
      changes: () => sink.changes(),
      leftFile: (host, path, what) => {
        if (!scope.dryRun) sink.leftFile(host.name, path, what);
      },
      removedFile: (host, path) => {
        if (!scope.dryRun) sink.removedFile(host.name, path);
      },
    };
  }

  /** A step's context; `phase: 'undo'` keeps the children an undo fans out to apart. */
  step(
    step: Step<unknown>,
    attempt: { n: number; signal: AbortSignal; timer?: AttemptTimer | undefined },
    phase: 'run' | 'undo' = 'run',
  ): StepContext<unknown> {
    const { scope } = this;
    const where = { stepId: step.id };
    const prefix = phase === 'undo' ? 'undo:' : '';
    return {
      ...this.base(where, attempt.signal, attempt.timer),
      attempt: attempt.n,
      saved: scope.outputs.find(step),
      save: (output) => {
        scope.outputs.set(step.id, scope.sink.output(where, output));
      },
      forEach: (items, spec, fn) =>
        runChildren({
          scope,
          stepId: step.id,
          items,
          spec,
          signal: attempt.signal,
          keyPrefix: prefix,
          child: (key, title, signal) =>
            this.child({ stepId: step.id, childKey: key }, title, signal, attempt.timer),
          fn,
        }),
      doneChildren: () =>
        scope.sink
          .children(step.id)
          .filter((c) => c.status === 'done' && !c.key.startsWith('undo:'))
          .map((c) => c.key),
    };
  }

  child(
    where: Where & { childKey: string },
    title: string,
    signal: AbortSignal,
    timer?: AttemptTimer,
  ): ChildContext<unknown> {
    return { ...this.base(where, signal, timer), key: where.childKey, title };
  }
}
