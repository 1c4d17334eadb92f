import { z } from 'zod';
import { BackupCheck, type BackupRestoreParams } from '../../../contract';
import { outputOf, type StepContext } from '../engine/definition';

export type Ctx = StepContext<BackupRestoreParams>;

/** What the check found on the target, and the restore test this run replaces. */
export const CHECK = outputOf(
  'check',
  z.object({
    startedAt: z.string(),
    datadir: z.string(),
    /** The target's databases the restore replaces (every one for a physical backup). */
    replaced: z.array(z.string()),
    /** The backup's restore test before this run (put back if this run is rolled back unjudged). */
    previousTest: BackupCheck.optional(),
    /** Snapshot sets: where the volumes go. */
    set: z
      .object({
        aws: z.object({ account: z.string(), region: z.string().optional() }),
        instanceId: z.string(),
        zone: z.string(),
        devices: z.array(z.string()),
      })
      .optional(),
  }),
);

/** What the stage left ready on the target before its data is touched. */
export const STAGED = outputOf(
  'stage',
  z.object({
    /** Hot backups: the prepared copy. */
    staging: z.string().optional(),
    /** Snapshot sets: the restored volumes and their paths on the host, in member order. */
    volumes: z
      .array(z.object({ volumeId: z.string(), device: z.string(), path: z.string() }))
      .optional(),
    bytes: z.number(),
  }),
);

export const RESTORED = outputOf(
  'replace',
  z.object({ bytes: z.number(), durationMs: z.number() }),
);

export const ROLLED = outputOf('roll-forward', z.object({ reached: z.string() }));

export const TableResult = z.object({
  table: z.string(),
  expectedRows: z.number(),
  rows: z.number(),
  checksumMatch: z.boolean().optional(),
});

export const TESTED = outputOf('verify', z.object({ tables: z.array(TableResult) }));
