import type {
  ErrorShape,
  LogLine,
  Progress,
  RunDetail,
  RunStatus,
  RunStep,
  RunSummary,
  RunWaiting,
  StepStatus,
} from '../../contract';
import type { Db } from './database';
import { prepared } from './statement-cache';

interface RunRow {
  id: string;
  workflow: string;
  title: string;
  subject: string;
  door: string;
  params_json: string;
  status: RunStatus;
  output_json: string;
  error_json: string | null;
  waiting_json: string | null;
  created_at: string;
  updated_at: string;
  owner_id: string | null;
  owner_label: string | null;
  heartbeat_at: number | null;
  version: number;
}
interface StepRow {
  run_id: string;
  idx: number;
  step_id: string;
  title: string;
  status: StepStatus;
  started_at: string | null;
  finished_at: string | null;
  error_json: string | null;
  attempt: number;
  output_json: string | null;
  progress_json: string | null;
}

const parseError = (json: string | null): { error?: ErrorShape } =>
  json ? { error: JSON.parse(json) as ErrorShape } : {};

const summary = (r: RunRow): RunSummary => ({
  id: r.id,
  workflow: r.workflow,
  title: r.title,
  status: r.status,
  subject: r.subject,
  door: r.door,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  ...(r.owner_id
    ? {
        owner: {
          id: r.owner_id,
          label: r.owner_label ?? r.owner_id,
          ...(r.heartbeat_at ? { heartbeatAt: new Date(r.heartbeat_at).toISOString() } : {}),
        },
      }
    : {}),
  ...parseError(r.error_json),
  ...(r.waiting_json ? { waiting: JSON.parse(r.waiting_json) as RunWaiting } : {}),
});

const step = (s: StepRow): RunStep => ({
  id: s.step_id,
  title: s.title,
  status: s.status,
  ...(s.started_at ? { startedAt: s.started_at } : {}),
  ...(s.finished_at ? { finishedAt: s.finished_at } : {}),
  ...parseError(s.error_json),
  ...(s.attempt > 1 ? { attempt: s.attempt } : {}),
  ...(s.progress_json ? { progress: JSON.parse(s.progress_json) as Progress } : {}),
});

/** What this repository knows of a run; the engine adds its definition's part (locks, options…). */
export type StoredRunDetail = Omit<
  RunDetail,
  'changes' | 'leftFiles' | 'locks' | 'options' | 'pointOfNoReturn' | 'rollback'
> & {
  /** The run's write counter as read with it (see `RunSeen`); not part of the contract. */
  version: number;
};

export interface NewRun {
  id: string;
  workflow: string;
  title: string;
  subject: string;
  door: string;
  params: Record<string, unknown>;
  steps: { id: string; title: string }[];
  at: string;
  /** The core that runs it (its lease owner id), when the runner knows it. */
  owner?: RunOwner;
}

/**
 * A run as a core read it: `moveIf` changes it only while it is still so. `version` is the run's
 * write counter (every write to the run adds one), never a time: two writes in the same
 * millisecond share an updated_at, never a version.
 */
export interface RunSeen {
  status: RunStatus;
  version: number;
}

/** The core running a run: the lease owner id and a label people can read. */
export interface RunOwner {
  id: string;
  label: string;
}

/** The error of a step that was going when its core stopped (the run is interrupted). */
export const STOPPED_IN_STEP: ErrorShape = {
  code: 'WORKFLOW_STEP_FAILED',
  message: 'Opsdeck stopped while this step was running.',
  hint: 'Check the target, then resume the run: the step is checked before it runs again.',
};

/** Run statuses during which a core is working on the run (its owner must be alive). */
const ACTIVE = "('running','waiting','compensating')";

/** Persistence of workflow runs: enough to show where a crashed run stopped and resume it. */
export class RunsRepo {
  constructor(private readonly db: Db) {}

  /** Several writes as one (BEGIN IMMEDIATE: another process waits rather than interleaves). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  create(run: NewRun): void {
    this.db.transaction(() => {
      prepared(
        this.db,
        `INSERT INTO workflow_runs (id, workflow, title, subject, door, params_json, status, created_at, updated_at,
             owner_id, owner_label, heartbeat_at)
           VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      ).run(
        run.id,
        run.workflow,
        run.title,
        run.subject,
        run.door,
        JSON.stringify(run.params),
        run.at,
        run.at,
        run.owner?.id ?? null,
        run.owner?.label ?? null,
        run.owner ? Date.parse(run.at) : null,
      );
      const insert = prepared(
        this.db,
        `INSERT INTO workflow_steps (run_id, idx, step_id, title, status) VALUES (?, ?, ?, ?, 'pending')`,
      );
      run.steps.forEach((s, idx) => insert.run(run.id, idx, s.id, s.title));
    })();
  }

  setStatus(runId: string, status: RunStatus, at: string, error?: ErrorShape): void {
    prepared(
      this.db,
      'UPDATE workflow_runs SET status = ?, error_json = ?, updated_at = ?, version = version + 1 WHERE id = ?',
    ).run(status, error ? JSON.stringify(error) : null, at, runId);
  }

  setStep(
    runId: string,
    stepId: string,
    status: StepStatus,
    at: string,
    error?: ErrorShape,
  ): RunStep {
    const started = status === 'running' ? at : null;
    // Still going while it waits at a gate or its undo runs.
    const going: StepStatus[] = ['running', 'pending', 'waiting', 'undoing'];
    const finished = going.includes(status) ? null : at;
    prepared(
      this.db,
      `UPDATE workflow_steps SET status = ?, error_json = ?,
           started_at = COALESCE(?, CASE WHEN ? = 'pending' THEN NULL ELSE started_at END),
           finished_at = ?
         WHERE run_id = ? AND step_id = ?`,
    ).run(status, error ? JSON.stringify(error) : null, started, status, finished, runId, stepId);
    const row = prepared(
      this.db,
      'SELECT * FROM workflow_steps WHERE run_id = ? AND step_id = ?',
    ).get(runId, stepId) as StepRow;
    return step(row);
  }

  appendLog(runId: string, line: Omit<LogLine, 'seq'>): LogLine {
    const next = prepared(
      this.db,
      'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM workflow_logs WHERE run_id = ?',
    ).get(runId) as { seq: number };
    prepared(
      this.db,
      'INSERT INTO workflow_logs (run_id, seq, at, step_id, child_key, level, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      runId,
      next.seq,
      line.at,
      line.stepId ?? null,
      line.childKey ?? null,
      line.level,
      line.text,
    );
    return { seq: next.seq, ...line };
  }

  summary(runId: string): RunSummary | undefined {
    const row = prepared(this.db, 'SELECT * FROM workflow_runs WHERE id = ?').get(runId) as
      RunRow | undefined;
    return row && summary(row);
  }

  detail(runId: string): StoredRunDetail | undefined {
    const row = prepared(this.db, 'SELECT * FROM workflow_runs WHERE id = ?').get(runId) as
      RunRow | undefined;
    if (!row) return undefined;
    const steps = prepared(
      this.db,
      'SELECT * FROM workflow_steps WHERE run_id = ? ORDER BY idx',
    ).all(runId) as StepRow[];
    const logs = prepared(
      this.db,
      'SELECT seq, at, step_id, child_key, level, text FROM workflow_logs WHERE run_id = ? ORDER BY seq',
    ).all(runId) as {
      seq: number;
      at: string;
      step_id: string | null;
      child_key: string | null;
      level: LogLine['level'];
      text: string;
    }[];
    // Each step's typed output by step id; runs from before typed outputs kept one shared bag.
    const outputs = Object.fromEntries(
      steps
        .filter((s) => s.output_json !== null)
        .map((s) => [s.step_id, JSON.parse(s.output_json as string) as unknown]),
    );
    return {
      ...summary(row),
      version: row.version,
      params: JSON.parse(row.params_json) as Record<string, unknown>,
      output: { ...(JSON.parse(row.output_json) as Record<string, unknown>), ...outputs },
      steps: steps.map(step),
      logs: logs.map((l) => ({
        seq: l.seq,
        at: l.at,
        level: l.level,
        text: l.text,
        ...(l.step_id ? { stepId: l.step_id } : {}),
        ...(l.child_key ? { childKey: l.child_key } : {}),
      })),
    };
  }

  recent(limit: number): RunSummary[] {
    const rows = prepared(
      this.db,
      'SELECT * FROM workflow_runs ORDER BY created_at DESC, rowid DESC LIMIT ?',
    ).all(limit) as RunRow[];
    return rows.map(summary);
  }

  /**
   * Compare-and-set of a stopped run's status, in one UPDATE: the run moves to `to.status` only
   * while it is still as `seen` (same status, same write counter: no write since it was read). Two cores on one
   * store (a window's and a CLI's) that read the same stopped run cannot both act on it: the
   * second finds 0 rows changed and gets false. With `to.owner` this core takes the run over
   * (resume, rollback): it is the run's owner from now on.
   */
  moveIf(
    runId: string,
    seen: RunSeen,
    to: { status: RunStatus; at: string; error?: ErrorShape; owner?: RunOwner },
  ): boolean {
    const owner = to.owner;
    return (
      prepared(
        this.db,
        `UPDATE workflow_runs SET status = ?, error_json = ?, updated_at = ?,
             owner_id = COALESCE(?, owner_id), owner_label = COALESCE(?, owner_label),
             heartbeat_at = COALESCE(?, heartbeat_at), version = version + 1
           WHERE id = ? AND status = ? AND version = ?`,
      ).run(
        to.status,
        to.error ? JSON.stringify(to.error) : null,
        to.at,
        owner?.id ?? null,
        owner?.label ?? null,
        owner ? Date.parse(to.at) : null,
        runId,
        seen.status,
        seen.version,
      ).changes === 1
    );
  }

  /** The owner's heartbeat on every run it is working on. */
  heartbeat(ownerId: string, now: number): void {
    prepared(
      this.db,
      `UPDATE workflow_runs SET heartbeat_at = ?, version = version + 1 WHERE owner_id = ? AND status IN ${ACTIVE}`,
    ).run(now, ownerId);
  }

  /**
   * After a crash: runs left going (running, at a gate or queued, rolling back) by a core that is
   * gone are marked interrupted (resumable), their steps and children too, and the locks they held
   * are released. Only the lease holder calls this, so every active run not owned by
   * `liveOwnerId` has an owner that is gone; the live owner's runs are never touched.
   */
  markInterrupted(at: string, liveOwnerId: string): string[] {
    const stopped = JSON.stringify(STOPPED_IN_STEP);
    return this.db.transaction(() => {
      const ids = (
        prepared(
          this.db,
          `SELECT id FROM workflow_runs WHERE status IN ${ACTIVE} AND (owner_id IS NULL OR owner_id != ?)`,
        ).all(liveOwnerId) as { id: string }[]
      ).map((r) => r.id);
      for (const id of ids) {
        prepared(
          this.db,
          "UPDATE workflow_runs SET status = 'interrupted', waiting_json = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
        ).run(at, id);
        for (const table of ['workflow_steps', 'workflow_children'])
          prepared(
            this.db,
            `UPDATE ${table} SET status = 'failed', finished_at = ?, error_json = ? WHERE run_id = ? AND status IN ('running', 'waiting', 'undoing')`,
          ).run(at, stopped, id);
        prepared(this.db, 'DELETE FROM workflow_locks WHERE run_id = ?').run(id);
      }
      return ids;
    })();
  }
}
