import { z } from 'zod';
import {
  ClusterSettings,
  FailoverPlan,
  MasterHealth,
  OpsdeckError,
  type TimelineEntry,
} from '../../../contract';
import type { StepContext } from '../engine/definition';

/**
 * What a run decided in its preflight and keeps for every later step and for resumes: the roles
 * are pinned (after the promotion the topology says otherwise), and the plan is kept for the report.
 */
export const Pinned = z.object({
  kind: z.enum(['switchover', 'failover', 'rejoin']),
  cluster: ClusterSettings,
  master: z.string(),
  candidate: z.string(),
  /** The other replicas, repointed under the candidate. */
  replicas: z.array(z.string()),
  catchUpFrom: z.string().optional(),
  positioning: z.enum(['mariadb-gtid', 'mysql-gtid', 'binlog-file']),
  plan: FailoverPlan.optional(),
  health: MasterHealth.optional(),
  drill: z.boolean(),
  automatic: z.boolean(),
  reportId: z.string(),
  startedAt: z.string(),
});
export type Pinned = z.infer<typeof Pinned>;

type Ctx = StepContext<unknown>;

export function pinnedOf(ctx: Ctx): Pinned {
  const parsed = Pinned.safeParse(ctx.output.pinned);
  if (!parsed.success)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      'This run has no preflight result to go on.',
      'Start a new run (the preflight pins the roles).',
    );
  return parsed.data;
}

/** A moment of the run for its report's timeline (also logged). */
export function mark(ctx: Ctx, text: string, at = new Date()): void {
  if (ctx.dryRun) return;
  const timeline = (ctx.output.timeline as TimelineEntry[] | undefined) ?? [];
  timeline.push({ at: at.toISOString(), text });
  ctx.output.timeline = timeline;
  ctx.log(text);
}

/** A timestamp a step records for the report (fence applied, traffic moved, first write…). */
export function stamp(ctx: Ctx, key: string, at = new Date()): void {
  if (ctx.dryRun) return;
  const stamps = (ctx.output.stamps as Record<string, string> | undefined) ?? {};
  stamps[key] = at.toISOString();
  ctx.output.stamps = stamps;
}

export function stampOf(ctx: Ctx, key: string): string | undefined {
  return (ctx.output.stamps as Record<string, string> | undefined)?.[key];
}
