import type { RunDetail, RunStatus } from '../../../contract';
import { rollbackRefusal, TOUCHED } from './compensation';
import type { WorkflowDefinition } from './definition';

/** What a discard leaves as it is, and what a rollback (when still possible) would undo. */
export interface LeftBehind {
  /** In plain words: changes not undone, files left on hosts, what the workflow names. */
  left: string[];
  /** Titles of the steps a rollback would undo; empty when no rollback is possible. */
  wouldUndo: string[];
}

/** Statuses a rollback starts from (runner.rollback). */
const ROLLBACK_FROM: readonly RunStatus[] = ['failed', 'cancelled', 'interrupted'];

/**
 * What stays when `run` is discarded, read from its record the way a rollback decides what to
 * undo: every step that ran (or stopped part-way) and declares an undo, still not undone; the
 * files it left on hosts; and what the workflow itself names from the run's changes (an
 * instance launched and not confirmed terminated). A run of a workflow this core does not know
 * lists its files only.
 */
export function leftBehind(def: WorkflowDefinition | undefined, run: RunDetail): LeftBehind {
  const statuses = new Map(run.steps.map((s) => [s.id, s.status]));
  const notUndone = (def?.steps ?? []).filter(
    (s) => s.undo && TOUCHED.includes(statuses.get(s.id) ?? 'pending'),
  );
  const left = [
    ...notUndone.map((s) => `not undone: “${s.title}” (${statuses.get(s.id)})`),
    ...run.leftFiles.map(
      (f) => `file left on ${f.host}: ${f.path}${f.what ? ` (${f.what})` : ''}`,
    ),
    ...(def?.leftBehind?.(run.changes.map((c) => c.text)) ?? []),
  ];
  const rollback =
    def && ROLLBACK_FROM.includes(run.status) && !rollbackRefusal(def, statuses);
  return { left, wouldUndo: rollback ? notUndone.map((s) => s.title) : [] };
}
