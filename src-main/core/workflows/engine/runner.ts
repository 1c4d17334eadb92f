import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  type Host,
  type Plan,
  type PlannedAction,
  type RunDetail,
  type RunStatus,
  type RunSummary,
  type WorkflowInfo,
} from '../../../contract';
import type { EventBus } from '../../event-bus';
import type { Clock } from '../../clock';
import { Redactor } from '../../redact';
import type { RunsRepo } from '../../store/runs-repo';
import type { AuditRepo } from '../../store/audit-repo';
import type { StepContext, WorkflowDefinition } from './definition';
import { createSshEffects, type RemoteExecutor, type RemotePipe } from './ssh-effects';
import { createMysqlEffects } from './mysql-effects';
import type { MysqlExecutor } from '../../mysql/connection';
import type { StreamDeps } from '../../ssh/stream';
import { createAwsEffects, type AwsEffectsDeps } from '../../aws/workflow-effects';

export interface RunnerDeps {
  definitions: readonly WorkflowDefinition[];
  runs: RunsRepo;
  audit: AuditRepo;
  bus: EventBus;
  clock: Clock;
  executor: RemoteExecutor;
  /** Streams between two hosts (seeding); optional so tests can leave it out. */
  pipe?: RemotePipe;
  /** Streams between a host and Opsdeck (backups, restores). */
  streams?: StreamDeps;
  /** MySQL statements for ctx.mysql. */
  mysql?: MysqlExecutor;
  /** EC2 accounts for ctx.aws. */
  aws?: AwsEffectsDeps['aws'];
  /** Resolve a host by id or name (throws NOT_FOUND). */
  host(idOrName: string): Host;
}

interface Active {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs workflows: persists every run and step, streams progress as `workflow.event`, supports
 * dry-run plans, cancel (AbortSignal) and resume from the first unfinished step.
 */
export class WorkflowRunner {
  private readonly active = new Map<string, Active>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Call once at start-up: runs that were going when the process died become resumable. */
  recoverInterrupted(): string[] {
    return this.deps.runs.markInterrupted(this.now());
  }

  list(): WorkflowInfo[] {
    return this.deps.definitions.map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      paramsSchema: z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    }));
  }

  async plan(workflowId: string, rawParams: unknown): Promise<Plan> {
    const def = this.definition(workflowId);
    const params = this.parseParams(def, rawParams);
    const redactor = new Redactor();
    const controller = new AbortController();
    const steps: Plan['steps'] = [];
    const output: Record<string, unknown> = {};
    for (const step of def.steps) {
      const actions: PlannedAction[] = [];
      const ctx = this.context(def, params, {
        runId: 'plan',
        signal: controller.signal,
        redactor,
        output,
        plan: actions,
      });
      const alreadyDone = step.check ? await step.check(ctx) : false;
      if (!alreadyDone) await step.run(ctx);
      steps.push({
        id: step.id,
        title: step.title,
        actions,
        alreadyDone,
        undoable: Boolean(step.undo),
      });
    }
    return {
      workflow: def.id,
      title: def.title,
      params: redactor.value(params as Record<string, unknown>),
      steps,
    };
  }

  start(workflowId: string, rawParams: unknown, door: string): { runId: string } {
    const def = this.definition(workflowId);
    const params = this.parseParams(def, rawParams);
    const runId = randomUUID();
    const redactor = new Redactor();
    this.deps.runs.create({
      id: runId,
      workflow: def.id,
      title: def.title,
      subject: def.subject(params, { host: (h) => this.deps.host(h) }),
      door,
      params: redactor.value(params as Record<string, unknown>),
      steps: def.steps.map((s) => ({ id: s.id, title: s.title })),
      at: this.now(),
    });
    this.launch(def, runId, params, redactor, {});
    return { runId };
  }

  resume(runId: string): { runId: string } {
    const detail = this.detail(runId);
    if (this.active.has(runId) || detail.status === 'running') {
      throw new OpsdeckError(
        'WORKFLOW_NOT_RESUMABLE',
        'This run is still going.',
        'Wait for it, or cancel it first.',
      );
    }
    if (detail.status === 'succeeded') {
      throw new OpsdeckError(
        'WORKFLOW_NOT_RESUMABLE',
        'This run already succeeded.',
        'Start a new run instead.',
      );
    }
    const def = this.definition(detail.workflow);
    const params = this.parseParams(def, detail.params);
    this.deps.runs.setStatus(runId, 'running', this.now());
    this.emitRun(runId);
    this.launch(def, runId, params, new Redactor(), detail.output);
    return { runId };
  }

  cancel(runId: string): { cancelled: boolean } {
    const active = this.active.get(runId);
    if (!active) return { cancelled: false };
    active.controller.abort();
    return { cancelled: true };
  }

  /** Wait for a run to finish (CLI and tests). */
  async wait(runId: string): Promise<RunSummary> {
    await this.active.get(runId)?.done;
    return this.detail(runId);
  }

  recent(limit: number): RunSummary[] {
    return this.deps.runs.recent(limit);
  }

  detail(runId: string): RunDetail {
    const detail = this.deps.runs.detail(runId);
    if (!detail)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No workflow run ${runId}.`,
        'List runs with workflows.runs.',
      );
    return detail;
  }

  /** Cancel everything and wait (shutdown). */
  async stopAll(): Promise<void> {
    for (const a of this.active.values()) a.controller.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  private launch(
    def: WorkflowDefinition,
    runId: string,
    params: unknown,
    redactor: Redactor,
    output: Record<string, unknown>,
  ): void {
    const controller = new AbortController();
    const done = this.execute(def, runId, params, controller.signal, redactor, output).finally(() =>
      this.active.delete(runId),
    );
    this.active.set(runId, { controller, done });
  }

  private async execute(
    def: WorkflowDefinition,
    runId: string,
    params: unknown,
    signal: AbortSignal,
    redactor: Redactor,
    output: Record<string, unknown>,
  ): Promise<void> {
    this.emitRun(runId);
    const finished = new Set(
      this.detail(runId)
        .steps.filter((s) => s.status === 'done' || s.status === 'skipped')
        .map((s) => s.id),
    );
    for (const step of def.steps) {
      if (finished.has(step.id)) continue;
      const stepCtx = this.context(def, params, {
        runId,
        stepId: step.id,
        signal,
        redactor,
        output,
      });
      this.setStep(runId, step.id, 'running');
      try {
        throwIfAborted(signal);
        if (step.check && (await step.check(stepCtx))) {
          stepCtx.log('Already done; skipping.');
          this.setStep(runId, step.id, 'skipped');
        } else {
          await step.run(stepCtx);
          if (step.verify) await step.verify(stepCtx);
          this.setStep(runId, step.id, 'done');
        }
        this.deps.runs.setOutput(runId, redactor.value(output), this.now());
      } catch (err) {
        // What a failed step recorded (e.g. a phase it finished) is kept for the resume.
        this.deps.runs.setOutput(runId, redactor.value(output), this.now());
        const cancelled = signal.aborted;
        const error = cancelled ? cancelledError() : redactor.value(toErrorShape(err));
        this.setStep(runId, step.id, cancelled ? 'cancelled' : 'failed', error);
        this.logger(runId, step.id, redactor)(`${error.message} — ${error.hint}`, 'error');
        this.finish(runId, cancelled ? 'cancelled' : 'failed', error);
        return;
      }
    }
    try {
      await def.onSuccess?.(params, output);
      this.finish(runId, 'succeeded');
    } catch (err) {
      this.finish(runId, 'failed', redactor.value(toErrorShape(err)));
    }
  }

  private context(
    def: WorkflowDefinition,
    params: unknown,
    opts: {
      runId: string;
      stepId?: string;
      signal: AbortSignal;
      redactor: Redactor;
      output: Record<string, unknown>;
      plan?: PlannedAction[];
    },
  ): StepContext<unknown> {
    const { runId, signal, redactor, output, plan } = opts;
    const door = plan ? 'plan' : (this.deps.runs.summary(runId)?.door ?? 'unknown');
    const log = plan ? () => undefined : this.logger(runId, opts.stepId, redactor);
    const audit = (target: string, action: string, detail: string, outcome: 'ok' | 'failed') =>
      this.deps.audit.append({
        at: this.now(),
        door,
        target,
        action: `${def.id}: ${action}`,
        detail: redactor.text(detail),
        outcome,
        runId,
      });
    const ssh = createSshEffects({
      executor: this.deps.executor,
      ...(this.deps.pipe ? { pipe: this.deps.pipe } : {}),
      ...(this.deps.streams ? { streams: this.deps.streams } : {}),
      redactor,
      signal,
      ...(plan ? { plan } : {}),
      log: (level, text) => log(text, level),
      audit,
    });
    const mysql = createMysqlEffects({
      ...(this.deps.mysql ? { executor: this.deps.mysql } : {}),
      redactor,
      signal,
      ...(plan ? { plan } : {}),
      log: (level, text) => log(text, level),
      audit,
    });
    const aws = createAwsEffects({
      aws: this.deps.aws ?? noAws,
      door,
      redactor,
      signal,
      ...(plan ? { plan } : {}),
      log: (level, text) => log(text, level),
      audit,
    });
    return {
      params,
      runId,
      dryRun: Boolean(plan),
      signal,
      ssh,
      mysql,
      aws,
      output,
      host: (idOrName) => this.deps.host(idOrName),
      log: (text, level = 'info') => log(text, level),
      secret: (value) => redactor.add(value),
    };
  }

  private logger(runId: string, stepId: string | undefined, redactor: Redactor) {
    return (text: string, level: 'info' | 'warn' | 'error' | 'cmd' | 'out' = 'info') => {
      const line = this.deps.runs.appendLog(runId, {
        at: this.now(),
        level,
        text: redactor.text(text),
        ...(stepId ? { stepId } : {}),
      });
      this.deps.bus.emit('workflow.event', { type: 'log', runId, line });
    };
  }

  private setStep(
    runId: string,
    stepId: string,
    status: Parameters<RunsRepo['setStep']>[2],
    error?: ErrorShape,
  ) {
    const step = this.deps.runs.setStep(runId, stepId, status, this.now(), error);
    this.deps.bus.emit('workflow.event', { type: 'step', runId, step });
  }

  private finish(runId: string, status: RunStatus, error?: ErrorShape) {
    this.deps.runs.setStatus(runId, status, this.now(), error);
    this.emitRun(runId);
  }

  private emitRun(runId: string) {
    const run = this.deps.runs.summary(runId);
    if (run) this.deps.bus.emit('workflow.event', { type: 'run', runId, run });
  }

  private definition(id: string): WorkflowDefinition {
    const def = this.deps.definitions.find((d) => d.id === id);
    if (!def) {
      throw new OpsdeckError(
        'WORKFLOW_UNKNOWN',
        `No workflow named "${id}".`,
        `Known workflows: ${this.deps.definitions.map((d) => d.id).join(', ')}.`,
      );
    }
    return def;
  }

  private parseParams(def: WorkflowDefinition, raw: unknown): unknown {
    const parsed = def.params.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${def.id}: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}`,
      'Correct the workflow parameters and try again.',
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** Stand-in when a runner is built without EC2 (tests): any use says so clearly. */
const noAws: AwsEffectsDeps['aws'] = {
  scope: () => {
    throw new OpsdeckError(
      'INTERNAL',
      'This workflow runner has no EC2 service.',
      'Report this bug.',
    );
  },
  context: () => {
    throw new OpsdeckError(
      'INTERNAL',
      'This workflow runner has no EC2 service.',
      'Report this bug.',
    );
  },
};

function throwIfAborted(signal: AbortSignal) {
  if (signal.aborted) throw cancelledError();
}

function cancelledError(): ErrorShape {
  return {
    code: 'CANCELLED',
    message: 'The run was cancelled.',
    hint: 'Resume it to continue from this step.',
  };
}
