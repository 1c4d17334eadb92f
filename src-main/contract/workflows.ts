import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';
import { LockHolder, LockRequest } from './workflow-locks';
import { Progress } from './workflow-progress';
import { RunOptions } from './workflow-params';

export const StepStatus = z.enum([
  'pending',
  'running',
  /** At a gate: waiting for a person (or paused before the step, as asked). */
  'waiting',
  'done',
  'skipped',
  'failed',
  'cancelled',
  /** Rolling back: the step's undo is running. */
  'undoing',
  /** Rolled back: its undo ran; a resume runs the step again. */
  'undone',
  'undo-failed',
]);
export type StepStatus = z.infer<typeof StepStatus>;

export const RunStatus = z.enum([
  'planned',
  'running',
  /** At a gate (a person must answer) or queued behind a lock another run holds. */
  'waiting',
  /** A step failed (or the run was cancelled): the undos run in reverse. */
  'compensating',
  'succeeded',
  'failed',
  'cancelled',
  /** Failed or cancelled, then rolled back up to the first step: resumable. */
  'rolled-back',
  /** The process died while the run was going: resumable. */
  'interrupted',
  /** A stopped run set aside for good: never resumed; its vault entries are deleted. */
  'discarded',
]);
export type RunStatus = z.infer<typeof RunStatus>;

/** Statuses of a run that is still going (holds its locks, may be cancelled). */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'compensating'];

/** One side effect a step would perform, as shown in a dry-run plan (secrets masked). */
export const PlannedAction = z.object({
  kind: z.enum(['ssh', 'sql', 'aws', 'local']),
  target: z.string(),
  /** Command line / SQL / API call, already redacted. */
  detail: z.string(),
  /** false for reads (which may run during planning), true for changes. */
  write: z.boolean(),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

/** A gate the run will stop at for a person (ctx.confirm), as planned. */
export const PlanGate = z.object({
  title: z.string(),
  message: z.string(),
  /** The text the person must type to go on (e.g. the cluster name). */
  typed: z.string().optional(),
});
export type PlanGate = z.infer<typeof PlanGate>;

/** One child of a fan-out step (one host, usually) with what it would do. */
export const PlanChild = z.object({
  key: z.string(),
  title: z.string(),
  actions: z.array(PlannedAction),
  gates: z.array(PlanGate),
});
export type PlanChild = z.infer<typeof PlanChild>;

export const PlanStep = z.object({
  id: z.string(),
  title: z.string(),
  actions: z.array(PlannedAction),
  /** True when `check` says the step is already done and a run would skip it. */
  alreadyDone: z.boolean(),
  /** True when the params do not ask for this step (a run skips it; nothing is planned). */
  notRequested: z.boolean().optional(),
  undoable: z.boolean(),
  /** From this step on a failure is not rolled back: the run stops and says what to do by hand. */
  pointOfNoReturn: z.boolean(),
  gates: z.array(PlanGate),
  /** What the step warned of while planning (e.g. a verify on the production host). */
  warnings: z.array(z.string()).optional(),
  /** A fan-out step: its children, with at most `limit` at once. */
  children: z.array(PlanChild),
  limit: z.number().int().optional(),
  /** Per-attempt time limit and retries (attempts in all). */
  timeoutMs: z.number().int().optional(),
  attempts: z.number().int().optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

/** A lock the run will need, and who holds it now (if anybody). */
export const PlanLock = LockRequest.extend({ heldBy: LockHolder.optional() });
export type PlanLock = z.infer<typeof PlanLock>;

export const Plan = z.object({
  workflow: z.string(),
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  steps: z.array(PlanStep),
  locks: z.array(PlanLock),
  /** automatic: a failure before the point of no return undoes what was done, in reverse. */
  rollback: z.enum(['automatic', 'on-request']),
});
export type Plan = z.infer<typeof Plan>;

export const WorkflowInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** JSON Schema of the params (derived from the workflow's zod schema). */
  paramsSchema: z.record(z.string(), z.unknown()),
});
export type WorkflowInfo = z.infer<typeof WorkflowInfo>;

/** One child of a fan-out step in a run: its own state, log lines and outcome. */
export const RunChild = z.object({
  key: z.string(),
  title: z.string(),
  status: StepStatus,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: ErrorShapeSchema.optional(),
  progress: Progress.optional(),
});
export type RunChild = z.infer<typeof RunChild>;

export const RunStep = z.object({
  id: z.string(),
  title: z.string(),
  status: StepStatus,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: ErrorShapeSchema.optional(),
  /** The attempt running or last run (1 = first), when the step retries. */
  attempt: z.number().int().optional(),
  progress: Progress.optional(),
  children: z.array(RunChild).optional(),
});
export type RunStep = z.infer<typeof RunStep>;

/** What a run is waiting for: a person at a gate, or a lock another run holds. */
export const RunWaiting = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('gate'),
    stepId: z.string(),
    childKey: z.string().optional(),
    /** Answer it with prompts.answer { kind: 'confirm', id: promptId, approve }. */
    promptId: z.string(),
    title: z.string(),
    message: z.string(),
    typed: z.string().optional(),
    confirmLabel: z.string(),
    expiresAt: z.string(),
  }),
  z.object({ kind: z.literal('lock'), heldBy: z.array(LockHolder) }),
]);
export type RunWaiting = z.infer<typeof RunWaiting>;

export const RunSummary = z.object({
  id: z.string(),
  workflow: z.string(),
  title: z.string(),
  status: RunStatus,
  /** Free-text subject, e.g. the host name. */
  subject: z.string(),
  door: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  error: ErrorShapeSchema.optional(),
  waiting: RunWaiting.optional(),
  /** The core that runs (or last ran) it; its heartbeat while the run is active. */
  owner: z
    .object({ id: z.string(), label: z.string(), heartbeatAt: z.string().optional() })
    .optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const LogLine = z.object({
  seq: z.number().int(),
  at: z.string(),
  stepId: z.string().optional(),
  /** The child (host) of a fan-out step the line belongs to. */
  childKey: z.string().optional(),
  level: z.enum(['info', 'warn', 'error', 'cmd', 'out']),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

/** A change a run made, in words ("read_only=ON on db2"), for "what was changed so far". */
export const RunChange = z.object({
  at: z.string(),
  stepId: z.string().optional(),
  text: z.string(),
});
export type RunChange = z.infer<typeof RunChange>;

/** A file or folder a run left on a host on purpose (config backup, data moved aside). */
export const LeftFile = z.object({ host: z.string(), path: z.string(), what: z.string() });
export type LeftFile = z.infer<typeof LeftFile>;

export const RunDetail = RunSummary.extend({
  params: z.record(z.string(), z.unknown()),
  steps: z.array(RunStep),
  logs: z.array(LogLine),
  /** Each step's declared output, by step id (secrets masked). */
  output: z.record(z.string(), z.unknown()),
  changes: z.array(RunChange),
  leftFiles: z.array(LeftFile),
  locks: z.array(LockRequest),
  options: RunOptions,
  /** The step from which a failure is no longer rolled back, if the workflow has one. */
  pointOfNoReturn: z.string().optional(),
  rollback: z.enum(['automatic', 'on-request']),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** Events of one run, all carrying its id. */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), runId: z.string(), run: RunSummary }),
  z.object({ type: z.literal('step'), runId: z.string(), step: RunStep }),
  z.object({ type: z.literal('log'), runId: z.string(), line: LogLine }),
  z.object({
    type: z.literal('child'),
    runId: z.string(),
    stepId: z.string(),
    child: RunChild,
  }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    stepId: z.string(),
    childKey: z.string().optional(),
    progress: Progress,
  }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
