import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  OpsdeckError,
  RunOptions,
  type LockHolder,
  type LockRequest,
  type Plan,
  type RunDetail,
  type RunOptionsIn,
  type RunStep,
  type RunSummary,
  type WorkflowInfo,
} from '../../../contract';
import type { EventBus } from '../../event-bus';
import type { PromptService } from '../../prompts/prompt-service';
import { Redactor } from '../../redact';
import type { RunStateRepo } from '../../store/run-state-repo';
import { STOPPED_IN_STEP, type RunOwner, type RunSeen, type RunsRepo } from '../../store/runs-repo';
import type { WorkflowLocksRepo } from '../../store/workflow-locks-repo';
import { pointOfNoReturn, rollbackRefusal } from './compensation';
import type { WorkflowDefinition } from './definition';
import type { EffectDeps } from './effects';
import { claimRun, refuseResume, refuseRollback } from './claim';
import { discardRun, type Discarded, type DiscardOptions } from './discard';
import { fieldOf, fieldValue } from './params-field';
import { RunExecution } from './execution';
import { LockManager, lockedError } from './locks';
import { planWorkflow } from './planner';

export interface RunnerDeps extends EffectDeps {
  definitions: readonly WorkflowDefinition[];
  runs: RunsRepo;
  state: RunStateRepo;
  locks: WorkflowLocksRepo;
  bus: EventBus;
  /** Gates ask people through it (prompt events, answered in any door). */
  prompts: PromptService;
  /** The core (lease owner) that runs are recorded as owned by; see core/ownership. */
  owner?: RunOwner;
}

/** A request as the doors send it (the router has checked it against the contract). */
export interface RunRequest {
  workflow: string;
  params: unknown;
  options?: RunOptionsIn | undefined;
}

interface Active {
  execution: RunExecution;
  done: Promise<void>;
}

/**
 * The workflow engine's front: plans (dry runs), starts, resumes, rolls back and cancels runs,
 * and reads them back. Each launch is a RunExecution (execution.ts); plans are planner.ts;
 * persistence is the run journal; locks are LockManager.
 */
export class WorkflowRunner {
  private readonly active = new Map<string, Active>();
  private readonly lockManager: LockManager;

  constructor(private readonly deps: RunnerDeps) {
    this.lockManager = new LockManager(deps.locks, deps.clock);
  }

  /** Runs left going by a core that is gone become resumable (never this core's own runs). */
  recoverInterrupted(): string[] {
    return this.deps.runs.markInterrupted(this.now(), this.deps.owner?.id ?? '');
  }

  list(): WorkflowInfo[] {
    return this.deps.definitions.map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      paramsSchema: withoutSealedField(
        z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
        d.seal?.field,
      ),
    }));
  }

  async plan(request: RunRequest): Promise<Plan> {
    const def = this.definition(request.workflow);
    return planWorkflow(
      { ...this.deps, locks: this.lockManager },
      def,
      this.parse(def, request.params),
      RunOptions.parse(request.options ?? {}),
    );
  }

  /**
   * `parentRunId` (core only, never a door): a run started by that run while it holds its locks
   * (a rejoin's reseed) does not wait for the locks its parent holds — it works under them.
   */
  start(request: RunRequest, door: string, parentRunId?: string): { runId: string } {
    const def = this.definition(request.workflow);
    refuseSealedField(def, request.params);
    return this.startParsed(def, request, this.parse(def, request.params), door, parentRunId);
  }

  private startParsed(
    def: WorkflowDefinition,
    request: RunRequest,
    params: unknown,
    door: string,
    parentRunId?: string,
  ): { runId: string } {
    if (def.seal?.needed(params))
      throw new OpsdeckError(
        'INTERNAL',
        `The parameters of ${def.id} hold secrets that go to the vault before the run is recorded.`,
        'Start it with workflows.start (startSealed), as the doors do.',
      );
    const options = RunOptions.parse(request.options ?? {});
    const locks = this.lockManager.notHeldBy(parentRunId, this.locksOf(def, params));
    const runId = randomUUID();
    const redactor = new Redactor();
    const subject = def.subject(params, { host: (h) => this.deps.host(h) });
    this.deps.runs.transaction(() => {
      this.deps.runs.create({
        id: runId,
        workflow: def.id,
        title: def.title,
        subject,
        door,
        params: redactor.value(params as Record<string, unknown>),
        steps: def.steps.map((s) => ({ id: s.id, title: s.title })),
        at: this.now(),
        ...(this.deps.owner ? { owner: this.deps.owner } : {}),
      });
      this.deps.state.setOptions(runId, options);
      const got = this.lockManager.tryAcquire(runId, locks);
      // Refused: the run is not created at all (the transaction is undone).
      if (!got.ok && options.onLockHeld === 'refuse') throw lockedError(got.heldBy);
      if (!got.ok) {
        this.deps.state.setWaiting(runId, { kind: 'lock', heldBy: got.heldBy }, this.now());
        this.deps.runs.setStatus(runId, 'waiting', this.now());
      }
    });
    this.launch(def, runId, params, options, door, locks, redactor, false);
    return { runId };
  }

  /**
   * `start` for a door's request: secrets in the params (user data) are moved into the vault
   * first — it may ask to be unlocked — so the run row holds references, never the secrets.
   */
  async startSealed(request: RunRequest, door: string): Promise<{ runId: string }> {
    const def = this.definition(request.workflow);
    refuseSealedField(def, request.params);
    const params = this.parse(def, request.params);
    if (!def.seal?.needed(params)) return this.startParsed(def, request, params, door);
    const sealed = await def.seal.apply(params);
    const ref = fieldOf(sealed, def.seal.field);
    try {
      return this.startParsed(def, request, this.parse(def, sealed), door);
    } catch (err) {
      // Not recorded (locks refused, a bad subject…): the secret must not stay in the vault.
      if (ref && def.seal.discard) await def.seal.discard(ref).catch(() => undefined);
      throw err;
    }
  }

  resume(runId: string): { runId: string } {
    const { detail, seen } = this.read(runId);
    refuseResume(detail, this.active.has(runId));
    const def = this.definition(detail.workflow);
    const params = this.parse(def, detail.params);
    const locks = this.locksOf(def, params);
    this.claim(detail, seen, locks, 'running');
    this.launch(def, runId, params, detail.options, detail.door, locks, new Redactor(), false);
    return { runId };
  }

  /** Roll a stopped run back: the undos of what it did, in reverse, up to its point of no return. */
  rollback(runId: string): { runId: string } {
    const { detail, seen } = this.read(runId);
    refuseRollback(detail, this.active.has(runId));
    const def = this.definition(detail.workflow);
    const refusal = rollbackRefusal(def, new Map(detail.steps.map((s) => [s.id, s.status])));
    if (refusal) throw refusal;
    const params = this.parse(def, detail.params);
    const locks = this.locksOf(def, params);
    this.claim(detail, seen, locks, 'compensating');
    this.launch(def, runId, params, detail.options, detail.door, locks, new Redactor(), true);
    return { runId };
  }

  /** Set a stopped run aside for good: never resumed, its sealed vault entries deleted (discard.ts). */
  discard(runId: string, door: string, options: DiscardOptions = {}): Promise<Discarded> {
    const { detail, seen } = this.read(runId);
    const def = this.deps.definitions.find((d) => d.id === detail.workflow);
    return discardRun(this.deps, def, detail, seen, door, this.active.has(runId), options);
  }

  cancel(runId: string): { cancelled: boolean } {
    const active = this.active.get(runId);
    if (!active) return { cancelled: false };
    active.execution.stop();
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
    return this.read(runId).detail;
  }

  /** A run's detail, and its status and write counter as read with it (what a claim compares). */
  private read(runId: string): { detail: RunDetail; seen: RunSeen } {
    const found = this.deps.runs.detail(runId);
    if (!found)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No workflow run ${runId}.`,
        'List runs with workflows.runs.',
      );
    const { version, ...stored } = found;
    const def = this.deps.definitions.find((d) => d.id === stored.workflow);
    const children = this.deps.state.children(runId);
    const ponr = def ? def.steps[pointOfNoReturn(def)]?.id : undefined;
    const detail: RunDetail = {
      ...stored,
      steps: stored.steps.map((raw) => {
        const s = this.withInterruptedNote(def, stored.params, raw);
        const own = children.filter((c) => c.stepId === s.id);
        return own.length
          ? { ...s, children: own.map(({ stepId: _s, output: _o, ...c }) => c) }
          : s;
      }),
      changes: this.deps.state.changes(runId),
      leftFiles: this.deps.state.leftFiles(runId),
      locks: def ? this.storedLocks(def, stored.params) : [],
      options: this.deps.state.options(runId),
      ...(ponr ? { pointOfNoReturn: ponr } : {}),
      rollback: def?.rollback ?? 'on-request',
    };
    return { detail, seen: { status: stored.status, version } };
  }

  /** A step its core stopped in: what the workflow says stays as it is goes before the hint. */
  private withInterruptedNote(
    def: WorkflowDefinition | undefined,
    params: unknown,
    step: RunStep,
  ): RunStep {
    const says = def?.steps.find((d) => d.id === step.id)?.interrupted;
    if (!says || step.error?.message !== STOPPED_IN_STEP.message) return step;
    let note: string;
    try {
      note = says(this.parse(def, params), { host: (h) => this.deps.host(h) });
    } catch {
      return step; // its hosts are gone from the inventory: the generic hint stays
    }
    return { ...step, error: { ...step.error, hint: `${note} ${step.error.hint}` } };
  }

  /** Locks held now, with the run holding each. */
  locks(): LockHolder[] {
    return this.lockManager.held();
  }

  /** Cancel everything and wait (shutdown). */
  async stopAll(): Promise<void> {
    for (const a of this.active.values()) a.execution.stop();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  /** This core takes a stopped run over (claim.ts), or is refused. */
  private claim(
    run: RunDetail,
    seen: RunSeen,
    locks: readonly LockRequest[],
    status: 'running' | 'compensating',
  ): void {
    claimRun(
      { ...this.deps, lockManager: this.lockManager, now: () => this.now() },
      run,
      seen,
      locks,
      status,
    );
  }

  private launch(
    def: WorkflowDefinition,
    runId: string,
    params: unknown,
    options: RunOptions,
    door: string,
    locks: readonly LockRequest[],
    redactor: Redactor,
    rollbackOnly: boolean,
  ): void {
    const subject = this.deps.runs.summary(runId)?.subject ?? '';
    const execution = new RunExecution(
      { ...this.deps, locks: this.lockManager },
      {
        def,
        runId,
        params,
        door,
        options,
        locks,
        redactor,
        runLabel: `${def.title} · ${subject}`,
        rollbackOnly,
      },
    );
    const done = execution.execute().finally(() => this.active.delete(runId));
    this.active.set(runId, { execution, done });
  }

  private locksOf(def: WorkflowDefinition, params: unknown): LockRequest[] {
    return def.locks?.(params, { host: (h) => this.deps.host(h) }) ?? [];
  }

  /** For showing a stored run: its locks, or none when its hosts are gone from the inventory. */
  private storedLocks(def: WorkflowDefinition, params: unknown): LockRequest[] {
    try {
      return this.locksOf(def, this.parse(def, params));
    } catch {
      return [];
    }
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

  private parse(def: WorkflowDefinition, raw: unknown): unknown {
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

/**
 * Only a seal sets its field: a request carrying a value for it (any door, any core caller) is
 * refused. By value, not by key: IPC's structured clone and a spread of stored params keep a key
 * whose value is undefined, and that carries nothing.
 */
function refuseSealedField(def: WorkflowDefinition, params: unknown): void {
  const field = def.seal?.field;
  if (!field || fieldValue(params, field) === undefined) return;
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `${def.id}: ${field} is set by Opsdeck when the run starts (a reference it makes in the vault); a request cannot carry it.`,
    'Leave it out and give the value itself (it goes to the vault, never into the run row).',
  );
}

/** The generic form's schema: the sealed field is not offered (only the seal sets it). */
function withoutSealedField(
  schema: Record<string, unknown>,
  field: string | undefined,
): Record<string, unknown> {
  const props = schema.properties;
  if (!field || typeof props !== 'object' || props === null) return schema;
  const { [field]: _dropped, ...rest } = props as Record<string, unknown>;
  return { ...schema, properties: rest };
}
