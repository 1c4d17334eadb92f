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
import type { WorkflowDefinition } from './definition';
import { RunJournal, type JournalDeps } from './run-journal';

export interface DiscardDeps extends JournalDeps {
  audit: AuditRepo;
}

export interface Discarded {
  runId: string;
  /** The status the run had (a discard again after a failed delete: `discarded`). */
  was: RunStatus;
  /** The vault entries its seal made that are now deleted. */
  deleted: string[];
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
function refusal(run: RunDetail, going: boolean): OpsdeckError | undefined {
  const short = run.id.slice(0, 8);
  if (going || ACTIVE_RUN_STATUSES.includes(run.status))
    return new OpsdeckError(
      'CONFLICT',
      `Run ${short} (${run.title}) is still going: only a stopped run is discarded.`,
      `Cancel it first (\`opsdeck workflow cancel ${run.id}\`, or Cancel in its tab), then discard it.`,
    );
  if (!DISCARDABLE.includes(run.status))
    return new OpsdeckError(
      'CONFLICT',
      `Run ${short} (${run.title}) ${run.status === 'succeeded' ? 'succeeded' : `is ${run.status}`}: only a failed, cancelled, interrupted or rolled-back run is discarded.`,
      'A run that succeeded has nothing left to discard (its vault entries went when it ended); it stays in the history.',
    );
  return undefined;
}

/** The stored error keeps its code and message; its hint no longer offers a resume. */
const discardedError = (error: ErrorShape | undefined, was: RunStatus): ErrorShape => ({
  code: error?.code ?? 'CANCELLED',
  message: error?.message ?? `The run was ${was} when it was discarded.`,
  hint: 'Discarded: it will not be resumed or rolled back. Start a new run to do it again.',
});

/**
 * Discard a stopped run that will not be resumed: it is marked `discarded` first (from then on
 * it cannot be resumed or rolled back; it stays in the history with its log, changes and audit),
 * then the vault entries its seal made (the user data of a restore-test launch) are deleted.
 * Audited either way. A delete that fails leaves the run discarded and says so; discarding it
 * again deletes what is left.
 */
export async function discardRun(
  deps: DiscardDeps,
  def: WorkflowDefinition | undefined,
  run: RunDetail,
  door: string,
  going: boolean,
): Promise<Discarded> {
  const refused = refusal(run, going);
  if (refused) throw refused;
  const journal = new RunJournal(deps, run.id, new Redactor());
  if (run.status !== 'discarded') {
    journal.log(`Discarded from the ${door} door (it was ${run.status}): it will not be resumed.`);
    journal.status('discarded', discardedError(run.error, run.status));
  }
  const field = def?.seal?.field;
  const value = field ? (run.params as Record<string, unknown>)[field] : undefined;
  const ref = typeof value === 'string' && value ? value : undefined;
  const audit = (detail: string, outcome: 'ok' | 'failed') =>
    deps.audit.append({
      at: journal.now(),
      door,
      target: run.subject,
      action: 'workflows.discard',
      detail: `run ${run.id} (${run.workflow}, was ${run.status}): ${detail}`,
      outcome,
      runId: run.id,
    });
  try {
    if (ref && def?.seal?.discard) await def.seal.discard(ref);
  } catch (err) {
    const e = toErrorShape(err);
    journal.log(`Its vault entry ${ref} could not be deleted: ${e.message}`, 'warn');
    audit(`vault entry ${ref} not deleted: ${e.message}`, 'failed');
    throw new OpsdeckError(
      e.code,
      `Run ${run.id.slice(0, 8)} is discarded, but its vault entry ${ref} could not be deleted: ${e.message}`,
      `${e.hint ? `${e.hint} ` : ''}Then discard it again: only the entry is deleted then.`,
    );
  }
  if (ref) journal.log(`Its vault entry ${ref} (${field}) was deleted.`);
  audit(ref ? `vault entry ${ref} deleted` : 'no vault entry', 'ok');
  return { runId: run.id, was: run.status, deleted: ref ? [ref] : [] };
}
