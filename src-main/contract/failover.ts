import { z } from 'zod';
import { Lag, MasterHealth } from './health';
import { MysqlFlavor, ReplicaStatus, Topology } from './mysql';

/**
 * Guided failover and switchover: cluster settings, master health from several angles, the
 * candidate ranking (planner), reports of switchovers, failovers and drills.
 */

const hostRef = z.string().trim().min(1).max(128);
const clusterName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore');

// ---------------------------------------------------------------- cluster settings

export const PromotionRule = z.enum(['prefer', 'neutral', 'never']);
export type PromotionRule = z.infer<typeof PromotionRule>;

export const TrafficSettings = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('haproxy'),
    /** Inventory host that runs HAProxy. */
    proxyHost: hostRef,
    /** backend / listen section that serves the writers. */
    section: z.string().trim().min(1).max(128),
    /** What becomes of the old master in that section. */
    oldMaster: z.enum(['remove', 'backup', 'disabled']).default('disabled'),
  }),
  z.object({
    kind: z.literal('elastic-ip'),
    /** AWS account name in Opsdeck. */
    account: z.string().trim().min(1).max(64),
    region: z.string().trim().min(1).max(32).optional(),
    allocationId: z
      .string()
      .trim()
      .regex(/^eipalloc-[0-9a-f]+$/, 'An allocation id: eipalloc-…'),
  }),
]);
export type TrafficSettings = z.infer<typeof TrafficSettings>;

export const HookPhase = z.enum([
  'before-fence',
  'after-fence',
  'after-promote',
  'after-traffic',
  'after-repoint',
]);
export type HookPhase = z.infer<typeof HookPhase>;

export const Hook = z.object({
  phase: HookPhase,
  /** Inventory host to run the command on. */
  host: hostRef,
  command: z.string().trim().min(1).max(2000),
  /** A failing hook stops the run (true) or is logged as a warning (false). */
  required: z.boolean().default(false),
});
export type Hook = z.infer<typeof Hook>;

export const ClusterSettings = z.object({
  name: clusterName,
  /** Inventory hosts of the cluster (names); the master is found from the topology. */
  members: z.array(hostRef).max(100).default([]),
  heartbeat: z
    .object({
      /** Opsdeck writes one row per master to <schema>.heartbeat (pt-heartbeat style). */
      enabled: z.boolean().default(false),
      schema: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,64}$/)
        .default('opsdeck'),
      intervalMs: z.number().int().min(100).max(10_000).default(500),
    })
    .default({ enabled: false, schema: 'opsdeck', intervalMs: 500 }),
  /** Unplanned failover without a person, when the master is judged dead (off by default). */
  automaticFailover: z.boolean().default(false),
  /** No second automatic failover inside this window without a person. */
  antiFlapMinutes: z.number().int().min(0).max(10_080).default(60),
  /** Drills (real switchovers/failovers with a report) are allowed only on test clusters. */
  testCluster: z.boolean().default(false),
  promotion: z.record(z.string(), PromotionRule).default({}),
  traffic: TrafficSettings.default({ kind: 'none' }),
  hooks: z.array(Hook).max(50).default([]),
  /**
   * The replication account Opsdeck keeps on every member (REPLICATION SLAVE only), so any member
   * can become the master of the others. The password is in the vault; set by the first run.
   */
  replication: z
    .object({
      user: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,32}$/)
        .default('opsdeck_repl'),
      secretRef: z.string().max(128).optional(),
    })
    .default({ user: 'opsdeck_repl' }),
});
export type ClusterSettings = z.infer<typeof ClusterSettings>;
export type ClusterSettingsIn = z.input<typeof ClusterSettings>;

export const ClusterInfo = ClusterSettings.extend({
  /** false: not saved yet, these are the defaults for the topology around the host asked about. */
  saved: z.boolean(),
  updatedAt: z.string().optional(),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

// ---------------------------------------------------------------- planner input (a recorded topology)

export const GtidState = z.object({
  /** MySQL @@gtid_executed, MariaDB @@gtid_binlog_pos. */
  executed: z.string().default(''),
  /** MariaDB: gtid_binlog_state, gtid_slave_pos, gtid_current_pos, gtid_domain_id. */
  binlogState: z.string().optional(),
  slavePos: z.string().optional(),
  currentPos: z.string().optional(),
  domainId: z.number().int().optional(),
});
export type GtidState = z.infer<typeof GtidState>;

export const ServerSnapshot = z.object({
  name: z.string(),
  hostId: z.string().optional(),
  reachable: z.boolean(),
  /** When the values below were read (for a dead master: its last successful probe). */
  observedAt: z.string().optional(),
  flavor: MysqlFlavor.optional(),
  version: z.string().optional(),
  serverId: z.number().int().optional(),
  serverUuid: z.string().optional(),
  logBin: z.boolean().optional(),
  logReplicaUpdates: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  /** MySQL gtid_mode (ON/OFF…); "mariadb" for MariaDB. */
  gtidMode: z.string().optional(),
  gtid: GtidState.optional(),
  binlog: z.object({ file: z.string(), position: z.number() }).optional(),
  replication: ReplicaStatus.optional(),
  lag: Lag.optional(),
  /** Zone / datacenter (host tag zone:, az: or dc:). */
  location: z.string().optional(),
  promotion: PromotionRule.default('neutral'),
});
export type ServerSnapshot = z.infer<typeof ServerSnapshot>;
export type ServerSnapshotIn = z.input<typeof ServerSnapshot>;

export const PlanMode = z.enum(['switchover', 'failover']);
export type PlanMode = z.infer<typeof PlanMode>;

/** What the dead master had, read from its binary log over SSH, or its last probe. */
export const MasterTail = z.object({
  source: z.enum(['binlog-over-ssh', 'last-probe']),
  /** GTIDs (MySQL set / MariaDB position) or file:position of the master's last transaction. */
  executed: z.string(),
  readAt: z.string(),
});
export type MasterTail = z.infer<typeof MasterTail>;

export const FailoverInput = z.object({
  cluster: z.string(),
  mode: PlanMode,
  master: ServerSnapshot,
  replicas: z.array(ServerSnapshot),
  masterTail: MasterTail.optional(),
  /** The replica the user asked for (--to); ranked like the others, chosen if it can be. */
  requested: z.string().optional(),
  collectedAt: z.string(),
});
export type FailoverInput = z.infer<typeof FailoverInput>;
export type FailoverInputIn = z.input<typeof FailoverInput>;

// ---------------------------------------------------------------- planner output

export const Reason = z.object({
  /** good: speaks for it; bad: against it; block: it cannot be promoted; info: neither. */
  kind: z.enum(['good', 'bad', 'block', 'info']),
  text: z.string(),
});
export type Reason = z.infer<typeof Reason>;

export const CandidateRank = z.object({
  name: z.string(),
  hostId: z.string().optional(),
  rank: z.number().int(),
  /** Can be promoted at all (reachable, binlog on, not "never", SQL thread not broken…). */
  eligible: z.boolean(),
  /** Errant transactions: what it executed that the master never had (named). */
  errant: z.string(),
  errantCount: z.number().int(),
  /** Transactions the most advanced replica has and this one has not (null: cannot be told). */
  behind: z.number().int().nullable(),
  /** What it has executed, as shown: GTID state or file:position. */
  executed: z.string(),
  lag: Lag.optional(),
  reasons: z.array(Reason),
});
export type CandidateRank = z.infer<typeof CandidateRank>;

export const FailoverPlan = z.object({
  cluster: z.string(),
  master: z.string(),
  mode: PlanMode,
  /** How positions are compared. */
  positioning: z.enum(['mariadb-gtid', 'mysql-gtid', 'binlog-file']),
  candidates: z.array(CandidateRank),
  /** The one a run would promote (absent when none can be). */
  chosen: z.string().optional(),
  /** A more advanced replica the chosen one first fetches the transactions it lacks from. */
  catchUpFrom: z.string().optional(),
  loss: z.object({
    /** exact: read from the dead master's binlog; at-least: from its last probe; none; unknown. */
    certainty: z.enum(['none', 'exact', 'at-least', 'unknown']),
    transactions: z.number().int().nullable(),
    gtids: z.string(),
    text: z.string(),
  }),
  warnings: z.array(z.string()),
  /** Why no run can start, when none can. */
  blockers: z.array(z.string()),
  collectedAt: z.string(),
});
export type FailoverPlan = z.infer<typeof FailoverPlan>;

export const FailoverPlanParams = z
  .object({
    master: hostRef,
    mode: PlanMode.default('failover'),
    to: hostRef.optional(),
  })
  .strict();
export type FailoverPlanParams = z.infer<typeof FailoverPlanParams>;

export const ClusterPlanView = z.object({
  cluster: ClusterInfo,
  health: MasterHealth,
  plan: FailoverPlan,
  input: FailoverInput,
  /** The topology the plan was made from, with lag and the master's health. */
  topology: Topology,
});
export type ClusterPlanView = z.infer<typeof ClusterPlanView>;

export const ClusterRef = z.object({ host: hostRef }).strict();
export { clusterName as ClusterNameSchema };

// ---------------------------------------------------------------- reports (kept in the store)

export const FailoverKind = z.enum(['switchover', 'failover', 'rejoin']);
export type FailoverKind = z.infer<typeof FailoverKind>;

export const PhaseTiming = z.object({
  phase: z.string(),
  title: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  seconds: z.number().nullable(),
});
export type PhaseTiming = z.infer<typeof PhaseTiming>;

export const TimelineEntry = z.object({ at: z.string(), text: z.string() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const FailoverReport = z.object({
  id: z.string(),
  cluster: z.string(),
  kind: FailoverKind,
  drill: z.boolean(),
  automatic: z.boolean(),
  runId: z.string().optional(),
  oldMaster: z.string(),
  newMaster: z.string().optional(),
  /** The run's status (running, succeeded, failed, cancelled, interrupted). */
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  phases: z.array(PhaseTiming),
  timeline: z.array(TimelineEntry),
  /** Switchover: from the fence to writes accepted on the new master. */
  writeUnavailableSeconds: z.number().nullable(),
  /** What the failover lost (planned: none). */
  loss: FailoverPlan.shape.loss.optional(),
  /** Ranking at the time of the decision: name → rank. */
  ranking: z.array(z.object({ name: z.string(), rank: z.number().int(), eligible: z.boolean() })),
});
export type FailoverReport = z.infer<typeof FailoverReport>;

// ---------------------------------------------------------------- workflow params

export const SwitchoverParams = z
  .object({
    master: hostRef,
    /** Promote this replica (default: the best ranked). */
    to: hostRef.optional(),
    /** A drill: a real switchover on a test cluster, with its report marked as a drill. */
    drill: z.boolean().default(false),
    /** How long every replica may take to execute the old master's last transaction. */
    catchUpTimeoutSec: z.number().int().min(1).max(3600).default(30),
  })
  .strict();
export type SwitchoverParams = z.infer<typeof SwitchoverParams>;
export type SwitchoverParamsIn = z.input<typeof SwitchoverParams>;

export const FailoverParams = z
  .object({
    master: hostRef,
    to: hostRef.optional(),
    drill: z.boolean().default(false),
    /** Started by Opsdeck's monitor without a person (a cluster with automatic failover). */
    automatic: z.boolean().default(false),
    /** How long the candidate may take to apply its relay log. */
    catchUpTimeoutSec: z.number().int().min(1).max(3600).default(60),
    /** On EC2: stop the old master's instance as part of the fence. */
    stopOldInstance: z.boolean().default(false),
  })
  .strict();
export type FailoverParams = z.infer<typeof FailoverParams>;
export type FailoverParamsIn = z.input<typeof FailoverParams>;

export const RejoinParams = z
  .object({
    /** The old master. */
    host: hostRef,
    /** The master it replicates from from now on. */
    under: hostRef,
    /** When it diverged: seed it afresh from `under` (replication setup, hot backup). */
    reseed: z.boolean().default(false),
    catchUpTimeoutSec: z.number().int().min(1).max(3600).default(120),
  })
  .strict();
export type RejoinParams = z.infer<typeof RejoinParams>;
export type RejoinParamsIn = z.input<typeof RejoinParams>;
