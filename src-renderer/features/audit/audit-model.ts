import type { AuditRecord } from '../../../src-main/contract';

/** How many records the Audit area holds. */
export const AUDIT_LIMIT = 2000;

/**
 * Records newest first, each once: `incoming` (audit.appended events, or a fresh list) merged
 * into what is shown, cut to `limit`. Ids grow with every append, so they order the trail.
 */
export function mergeAudit(
  shown: readonly AuditRecord[],
  incoming: readonly AuditRecord[],
  limit = AUDIT_LIMIT,
): AuditRecord[] {
  const byId = new Map<number, AuditRecord>();
  for (const r of shown) byId.set(r.id, r);
  for (const r of incoming) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}
