import { z } from 'zod';
import { Coordinates, SnapshotMember, TableStat, type BackupRunParams } from '../../../contract';
import type { OutputOf, StepContext } from '../engine/definition';
import { outputOf } from '../engine/definition';

export type Ctx = StepContext<BackupRunParams>;

const TableInfo = z.object({
  db: z.string(),
  table: z.string(),
  engine: z.string(),
  bytes: z.number(),
});

/** What the preflight found: the tool, the tables, the consistent-point needs. */
export const PLAN = outputOf(
  'preflight',
  z.object({
    tool: z.string(),
    compression: z.enum(['zstd', 'gzip', 'none']),
    databases: z.array(z.string()),
    tables: z.array(TableInfo),
    binlog: z.boolean(),
    datadir: z.string(),
    /** About how many bytes the tool writes before compression (the progress's total). */
    estimateBytes: z.number(),
    /** The host's dd can count the stream (progress with a total). */
    count: z.boolean(),
    /** Snapshot sets: the EC2 side and the data dir's member volumes. */
    ec2: z
      .object({
        account: z.string(),
        region: z.string().optional(),
        instanceId: z.string(),
        mountpoint: z.string(),
        members: z.array(z.object({ device: z.string(), volumeId: z.string() })),
        exclude: z.array(z.string()),
      })
      .optional(),
  }),
);
export type BackupPlan = OutputOf<typeof PLAN>;

/** The catalog entry this run fills (created running; failed unless the backup is whole). */
export const CATALOGUE = outputOf(
  'catalogue',
  z.object({
    backupId: z.string(),
    destination: z.string(),
    location: z.string(),
    /** The file's name within its destination (none for a snapshot set). */
    name: z.string().optional(),
  }),
);

/** What was taken: what the catalog entry records. */
export const TAKEN = outputOf(
  'take',
  z.object({
    bytes: z.number(),
    durationMs: z.number(),
    checksum: z.string().optional(),
    coordinates: Coordinates,
    tables: z.array(TableStat),
    lockMs: z.number().optional(),
    /** Snapshot sets: how long the filesystem was frozen, and the snapshots made. */
    freezeMs: z.number().optional(),
    snapshots: z.array(SnapshotMember).optional(),
  }),
);
export type Taken = OutputOf<typeof TAKEN>;
