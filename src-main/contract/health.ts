import { z } from 'zod';

/** Health of a master from several angles, and replica lag (heartbeat or Seconds_Behind_Master). */

export const MasterVerdict = z.enum([
  /** Opsdeck reaches the master's MySQL. */
  'alive',
  /** MySQL, SSH and every replica lost it (or SSH says mysqld is down): failover is justified. */
  'dead',
  /** Opsdeck lost it but a replica still replicates from it: never fail over on this. */
  'partition',
  /** Opsdeck's MySQL login fails but the server answers on its host: Opsdeck's path is broken. */
  'unreachable-by-opsdeck',
  /** Not enough angles answered to tell (e.g. no replica reachable either). */
  'unknown',
]);
export type MasterVerdict = z.infer<typeof MasterVerdict>;

export const HealthAngle = z.object({
  /** e.g. "Opsdeck → MySQL", "Opsdeck → SSH", "db2 IO thread". */
  angle: z.string(),
  ok: z.boolean().nullable(),
  detail: z.string(),
});
export type HealthAngle = z.infer<typeof HealthAngle>;

export const MasterHealth = z.object({
  master: z.string(),
  verdict: MasterVerdict,
  /** One line a person reads first. */
  summary: z.string(),
  angles: z.array(HealthAngle),
  checkedAt: z.string(),
});
export type MasterHealth = z.infer<typeof MasterHealth>;

export const Lag = z.object({
  seconds: z.number().nullable(),
  /** heartbeat: Opsdeck's own table, sub-second; seconds-behind: Seconds_Behind_Master (coarse). */
  source: z.enum(['heartbeat', 'seconds-behind']),
});
export type Lag = z.infer<typeof Lag>;

/** Opsdeck's monitor saw a master in trouble (and what it did about it). */
export const MasterAlert = z.object({
  cluster: z.string(),
  master: z.string(),
  verdict: MasterVerdict,
  summary: z.string(),
  at: z.string(),
  /** failover-started: automatic failover on; person-needed: it is off; refused: the run would not start. */
  action: z.enum(['none', 'failover-started', 'person-needed', 'refused']),
  runId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string() }).optional(),
});
export type MasterAlert = z.infer<typeof MasterAlert>;
