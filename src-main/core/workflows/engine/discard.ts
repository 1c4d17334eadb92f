import {
  ACTIVE_RUN_STATUSES,
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  type RunDetail,
  type RunStatus,
} from '../../../contract';
import { Redactor } from '../../redact';
import type { AuditRepo } from '../../store/audit-repo';
import type { RunSeen } from '../../store/runs-repo';
import type { WorkflowDefinition } from './definition';
import { leftBehind, type LeftBehind } from './discard-left';
import { fieldOf } from './params-field';
import { RunJournal, type JournalDeps } from './run-journal';
import { changedMeanwhile } from './changed-meanwhile';

export interface DiscardDeps extends JournalDeps {
  audit: AuditRepo;
}

export interface DiscardOptions {
  /** Give up a rollback that is still possible (the doors ask for it typed, or `--force`). */
  force?: boolean;
  /** Only say what a discard would do and leave: nothing changes. */
  dryRun?: boolean;
}

export interface Discarded extends LeftBehind {
  runId: string;
  /** The status the run had (a discard again after a failed delete: `discarded`). */
  was: RunStatus;
  /** The vault entries its seal made that are now deleted (a dry run: that would be). */
  deleted: string[];
  /** False for a dry run, and for a succeeded run (only its vault entry goes; it stays succeeded). */
  discarded: boolean;
}

/** A stopped run that may be discarded (again: a sealed entry that could not be deleted). */
const DISCARDABLE: readonly RunStatus[] = [
  'failed',
  'cancelled',
  'interrupted',
  'rolled-back',
  'discarded',
];

/** Why a run cannot be discarded, as the doors show it; undefined when it can. */
function refusal(run: RunDetail, going: boolean, liveEntry: boolean): OpsdeckError | undefined {
  const short = run.id.slice(0, 8);
  if (going || ACTIVE_RUN_STATUSES.includes(run.status))
    return new OpsdeckError(
      'CONFLICT',
      `Run ${short} (${run.title}) is still going: only a stopped run is discarded.`,
      `Cancel it first (\`opsdeck workflow cancel ${run.id}\`, or Cancel in its tab), then discard it.`,
    );
  if (run.status === 'succeeded' && !liveEntry)
    return new OpsdeckError(
      'CONFLICT',
      `Run ${short} (${run.title}) succeeded: only a failed, cancelled, interrupted or rolled-back run is discarded (or a succeeded one whose vault entry is still there).`,
      'A run that succeeded has nothing left to discard: the vault entries its start made are gone (deleted when it ended, or by a discard since). It stays in the history.',
    );
  if (run.status !== 'succeeded' && !DISCARDABLE.includes(run.status))
    return new OpsdeckError(
      'CONFLICT',
      `Run ${short} (${run.title}) is ${run.status}: only a failed, cancelled, interrupted or rolled-back run is discarded.`,
      'It stays in the history.',
    );
  return undefined;
}

/** A rollback is still possible and the caller did not say to give it up. */
function rollbackGivenUp(run: RunDetail, what: LeftBehind): OpsdeckError {
  const left = what.left.length ? ` Left as it is: ${what.left.join('; ')}.` : '';
  return new OpsdeckError(
    'CONFIRMATION_REQUIRED',
    `Run ${run.id.slice(0, 8)} (${run.title}) can still be rolled back: discarding gives up the rollback, which would undo ${what.wouldUndo.map((t) => `“${t}”`).join(', ')}.${left}`,
    `Roll it back first (\`opsdeck workflow rollback ${run.id}\`, or Roll back in its tab), then discard it. To give up the rollback anyway: \`opsdeck workflow discard ${run.id} --force\` (in the app, type the run id).`,
  );
}

/** The stored error keeps its code and message; its hint no longer offers a resume. */
const discardedError = (error: ErrorShape | undefined, was: RunStatus): ErrorShape => ({
  code: error?.code ?? 'CANCELLED',
  message: error?.message ?? `The run was ${was} when it was discarded.`,
  hint: 'Discarded: it will not be resumed or rolled back. Start a new run to do it again.',
});

/**
 * Discard a stopped run that will not be resumed. First what it leaves is worked out (changes
 * not undone, files left, what the workflow names — `leftBehind`); while a rollback is still
 * possible it is refused unless `force`. Then it is marked `discarded` (from then on it cannot
 * be resumed or rolled back; it stays in the history with its log, changes and audit), what
 * this process holds for it is released (the workflow's `onDiscard`), and the vault entries its
 * seal made (the user data of a restore-test launch) are deleted. A succeeded run whose entry
 * could not be deleted when it ended keeps its status: only the entry goes. Audited either way,
 * with what is left. A delete that fails leaves the run discarded and says so; discarding it
 * again deletes what is left.
 */
export async function discardRun(
  deps: DiscardDeps,
  def: WorkflowDefinition | undefined,
  run: RunDetail,
  /** The run's status and write counter as read with `run`: the discard claims on them. */
  seen: RunSeen,
  door: string,
  going: boolean,
  options: DiscardOptions = {},
): Promise<Discarded> {
  const field = def?.seal?.field;
  const ref = field ? fieldOf(run.params, field) || undefined : undefined;
  const live = ref !== undefined && (def?.seal?.exists?.(ref) ?? true);
  const refused = refusal(run, going, live && def?.seal?.exists !== undefined);
  if (refused) throw refused;
  const entryOnly = run.status === 'succeeded';
  const what = entryOnly ? { left: [], wouldUndo: [] } : leftBehind(def, run);
  const deleting = live && ref ? [ref] : [];
  const result = (deleted: string[], discarded: boolean): Discarded => ({
    runId: run.id,
    was: run.status,
    deleted,
    discarded,
    ...what,
  });
  if (options.dryRun) return result(deleting, false);
  if (what.wouldUndo.length && !options.force) throw rollbackGivenUp(run, what);

  const journal = new RunJournal(deps, run.id, new Redactor());
  const leftText = what.left.length ? `; left as it is: ${what.left.join('; ')}` : '';
  if (!entryOnly && run.status !== 'discarded') {
    // One conditional UPDATE: a resume or rollback by another core since the run was read wins.
    const marked = deps.runs.moveIf(run.id, seen, {
      status: 'discarded',
      at: journal.now(),
      error: journal.redactor.value(discardedError(run.error, run.status)),
    });
    if (!marked) throw changedMeanwhile(run, 'discarded');
    journal.emitRun();
    journal.log(
      `Discarded from the ${door} door (it was ${run.status}): it will not be resumed${what.wouldUndo.length ? ', and its rollback was given up' : ''}${leftText}.`,
      what.left.length ? 'warn' : 'info',
    );
    await release(def, run.id, journal);
  }
  const audit = (detail: string, outcome: 'ok' | 'failed') =>
    deps.audit.append({
      at: journal.now(),
      door,
      target: run.subject,
      action: 'workflows.discard',
      detail: `run ${run.id} (${run.workflow}, was ${run.status}): ${detail}${leftText}`,
      outcome,
      runId: run.id,
    });
  try {
    if (live && ref && def?.seal?.discard) await def.seal.discard(ref);
  } catch (err) {
    const e = toErrorShape(err);
    journal.log(`Its vault entry ${ref} could not be deleted: ${e.message}`, 'warn');
    audit(`vault entry ${ref} not deleted: ${e.message}`, 'failed');
    throw new OpsdeckError(
      e.code,
      `Run ${run.id.slice(0, 8)} ${entryOnly ? 'succeeded' : 'is discarded'}, but its vault entry ${ref} could not be deleted: ${e.message}`,
      `${e.hint ? `${e.hint} ` : ''}Then discard it again: only the entry is deleted then.`,
    );
  }
  if (live && ref)
    journal.log(
      `Its vault entry ${ref} (${field}) was deleted${entryOnly ? ' by a discard from the ' + door + ' door; the run stays succeeded' : ''}.`,
    );
  const entryText = !ref
    ? 'no vault entry'
    : live
      ? `vault entry ${ref} deleted`
      : `vault entry ${ref} already gone`;
  audit(entryOnly ? `${entryText}; the run stays succeeded` : entryText, 'ok');
  return result(deleting, !entryOnly);
}

/** The workflow's `onDiscard`: a failure is logged; the discard stands. */
async function release(def: WorkflowDefinition | undefined, runId: string, journal: RunJournal) {
  try {
    await def?.onDiscard?.(runId);
  } catch (err) {
    const e = toErrorShape(err);
    journal.log(`What this process held for the run could not be released: ${e.message}`, 'warn');
  }
}
