import { z } from 'zod';

export const AuditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  door: z.string(),
  /** Host name, account/region, or `local`. */
  target: z.string(),
  action: z.string(),
  /** What was done, redacted. */
  detail: z.string(),
  outcome: z.enum(['ok', 'failed']),
  runId: z.string().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
