import { z } from 'zod';

/**
 * Locks on hosts and clusters: a run declares what it needs (from its params) and holds it from
 * its first step to its end state, whatever that is. A second run that needs a held lock waits
 * (queued behind it) or is refused with who holds it — the caller chooses.
 */
export const LockKind = z.enum(['host', 'cluster']);
export type LockKind = z.infer<typeof LockKind>;

export const LockRequest = z.object({
  kind: LockKind,
  /** Stable key: a host id, a cluster name. */
  key: z.string().min(1).max(256),
  /** What people read: the host's name, the cluster's. */
  label: z.string(),
});
export type LockRequest = z.infer<typeof LockRequest>;

/** A held lock and the run holding it. */
export const LockHolder = LockRequest.extend({
  runId: z.string(),
  workflow: z.string(),
  /** The workflow's title and the run's subject, e.g. "Set up MySQL replication", "db1 → db2". */
  title: z.string(),
  subject: z.string(),
  /** The door that started the run: electron, web, cli. */
  door: z.string(),
  since: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

/** "db1 is held by run 3f2a… (Set up MySQL replication, db1 → db2, from cli)". */
export function describeHolder(h: LockHolder): string {
  return `${h.kind} ${h.label} is held by run ${h.runId.slice(0, 8)} (${h.title}, ${h.subject}, from ${h.door})`;
}
