import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';
import { hostRef } from './metrics';
import { hostLabel } from './hosts';

const service = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9@._-]+$/, 'A service (unit) name: letters, digits, @ . _ -')
  .max(128);

/** One thing a server of a role must satisfy after a deployment. */
export const DeployCheck = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('services-enabled'),
    /** Enabled at boot (systemd, or an S script in the default runlevel on SysV hosts). */
    services: z.array(service).min(1).max(32),
  }),
  z.object({ kind: z.literal('fstab-mounted') }),
  z.object({
    kind: z.literal('replication'),
    maxLagSeconds: z.number().int().min(0).max(86_400).default(30),
  }),
  z.object({ kind: z.literal('read-only'), expected: z.boolean() }),
  z.object({ kind: z.literal('haproxy-backends-up') }),
  z.object({
    kind: z.literal('tables-consistent'),
    /** Databases pt-table-checksum compares (default: all but the system ones). */
    databases: z
      .array(z.string().regex(/^[A-Za-z0-9_$]+$/))
      .max(64)
      .default([]),
  }),
]);
export type DeployCheck = z.infer<typeof DeployCheck>;
export type DeployCheckIn = z.input<typeof DeployCheck>;
export type DeployCheckKind = DeployCheck['kind'];

/** A host group, named as the inventory names it. */
const group = hostLabel;

export const DeploySuiteInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    /** The role: hosts in this group run the suite. */
    role: group.describe('host group the suite applies to'),
    checks: z.array(DeployCheck).min(1).max(32),
    /** Run by itself every N minutes while Opsdeck runs (absent: on demand only). */
    everyMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict();
export type DeploySuiteInput = z.input<typeof DeploySuiteInput>;

export const DeploySuite = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  checks: z.array(DeployCheck),
  everyMinutes: z.number().int().optional(),
  lastRunAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeploySuite = z.infer<typeof DeploySuite>;

export const DeployItemResult = z.object({
  kind: z.string(),
  title: z.string(),
  /** pass, fail, or skipped (does not apply: e.g. no pt-table-checksum on the host). */
  outcome: z.enum(['pass', 'fail', 'skipped']),
  detail: z.string(),
  error: ErrorShapeSchema.optional(),
});
export type DeployItemResult = z.infer<typeof DeployItemResult>;

export const DeployHostResult = z.object({
  host: z.string(),
  passed: z.boolean(),
  items: z.array(DeployItemResult),
});
export type DeployHostResult = z.infer<typeof DeployHostResult>;

export const DeployReport = z.object({
  id: z.string(),
  suiteId: z.string(),
  suite: z.string(),
  role: z.string(),
  door: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  passed: z.boolean(),
  hosts: z.array(DeployHostResult),
});
export type DeployReport = z.infer<typeof DeployReport>;

export const DeployRunParams = z
  .object({
    suite: z.string().min(1).max(80).describe('suite id or name'),
    hosts: z.array(hostRef).max(200).optional().describe('only these hosts of the role'),
  })
  .strict();
