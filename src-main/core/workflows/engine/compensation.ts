import { OpsdeckError, toErrorShape, type ErrorShape, type StepStatus } from '../../../contract';
import { cancelledError } from '../../common/cancel';
import type { Step, WorkflowDefinition } from './definition';
import type { RunJournal } from './run-journal';
import type { RunOutputs } from './outputs';
import type { ContextFactory } from './step-context';
import { AttemptTimer } from './step-policy';

/** Index of the workflow's point of no return, or -1. */
export const pointOfNoReturn = (def: WorkflowDefinition): number =>
  def.steps.findIndex((s) => s.pointOfNoReturn);

/** Steps whose effect may be in place: they ran (done), or failed / were cancelled part-way. */
export const TOUCHED: readonly StepStatus[] = ['done', 'failed', 'cancelled', 'undo-failed'];

export type RollbackOutcome =
  { ok: true; undone: string[]; kept: string[] } | { ok: false; error: ErrorShape };

/**
 * Roll back: from step `from` down to the first, every step that ran and declares an undo has
 * it run (its output forgotten, its status `undone`); steps without one are named as kept. The
 * first undo that fails stops the rollback and says what is still in place. Never crosses the
 * point of no return (the caller checks).
 */
export async function rollBack(o: {
  def: WorkflowDefinition;
  from: number;
  statuses: ReadonlyMap<string, StepStatus>;
  journal: RunJournal;
  factory: ContextFactory;
  outputs: RunOutputs;
  forgetOutput(stepId: string): void;
  signal: AbortSignal;
}): Promise<RollbackOutcome> {
  const undone: string[] = [];
  const kept: string[] = [];
  for (let i = o.from; i >= 0; i--) {
    const step = o.def.steps[i] as Step<unknown>;
    const status = o.statuses.get(step.id) ?? 'pending';
    if (!TOUCHED.includes(status)) continue;
    if (!step.undo) {
      if (status === 'done') {
        kept.push(step.title);
        o.journal.log(`“${step.title}” has no undo: what it did stays.`, 'warn', {
          stepId: step.id,
        });
      }
      continue;
    }
    o.journal.step(step.id, 'undoing');
    o.journal.log(`Undoing “${step.title}”…`, 'warn', { stepId: step.id });
    const timer = new AttemptTimer(
      step.timeoutMs,
      () =>
        new OpsdeckError(
          'TIMEOUT',
          `The undo of “${step.title}” took longer than its limit.`,
          'Check the target by hand.',
        ),
    );
    try {
      if (o.signal.aborted) throw cancelledError('The rollback');
      const ctx = o.factory.step(
        step,
        { n: 1, signal: AbortSignal.any([o.signal, timer.signal]), timer },
        'undo',
      );
      await Promise.race([step.undo(ctx), timer.expired]);
      o.outputs.delete(step.id);
      o.forgetOutput(step.id);
      o.journal.step(step.id, 'undone');
      undone.push(step.title);
    } catch (err) {
      const e = toErrorShape(o.signal.aborted ? cancelledError('The rollback') : err);
      o.journal.step(step.id, 'undo-failed', e);
      o.journal.log(`Undo of “${step.title}” failed: ${e.message}`, 'error', { stepId: step.id });
      const still = stillInPlace(o.def, i, o.statuses);
      return {
        ok: false,
        error: {
          code: e.code,
          message: `Rolling back stopped at “${step.title}”: ${e.message}`,
          hint: `${e.hint} Still in place: ${still.length ? still.join(', ') : 'nothing else'}${undone.length ? `; rolled back: ${undone.join(', ')}` : ''}.`,
        },
      };
    } finally {
      timer.clear();
    }
  }
  return { ok: true, undone, kept };
}

/** Titles of the steps at or before `i` whose effect may still be there. */
function stillInPlace(
  def: WorkflowDefinition,
  i: number,
  statuses: ReadonlyMap<string, StepStatus>,
): string[] {
  return def.steps
    .slice(0, i + 1)
    .filter((s) => TOUCHED.includes(statuses.get(s.id) ?? 'pending'))
    .map((s) => `“${s.title}”`);
}

/** A manual rollback is possible: nothing at or past the point of no return ran, and some undo exists. */
export function rollbackRefusal(
  def: WorkflowDefinition,
  statuses: ReadonlyMap<string, StepStatus>,
): OpsdeckError | undefined {
  const ponr = pointOfNoReturn(def);
  const ran = def.steps.filter((s) => TOUCHED.includes(statuses.get(s.id) ?? 'pending'));
  const past = ponr >= 0 ? ran.find((s) => def.steps.indexOf(s) >= ponr) : undefined;
  if (past)
    return new OpsdeckError(
      'WORKFLOW_NO_ROLLBACK',
      `This run passed its point of no return (“${(def.steps[ponr] as Step<unknown>).title}”): it cannot be rolled back.`,
      past.manual ??
        'Put things right by hand (the log and the audit list every change), or resume it.',
    );
  if (!ran.some((s) => s.undo))
    return new OpsdeckError(
      'WORKFLOW_NO_ROLLBACK',
      'Nothing to roll back: no step this run ran has an undo.',
      'Resume it, or put things right by hand (the audit lists every change).',
    );
  return undefined;
}
