import type {
  ErrorShape,
  ExecHostResult,
  ExecHostStatus,
  ExecRunDetail,
  ExecRunSummary,
  ExecSummary,
} from '../../contract';
import type { Db } from './database';

interface RunRow {
  id: string;
  command: string;
  door: string;
  parallel: number;
  timeout_sec: number;
  status: ExecRunSummary['status'];
  summary_json: string;
  rerun_of: string | null;
  created_at: string;
  finished_at: string | null;
}

interface HostRow {
  exec_id: string;
  idx: number;
  host_id: string;
  host_name: string;
  status: ExecHostStatus;
  exit_code: number | null;
  signal: string | null;
  duration_ms: number | null;
  stdout: string;
  stderr: string;
  truncated: number;
  error_json: string | null;
}

export interface NewExecRun {
  id: string;
  /** Redacted. */
  command: string;
  door: string;
  parallel: number;
  timeoutSec: number;
  rerunOf?: string;
  createdAt: string;
  hosts: { hostId: string; hostName: string }[];
  summary: ExecSummary;
}

const toSummary = (r: RunRow): ExecRunSummary => ({
  execId: r.id,
  command: r.command,
  door: r.door,
  parallel: r.parallel,
  timeoutSec: r.timeout_sec,
  status: r.status,
  summary: JSON.parse(r.summary_json) as ExecSummary,
  ...(r.rerun_of ? { rerunOf: r.rerun_of } : {}),
  createdAt: r.created_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
});

const toHost = (h: HostRow): ExecHostResult => ({
  hostId: h.host_id,
  hostName: h.host_name,
  status: h.status,
  exitCode: h.exit_code,
  ...(h.signal ? { signal: h.signal } : {}),
  durationMs: h.duration_ms,
  stdout: h.stdout,
  stderr: h.stderr,
  truncated: h.truncated === 1,
  ...(h.error_json ? { error: JSON.parse(h.error_json) as ErrorShape } : {}),
});

/** Cluster exec history: one row per run, one per host (output capped and redacted by the caller). */
export class ExecRepo {
  constructor(private readonly db: Db) {}

  create(run: NewExecRun): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO exec_runs (id, command, door, parallel, timeout_sec, status, summary_json,
             rerun_of, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
        )
        .run(
          run.id,
          run.command,
          run.door,
          run.parallel,
          run.timeoutSec,
          JSON.stringify(run.summary),
          run.rerunOf ?? null,
          run.createdAt,
        );
      const host = this.db.prepare(
        `INSERT INTO exec_hosts (exec_id, idx, host_id, host_name, status) VALUES (?, ?, ?, ?, 'pending')`,
      );
      run.hosts.forEach((h, i) => host.run(run.id, i, h.hostId, h.hostName));
    })();
  }

  setHostStatus(execId: string, idx: number, status: ExecHostStatus): void {
    this.db
      .prepare('UPDATE exec_hosts SET status = ? WHERE exec_id = ? AND idx = ?')
      .run(status, execId, idx);
  }

  finishHost(execId: string, idx: number, result: ExecHostResult): void {
    this.db
      .prepare(
        `UPDATE exec_hosts SET status = ?, exit_code = ?, signal = ?, duration_ms = ?, stdout = ?,
           stderr = ?, truncated = ?, error_json = ? WHERE exec_id = ? AND idx = ?`,
      )
      .run(
        result.status,
        result.exitCode,
        result.signal ?? null,
        result.durationMs,
        result.stdout,
        result.stderr,
        result.truncated ? 1 : 0,
        result.error ? JSON.stringify(result.error) : null,
        execId,
        idx,
      );
  }

  finish(execId: string, status: ExecRunSummary['status'], summary: ExecSummary, at: string): void {
    this.db
      .prepare('UPDATE exec_runs SET status = ?, summary_json = ?, finished_at = ? WHERE id = ?')
      .run(status, JSON.stringify(summary), at, execId);
  }

  recent(limit: number): ExecRunSummary[] {
    const rows = this.db
      .prepare('SELECT * FROM exec_runs ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as RunRow[];
    return rows.map(toSummary);
  }

  get(execId: string): ExecRunDetail | undefined {
    const run = this.db.prepare('SELECT * FROM exec_runs WHERE id = ?').get(execId) as
      RunRow | undefined;
    if (!run) return undefined;
    const hosts = this.db
      .prepare('SELECT * FROM exec_hosts WHERE exec_id = ? ORDER BY idx')
      .all(execId) as HostRow[];
    return { ...toSummary(run), hosts: hosts.map(toHost) };
  }

  /** Runs left `running` by a process that died: mark them (and their unfinished hosts) interrupted. */
  markInterrupted(at: string): number {
    return this.db.transaction(() => {
      const ids = (
        this.db.prepare("SELECT id FROM exec_runs WHERE status = 'running'").all() as {
          id: string;
        }[]
      ).map((r) => r.id);
      for (const id of ids) {
        this.db
          .prepare(
            "UPDATE exec_hosts SET status = 'cancelled' WHERE exec_id = ? AND status IN ('pending','running')",
          )
          .run(id);
        this.db
          .prepare("UPDATE exec_runs SET status = 'interrupted', finished_at = ? WHERE id = ?")
          .run(at, id);
      }
      return ids.length;
    })();
  }
}
