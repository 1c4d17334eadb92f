import {
  OpsdeckError,
  describeHolder,
  formatDuration,
  toErrorShape,
  type ErrorShape,
  type LockRequest,
  type RunOptions,
  type RunStatus,
  type StepStatus,
} from '../../../contract';
import { cancelledError, isCancelled } from '../../common/cancel';
import type { PromptService } from '../../prompts/prompt-service';
import type { Redactor } from '../../redact';
import type { RunStateRepo } from '../../store/run-state-repo';
import { pointOfNoReturn, rollBack } from './compensation';
import type { Step, WorkflowDefinition } from './definition';
import type { EffectDeps } from './effects';
import { ExecutionSink } from './execution-sink';
import { Gates, pauseGate } from './gates';
import type { LockManager } from './locks';
import { RunOutputs } from './outputs';
import { RunJournal, type JournalDeps } from './run-journal';
import type { RunScope } from './scope';
import { ContextFactory } from './step-context';
import { runWithPolicy } from './step-policy';

export interface ExecutionDeps extends EffectDeps, JournalDeps {
  state: RunStateRepo;
  prompts: PromptService;
  locks: LockManager;
}

const FINISHED: readonly StepStatus[] = ['done', 'skipped'];

interface Failure {
  index: number;
  error: ErrorShape;
  cancelled: boolean;
}

/**
 * One launch of one run: take its locks (queued or refused), run its steps in order under their
 * policies, and on failure roll back (automatic rollback, up to the point of no return) or stop
 * where it failed. Every end state releases the locks. `rollbackOnly` runs only the rollback.
 */
export class RunExecution {
  private readonly controller = new AbortController();
  private readonly journal: RunJournal;
  private readonly sink: ExecutionSink;
  private readonly gates: Gates;
  private readonly factory: ContextFactory;
  private readonly outputs: RunOutputs;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly o: {
      def: WorkflowDefinition;
      runId: string;
      params: unknown;
      door: string;
      options: RunOptions;
      locks: readonly LockRequest[];
      redactor: Redactor;
      runLabel: string;
      rollbackOnly?: boolean;
    },
  ) {
    this.journal = new RunJournal(deps, o.runId, o.redactor);
    this.sink = new ExecutionSink(this.journal, deps.state, deps.clock);
    this.gates = new Gates({
      journal: this.journal,
      prompts: deps.prompts,
      runLabel: o.runLabel,
      approveInAdvance: o.options.approveGates,
      mark: (where, waiting) => this.sink.mark(where, waiting),
    });
    this.sink.gates = this.gates;
    this.outputs = new RunOutputs(
      deps.state.stepOutputs(o.runId),
      new Map(o.def.steps.map((s) => [s.id, s.output])),
    );
    const scope: RunScope = {
      def: o.def,
      params: o.params,
      runId: o.runId,
      door: o.door,
      dryRun: false,
      redactor: o.redactor,
      outputs: this.outputs,
      sink: this.sink,
    };
    this.factory = new ContextFactory(deps, scope);
  }

  async execute(): Promise<void> {
    try {
      await this.takeLocks();
      if (this.o.rollbackOnly) return await this.rollBackNow(undefined);
      const failure = await this.runSteps();
      if (!failure) {
        await this.o.def.onSuccess?.(this.o.params, this.outputs);
        return this.finish('succeeded');
      }
      await this.afterFailure(failure);
    } catch (err) {
      const cancelled = this.controller.signal.aborted || isCancelled(err);
      this.finish(
        cancelled ? 'cancelled' : 'failed',
        cancelled ? cancelledError() : toErrorShape(err),
      );
    } finally {
      this.deps.locks.release(this.o.runId);
    }
  }

  /** Queue behind other runs until every lock is free (start() already took them when it could). */
  private async takeLocks(): Promise<void> {
    const { locks } = this.o;
    if (!locks.length) return;
    if (this.deps.locks.tryAcquire(this.o.runId, locks).ok) return;
    await this.deps.locks.waitFor(this.o.runId, locks, this.controller.signal, (heldBy) => {
      this.journal.waiting({ kind: 'lock', heldBy });
      this.journal.status('waiting');
      this.journal.log(`Waiting: ${heldBy.map(describeHolder).join('; ')}.`, 'warn');
    });
    this.journal.waiting(undefined);
    this.journal.status('running');
    this.journal.log(`Locks taken: ${locks.map((l) => `${l.kind} ${l.label}`).join(', ')}.`);
  }

  private statuses(): Map<string, StepStatus> {
    const detail = this.deps.runs.detail(this.o.runId);
    return new Map((detail?.steps ?? []).map((s) => [s.id, s.status]));
  }

  private async runSteps(): Promise<Failure | undefined> {
    const statuses = this.statuses();
    const signal = this.controller.signal;
    for (const [index, step] of (this.o.def.steps as Step<unknown>[]).entries()) {
      if (FINISHED.includes(statuses.get(step.id) ?? 'pending')) continue;
      const where = { stepId: step.id };
      try {
        if (this.o.options.pauseBefore.includes(step.id)) {
          this.journal.step(step.id, 'running');
          await this.gates.wait(where, pauseGate(step.title), signal, undefined, true);
        }
        await runWithPolicy({
          title: step.title,
          timeoutMs: step.timeoutMs,
          retry: step.retry,
          signal,
          attempt: (a) => this.attempt(step, a),
          onRetry: (n, of, e, pause) =>
            this.journal.log(
              `Attempt ${n} of ${of} failed: ${e.message} — trying again in ${formatDuration(pause)}.`,
              'warn',
              where,
            ),
        });
      } catch (err) {
        this.sink.flushProgress();
        const cancelled = signal.aborted;
        const error = cancelled ? toErrorShape(cancelledError()) : toErrorShape(err);
        this.journal.step(step.id, cancelled ? 'cancelled' : 'failed', error);
        this.journal.log(`${error.message} — ${error.hint}`, 'error', where);
        return { index, error: this.journal.redactor.value(error), cancelled };
      }
    }
    return undefined;
  }

  private async attempt(
    step: Step<unknown>,
    a: Parameters<Parameters<typeof runWithPolicy>[0]['attempt']>[0],
  ): Promise<void> {
    this.journal.attempt(step.id, a.n);
    this.journal.step(step.id, 'running');
    const ctx = this.factory.step(step, a);
    if (step.requested && !step.requested(this.o.params)) {
      ctx.log('Not requested; skipped.');
      this.journal.step(step.id, 'skipped');
      return;
    }
    if (step.check && (await step.check(ctx))) {
      ctx.log('Already done; skipping.');
      this.journal.step(step.id, 'skipped');
      return;
    }
    const output = await step.run(ctx);
    if (output !== undefined || step.output)
      this.outputs.set(step.id, this.sink.output({ stepId: step.id }, checked(step, output)));
    if (step.verify) await step.verify(ctx);
    this.sink.flushProgress();
    this.journal.step(step.id, 'done');
  }

  private async afterFailure(f: Failure): Promise<void> {
    const { def } = this.o;
    const ponr = pointOfNoReturn(def);
    const step = def.steps[f.index] as Step<unknown>;
    const status: RunStatus = f.cancelled ? 'cancelled' : 'failed';
    if (ponr >= 0 && f.index >= ponr) {
      // Past the point of no return: only the failed step's own undo (automatic), nothing before.
      if (def.rollback === 'automatic' && step.undo && !(await this.rollBack(f.index, f.index)))
        return;
      const ponrTitle = (def.steps[ponr] as Step<unknown>).title;
      return this.finish(status, {
        code: f.error.code,
        message: `${f.error.message} The run is past its point of no return (“${ponrTitle}”): nothing before this step was rolled back.`,
        hint: step.manual ? `${step.manual} ${f.error.hint}` : f.error.hint,
      });
    }
    if (def.rollback === 'automatic') return this.rollBackNow(f);
    this.finish(status, f.error);
  }

  /** Roll back from the last step that ran (or the failed one) to the first. */
  private async rollBackNow(f: Failure | undefined): Promise<void> {
    const statuses = this.statuses();
    const from =
      f?.index ??
      Math.max(
        ...this.o.def.steps.map((s, i) =>
          ['done', 'failed', 'cancelled', 'undo-failed'].includes(statuses.get(s.id) ?? '')
            ? i
            : -1,
        ),
      );
    const outcome = await this.rollBack(from, 0, f?.error);
    if (!outcome) return;
    const why = f?.error;
    const undone = outcome.undone.length
      ? outcome.undone.map((t) => `“${t}”`).join(', ')
      : 'nothing';
    const kept = outcome.kept.length
      ? ` Kept (no undo): ${outcome.kept.map((t) => `“${t}”`).join(', ')}.`
      : '';
    this.finish('rolled-back', {
      code: why?.code ?? 'CANCELLED',
      message: why ? why.message : 'Rolled back on request.',
      hint: `Rolled back: ${undone}.${kept} ${why ? `${why.hint} ` : ''}Resume runs the undone steps again.`,
    });
  }

  /**
   * Run the undos from step `from` down to step `to` under their own signal (the run's may be
   * aborted already: a cancel is what started this); on a failed undo, finish the run failed and
   * return undefined.
   */
  private async rollBack(from: number, to: number, cause?: ErrorShape) {
    const undoing = (this.undoing = new AbortController());
    this.gates.base = 'compensating';
    this.journal.status('compensating', cause);
    const outcome = await rollBack({
      def: { ...this.o.def, steps: this.o.def.steps.slice(to) },
      from: from - to,
      statuses: this.statuses(),
      journal: this.journal,
      factory: this.factory,
      outputs: this.outputs,
      forgetOutput: (id) => this.deps.state.setStepOutput(this.o.runId, id, undefined),
      signal: undoing.signal,
    });
    this.gates.base = 'running';
    if (outcome.ok) return outcome;
    this.finish(undoing.signal.aborted ? 'cancelled' : 'failed', outcome.error);
    return undefined;
  }

  /** Set once a rollback runs: a cancel from then on stops the rollback. */
  private undoing: AbortController | undefined;

  /** Cancel the run — or, once it is rolling back, the rollback. */
  stop(): void {
    if (this.undoing) this.undoing.abort();
    else this.controller.abort();
  }

  private finish(status: RunStatus, error?: ErrorShape): void {
    this.sink.flushProgress();
    this.journal.waiting(undefined);
    this.journal.status(status, error);
  }
}

/** A step's output against its schema: a mismatch is a bug in the workflow, said as such. */
function checked(step: Step<unknown>, output: unknown): unknown {
  if (!step.output) return output;
  const parsed = step.output.safeParse(output);
  if (parsed.success) return parsed.data;
  throw new OpsdeckError(
    'INTERNAL',
    `Step “${step.title}” produced an output that does not fit its schema: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
    'This is a bug in the workflow; report it with the run.',
  );
}
