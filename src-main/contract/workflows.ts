import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';

export const StepStatus = z.enum(['pending', 'running', 'done', 'skipped', 'failed', 'cancelled']);
export type StepStatus = z.infer<typeof StepStatus>;

export const RunStatus = z.enum([
  'planned',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  /** The process died while the run was going: resumable. */
  'interrupted',
]);
export type RunStatus = z.infer<typeof RunStatus>;

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

export const PlanStep = z.object({
  id: z.string(),
  title: z.string(),
  actions: z.array(PlannedAction),
  /** True when `check` says the step is already done and a run would skip it. */
  alreadyDone: z.boolean(),
  /** True when the params do not ask for this step (a run skips it; nothing is planned). */
  notRequested: z.boolean().optional(),
  undoable: z.boolean(),
});
export const Plan = z.object({
  workflow: z.string(),
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  steps: z.array(PlanStep),
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

export const RunStep = z.object({
  id: z.string(),
  title: z.string(),
  status: StepStatus,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: ErrorShapeSchema.optional(),
});
export type RunStep = z.infer<typeof RunStep>;

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
});
export type RunSummary = z.infer<typeof RunSummary>;

export const LogLine = z.object({
  seq: z.number().int(),
  at: z.string(),
  stepId: z.string().optional(),
  level: z.enum(['info', 'warn', 'error', 'cmd', 'out']),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

export const RunDetail = RunSummary.extend({
  params: z.record(z.string(), z.unknown()),
  steps: z.array(RunStep),
  logs: z.array(LogLine),
  output: z.record(z.string(), z.unknown()),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** Events of one run, all carrying its id. */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), runId: z.string(), run: RunSummary }),
  z.object({ type: z.literal('step'), runId: z.string(), step: RunStep }),
  z.object({ type: z.literal('log'), runId: z.string(), line: LogLine }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
