import { z } from 'zod';
import {
  ClusterSettings,
  FailoverPlan,
  FailoverReport,
  MasterHealth,
  OpsdeckError,
  TimelineEntry,
} from '../../../contract';
import { outputOf } from '../engine/definition';
import type { BaseContext } from '../engine/definition';

/**
 * The typed outputs of the switchover / failover / rejoin steps. The preflight pins the roles:
 * after the promotion the topology says otherwise, and a resumed run must not re-decide them.
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
  timeline: z.array(TimelineEntry),
});
export type Pinned = z.infer<typeof Pinned>;

const withTimeline = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...shape, timeline: z.array(TimelineEntry) });

/** Where a fenced master stopped (its GTID state and binlog coordinates) and when. */
const Point = { position: z.string(), file: z.string(), pos: z.number(), at: z.string() };

export const PREFLIGHT = outputOf('preflight', Pinned);
export const ACCOUNT = outputOf(
  'replication-account',
  withTimeline({ user: z.string(), hosts: z.array(z.string()) }),
);
export const PREPARE = outputOf(
  'prepare-traffic',
  withTimeline({ changed: z.boolean(), after: z.array(z.string()) }),
);
export const FENCE = outputOf('fence', withTimeline(Point));
/** `refenced`: the master was fenced again before catching up (a resumed run): its new final point. */
export const CATCH_UP = outputOf(
  'catch-up',
  withTimeline({ refenced: z.object(Point).optional() }),
);
export const FENCE_OLD = outputOf(
  'fence-old-master',
  withTimeline({ paths: z.array(z.string()), at: z.string() }),
);
export const APPLY = outputOf('apply-relay-log', withTimeline({ position: z.string() }));
/** `refenced`: a resumed switchover fenced the master again before promoting: its new final point. */
export const PROMOTE = outputOf(
  'promote',
  withTimeline({ ...Point, refenced: z.object(Point).optional() }),
);
export const TRAFFIC = outputOf(
  'move-traffic',
  withTimeline({
    kind: z.enum(['haproxy', 'elastic-ip', 'none']),
    /** When writes started going to the new master. */
    at: z.string(),
    detail: z.string(),
  }),
);
export const REPOINT_OLD = outputOf('repoint-old-master', withTimeline({}));
export const REPOINT = outputOf('repoint-replicas', withTimeline({ moved: z.array(z.string()) }));
export const VERIFY = outputOf(
  'verify',
  withTimeline({
    via: z.string(),
    serverId: z.number().nullable(),
    followers: z.array(z.string()),
    at: z.string(),
  }),
);
export const REPORT = outputOf('report', FailoverReport);

type Ctx = BaseContext<unknown>;

export function pinnedOf(ctx: Ctx): Pinned {
  const p = ctx.find(PREFLIGHT);
  if (!p)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      'This run has no preflight result to go on.',
      'Start a new run (the preflight pins the roles).',
    );
  return p;
}

/**
 * Where the old master stopped taking writes: the latest fence of the run — the promotion's or
 * the catch-up's if a resumed run fenced again, else the fence step's. Undefined in a failover.
 */
export function fencePointOf(ctx: Ctx) {
  return ctx.find(PROMOTE)?.refenced ?? ctx.find(CATCH_UP)?.refenced ?? ctx.find(FENCE);
}

/** A step's moments for the report's timeline, logged as they happen. */
export function timeline(ctx: Ctx) {
  const entries: TimelineEntry[] = [];
  return {
    entries,
    mark(text: string, at = new Date()): void {
      ctx.log(text);
      if (!ctx.dryRun) entries.push({ at: at.toISOString(), text });
    },
  };
}
