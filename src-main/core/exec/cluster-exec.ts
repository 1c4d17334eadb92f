import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  OpsdeckError,
  type ExecEvent,
  type ExecHostResult,
  type ExecHostStatus,
  type ExecRunDetail,
  type ExecRunSummary,
  type Host,
} from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { HostService } from '../inventory/host-service';
import { MASK, Redactor } from '../redact';
import type { SshPool } from '../ssh';
import type { AuditRepo } from '../store/audit-repo';
import type { ExecRepo } from '../store/exec-repo';
import { runOnHost } from './host-run';
import { runLimited } from './limiter';
import { commandSecrets } from './stream-redactor';
import { needsRerun, summarize } from './summary';

export interface ClusterExecDeps {
  pool: Pick<SshPool, 'exec'>;
  hosts: Pick<HostService, 'get' | 'list'>;
  repo: ExecRepo;
  audit: AuditRepo;
  bus: EventBus;
  clock: Clock;
  redactor?: Redactor;
}

export interface ExecRequest {
  hostIds?: string[];
  group?: string;
  command: string;
  parallel: number;
  timeoutSec: number;
}

interface Active {
  controller: AbortController;
  done: Promise<ExecRunSummary>;
  command: string;
}

/**
 * Cluster exec: one command on many hosts with a concurrency limit and a per-host timeout. Live
 * output and per-host results are `exec.event`s; every run is kept in history (redacted) and each
 * host's execution is audited, since a command is a remote side effect.
 */
export class ClusterExec {
  private readonly active = new Map<string, Active>();
  /** Raw commands of this session's runs (the history stores them redacted) for re-runs. */
  private readonly commands = new Map<string, string>();
  private readonly redactor: Redactor;

  constructor(private readonly deps: ClusterExecDeps) {
    this.redactor = deps.redactor ?? new Redactor();
    deps.repo.markInterrupted(deps.clock.now().toISOString());
  }

  run(request: ExecRequest, door: string, rerunOf?: string): { execId: string } {
    const hosts = this.resolveHosts(request);
    const execId = randomUUID();
    const command = this.redactor.text(request.command);
    const refs = hosts.map((h) => ({ hostId: h.id, hostName: h.name }));
    this.deps.repo.create({
      id: execId,
      command,
      door,
      parallel: request.parallel,
      timeoutSec: request.timeoutSec,
      ...(rerunOf ? { rerunOf } : {}),
      createdAt: this.now(),
      hosts: refs,
      summary: summarize(hosts.map(() => 'pending')),
    });
    this.commands.set(execId, request.command);
    const controller = new AbortController();
    // Every running host listens for a cancel: as many listeners as the parallelism.
    setMaxListeners(0, controller.signal);
    this.emit({ type: 'started', execId, command, hosts: refs });
    const done = this.execute(execId, hosts, request, door, controller.signal);
    this.active.set(execId, { controller, done, command: request.command });
    void done.finally(() => this.active.delete(execId));
    return { execId };
  }

  /** Cancel a running exec: running commands are killed, pending hosts are skipped. */
  cancel(execId: string): boolean {
    const run = this.active.get(execId);
    if (!run || run.controller.signal.aborted) return false;
    run.controller.abort();
    return true;
  }

  /** Resolves when the run finished (immediately for a finished one). */
  async wait(execId: string): Promise<ExecRunSummary> {
    const run = this.active.get(execId);
    if (run) return run.done;
    const { hosts: _hosts, ...summary } = this.get(execId);
    return summary;
  }

  history(limit: number): ExecRunSummary[] {
    return this.deps.repo.recent(limit);
  }

  get(execId: string): ExecRunDetail {
    const detail = this.deps.repo.get(execId);
    if (!detail) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No cluster exec ${execId}.`,
        'See exec.history (opsdeck exec --history) for recent runs.',
      );
    }
    return detail;
  }

  /** Same command again on the hosts that did not end ok (failed, unreachable, timeout, cancelled). */
  rerunFailed(execId: string, door: string): { execId: string } {
    const previous = this.get(execId);
    if (this.active.has(execId)) {
      throw new OpsdeckError(
        'CONFLICT',
        'That cluster exec is still running.',
        'Wait for it to finish (or cancel it), then re-run the failed hosts.',
      );
    }
    const failed = previous.hosts.filter((h) => needsRerun(h.status)).map((h) => h.hostId);
    if (!failed.length) {
      throw new OpsdeckError(
        'CONFLICT',
        'Every host of that run succeeded; there is nothing to re-run.',
        'Start a new run if you want to run the command again.',
      );
    }
    const command = this.commands.get(execId) ?? previous.command;
    if (!this.commands.has(execId) && command.includes(MASK)) {
      throw new OpsdeckError(
        'CONFLICT',
        'The command of that run contained a secret, which history does not keep.',
        'Run the command again with exec.run (opsdeck exec), giving the secret again.',
      );
    }
    const gone = failed.filter((id) => !this.exists(id));
    if (gone.length === failed.length) {
      throw new OpsdeckError(
        'NOT_FOUND',
        'The failed hosts of that run are no longer in the inventory.',
        'Pick hosts again and start a new run.',
      );
    }
    return this.run(
      {
        hostIds: failed.filter((id) => this.exists(id)),
        command,
        parallel: previous.parallel,
        timeoutSec: previous.timeoutSec,
      },
      door,
      execId,
    );
  }

  /** Shutdown: cancel everything and wait for the runs to record their end. */
  async stopAll(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.controller.abort();
    await Promise.allSettled(runs.map((r) => r.done));
  }

  private async execute(
    execId: string,
    hosts: Host[],
    request: ExecRequest,
    door: string,
    cancel: AbortSignal,
  ): Promise<ExecRunSummary> {
    const started = performance.now();
    const statuses: ExecHostStatus[] = hosts.map(() => 'pending');
    const record = (index: number, result: ExecHostResult) => {
      statuses[index] = result.status;
      this.deps.repo.finishHost(execId, index, result);
      this.emit({
        type: 'host-done',
        execId,
        hostId: result.hostId,
        hostName: result.hostName,
        status: result.status,
        exitCode: result.exitCode,
        ...(result.signal ? { signal: result.signal } : {}),
        durationMs: result.durationMs ?? 0,
        ...(result.error ? { error: result.error } : {}),
      });
      this.auditHost(execId, hosts[index] as Host, door, result);
    };
    // Secrets written in the command are masked in its output too (e.g. echoed by `set -x`).
    const local = new Redactor();
    for (const secret of commandSecrets(request.command, (t) => this.redactor.text(t)))
      local.add(secret);
    const redact = (text: string) => this.redactor.text(local.text(text));
    await runLimited(
      hosts,
      request.parallel,
      async (host, index) => {
        statuses[index] = 'running';
        this.deps.repo.setHostStatus(execId, index, 'running');
        this.emit({ type: 'host-started', execId, hostId: host.id, hostName: host.name });
        const result = await runOnHost(
          { pool: this.deps.pool, emit: (e) => this.emit(e), redact },
          { execId, host, command: request.command, timeoutSec: request.timeoutSec, cancel },
        );
        record(index, result);
      },
      {
        signal: cancel,
        onSkipped: (host, index) =>
          record(index, {
            hostId: host.id,
            hostName: host.name,
            status: 'cancelled',
            exitCode: null,
            durationMs: 0,
            stdout: '',
            stderr: '',
            truncated: false,
            error: {
              code: 'CANCELLED',
              message: `Not run on ${host.name}: the run was cancelled first.`,
              hint: 'Use “re-run on failed” to run it there.',
            },
          }),
      },
    );
    const summary = summarize(statuses);
    const status = cancel.aborted ? 'cancelled' : 'finished';
    const finishedAt = this.now();
    this.deps.repo.finish(execId, status, summary, finishedAt);
    this.emit({
      type: 'finished',
      execId,
      status,
      summary,
      durationMs: Math.round(performance.now() - started),
    });
    const { hosts: _hosts, ...result } = this.get(execId);
    return result;
  }

  private auditHost(execId: string, host: Host, door: string, result: ExecHostResult): void {
    const exit = result.exitCode !== null ? ` exit ${result.exitCode}` : '';
    this.deps.audit.append({
      at: this.now(),
      door,
      target: host.name,
      action: 'ssh.exec',
      detail: `${this.redactor.text(this.commands.get(execId) ?? '')} → ${result.status}${exit}`,
      outcome: result.status === 'ok' ? 'ok' : 'failed',
      runId: execId,
    });
  }

  private resolveHosts(request: ExecRequest): Host[] {
    if (request.hostIds?.length) {
      const seen = new Set<string>();
      return request.hostIds
        .map((id) => this.deps.hosts.get(id))
        .filter((h) => !seen.has(h.id) && !!seen.add(h.id));
    }
    if (request.group) {
      const hosts = this.deps.hosts.list({ group: request.group });
      if (!hosts.length) {
        throw new OpsdeckError(
          'NOT_FOUND',
          `No hosts in group "${request.group}".`,
          'Check the group name (opsdeck hosts list shows groups), or pass hosts explicitly.',
        );
      }
      return hosts;
    }
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'Say where to run the command: a group or a list of hosts.',
      'Pass group, or hostIds (CLI: --group db or --hosts db1,db2).',
    );
  }

  private exists(hostId: string): boolean {
    try {
      this.deps.hosts.get(hostId);
      return true;
    } catch {
      return false;
    }
  }

  private emit(event: ExecEvent): void {
    this.deps.bus.emit('exec.event', event);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
