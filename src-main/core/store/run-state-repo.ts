import {
  RunOptions,
  type ErrorShape,
  type LeftFile,
  type Progress,
  type RunChange,
  type RunChild,
  type RunWaiting,
  type StepStatus,
} from '../../contract';
import type { Db } from './database';
import { prepared } from './statement-cache';

interface ChildRow {
  step_id: string;
  child_key: string;
  idx: number;
  title: string;
  status: StepStatus;
  started_at: string | null;
  finished_at: string | null;
  error_json: string | null;
  output_json: string | null;
  progress_json: string | null;
}

const child = (r: ChildRow): RunChild => ({
  key: r.child_key,
  title: r.title,
  status: r.status,
  ...(r.started_at ? { startedAt: r.started_at } : {}),
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  ...(r.error_json ? { error: JSON.parse(r.error_json) as ErrorShape } : {}),
  ...(r.progress_json ? { progress: JSON.parse(r.progress_json) as Progress } : {}),
});

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** A child as stored, with the output it produced (restored on resume). */
export interface StoredChild extends RunChild {
  output?: unknown;
}

/**
 * What the workflow engine keeps of a run besides its steps and log: the caller's options, what
 * it waits for, its journal (changes, files left on hosts), each step's attempt, typed output and
 * last progress, and the children of fan-out steps.
 */
export class RunStateRepo {
  constructor(private readonly db: Db) {}

  setOptions(runId: string, options: RunOptions): void {
    prepared(
      this.db,
      'UPDATE workflow_runs SET options_json = ?, version = version + 1 WHERE id = ?',
    ).run(json(options), runId);
  }

  options(runId: string): RunOptions {
    const row = prepared(this.db, 'SELECT options_json FROM workflow_runs WHERE id = ?').get(
      runId,
    ) as { options_json: string } | undefined;
    return RunOptions.parse(row ? JSON.parse(row.options_json) : {});
  }

  setWaiting(runId: string, waiting: RunWaiting | undefined, at: string): void {
    prepared(
      this.db,
      'UPDATE workflow_runs SET waiting_json = ?, updated_at = ?, version = version + 1 WHERE id = ?',
    ).run(json(waiting), at, runId);
  }

  addChange(runId: string, change: RunChange): void {
    prepared(
      this.db,
      "UPDATE workflow_runs SET changes_json = json_insert(changes_json, '$[#]', json(?)), version = version + 1 WHERE id = ?",
    ).run(JSON.stringify(change), runId);
  }

  changes(runId: string): RunChange[] {
    return this.column<RunChange[]>(runId, 'changes_json') ?? [];
  }

  setLeftFiles(runId: string, files: readonly LeftFile[]): void {
    prepared(
      this.db,
      'UPDATE workflow_runs SET left_files_json = ?, version = version + 1 WHERE id = ?',
    ).run(JSON.stringify(files), runId);
  }

  leftFiles(runId: string): LeftFile[] {
    return this.column<LeftFile[]>(runId, 'left_files_json') ?? [];
  }

  setAttempt(runId: string, stepId: string, attempt: number): void {
    prepared(this.db, 'UPDATE workflow_steps SET attempt = ? WHERE run_id = ? AND step_id = ?').run(
      attempt,
      runId,
      stepId,
    );
  }

  /** A step's output (already redacted); `undefined` forgets it (the step was undone). */
  setStepOutput(runId: string, stepId: string, output: unknown): void {
    prepared(
      this.db,
      'UPDATE workflow_steps SET output_json = ? WHERE run_id = ? AND step_id = ?',
    ).run(json(output), runId, stepId);
  }

  stepOutputs(runId: string): Map<string, unknown> {
    const rows = prepared(
      this.db,
      'SELECT step_id, output_json FROM workflow_steps WHERE run_id = ? AND output_json IS NOT NULL',
    ).all(runId) as { step_id: string; output_json: string }[];
    return new Map(rows.map((r) => [r.step_id, JSON.parse(r.output_json) as unknown]));
  }

  setStepProgress(runId: string, stepId: string, progress: Progress): void {
    prepared(
      this.db,
      'UPDATE workflow_steps SET progress_json = ? WHERE run_id = ? AND step_id = ?',
    ).run(JSON.stringify(progress), runId, stepId);
  }

  /** Insert or update a child's state; returns it as the contract shows it. */
  setChild(
    runId: string,
    stepId: string,
    c: {
      key: string;
      idx: number;
      title: string;
      status: StepStatus;
      at: string;
      error?: ErrorShape;
    },
  ): RunChild {
    const running = c.status === 'running' || c.status === 'undoing';
    const finished = running || c.status === 'pending' || c.status === 'waiting' ? null : c.at;
    prepared(
      this.db,
      `INSERT INTO workflow_children (run_id, step_id, child_key, idx, title, status, started_at, finished_at, error_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, step_id, child_key) DO UPDATE SET
           status = excluded.status,
           started_at = COALESCE(CASE WHEN ? THEN excluded.started_at END, started_at),
           finished_at = excluded.finished_at,
           error_json = excluded.error_json`,
    ).run(
      runId,
      stepId,
      c.key,
      c.idx,
      c.title,
      c.status,
      running ? c.at : null,
      finished,
      json(c.error),
      running ? 1 : 0,
    );
    return child(this.childRow(runId, stepId, c.key) as ChildRow);
  }

  setChildOutput(runId: string, stepId: string, key: string, output: unknown): void {
    prepared(
      this.db,
      'UPDATE workflow_children SET output_json = ? WHERE run_id = ? AND step_id = ? AND child_key = ?',
    ).run(json(output), runId, stepId, key);
  }

  setChildProgress(runId: string, stepId: string, key: string, progress: Progress): void {
    prepared(
      this.db,
      'UPDATE workflow_children SET progress_json = ? WHERE run_id = ? AND step_id = ? AND child_key = ?',
    ).run(JSON.stringify(progress), runId, stepId, key);
  }

  /** The children of one step (or of every step), in the order they were listed. */
  children(runId: string, stepId?: string): (StoredChild & { stepId: string })[] {
    const rows = (
      stepId === undefined
        ? prepared(
            this.db,
            'SELECT * FROM workflow_children WHERE run_id = ? ORDER BY step_id, idx',
          ).all(runId)
        : prepared(
            this.db,
            'SELECT * FROM workflow_children WHERE run_id = ? AND step_id = ? ORDER BY idx',
          ).all(runId, stepId)
    ) as ChildRow[];
    return rows.map((r) => ({
      ...child(r),
      stepId: r.step_id,
      ...(r.output_json !== null ? { output: JSON.parse(r.output_json) as unknown } : {}),
    }));
  }

  private childRow(runId: string, stepId: string, key: string): ChildRow | undefined {
    return prepared(
      this.db,
      'SELECT * FROM workflow_children WHERE run_id = ? AND step_id = ? AND child_key = ?',
    ).get(runId, stepId, key) as ChildRow | undefined;
  }

  private column<T>(runId: string, name: 'changes_json' | 'left_files_json'): T | undefined {
    const row = prepared(this.db, `SELECT ${name} AS v FROM workflow_runs WHERE id = ?`).get(
      runId,
    ) as { v: string } | undefined;
    return row ? (JSON.parse(row.v) as T) : undefined;
  }
}
