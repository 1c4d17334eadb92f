import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';

/**
 * Backups: kinds, destinations, the catalog, schedules, restore tests. The workflows that make
 * and use them are `backup-run`, `backup-verify` and `backup-restore` (their params are in
 * workflow-params.ts, with every workflow's).
 */
export const BackupKind = z.enum(['dump', 'hot', 'snapshot']);
export type BackupKind = z.infer<typeof BackupKind>;

export const BackupStatus = z.enum(['running', 'succeeded', 'failed']);
export type BackupStatus = z.infer<typeof BackupStatus>;

/**
 * Where backups go: `file:///abs/path` (a folder on this machine), `ssh://<inventory host>/abs/path`
 * (a backup host), `s3://bucket/prefix?account=<aws account>[&endpoint=URL][&region=R][&sse=AES256|aws:kms][&kms=KEY]`.
 */
export const DestinationUrl = z
  .string()
  .trim()
  .max(1024)
  .regex(
    /^(file|ssh|s3):\/\//,
    'A destination is file:///path, ssh://host/path or s3://bucket/prefix',
  );
export type DestinationUrl = z.infer<typeof DestinationUrl>;

/** Keep the newest backup of each of the last N days / ISO weeks / months (0 = none of that kind). */
export const Retention = z.object({
  daily: z.number().int().min(0).max(3650).default(7),
  weekly: z.number().int().min(0).max(520).default(4),
  monthly: z.number().int().min(0).max(240).default(6),
});
export type Retention = z.infer<typeof Retention>;

export const Coordinates = z.object({
  file: z.string().optional(),
  position: z.number().int().optional(),
  gtid: z.string().optional(),
});
export type Coordinates = z.infer<typeof Coordinates>;

/** Rows and CHECKSUM TABLE of one table at the backup's consistent point. */
export const TableStat = z.object({
  table: z.string(),
  rows: z.number().int(),
  checksum: z.string().optional(),
});
export type TableStat = z.infer<typeof TableStat>;

/** A verification or a restore test of one backup. */
export const BackupCheck = z.object({
  status: z.enum(['running', 'passed', 'failed']),
  at: z.string(),
  durationMs: z.number().int().optional(),
  /** Restore tests: where it was restored. */
  host: z.string().optional(),
  runId: z.string().optional(),
  message: z.string(),
  /** Restore tests: tables compared (rows / checksum found after the restore). */
  tables: z
    .array(
      z.object({
        table: z.string(),
        expectedRows: z.number().int(),
        rows: z.number().int(),
        checksumMatch: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type BackupCheck = z.infer<typeof BackupCheck>;

export const SnapshotMember = z.object({
  volumeId: z.string(),
  snapshotId: z.string(),
  /** The device name the volume had on the instance; '' when not known (a snapshot found only by its tag, of a volume no longer a member). */
  device: z.string(),
  sizeGiB: z.number().optional(),
});
export type SnapshotMember = z.infer<typeof SnapshotMember>;

/** One member as the backup's details (desktop and CLI) show it: `snap-… (vol-…, /dev/sdf)`. */
export const formatSnapshotMember = (s: SnapshotMember): string =>
  `${s.snapshotId} (${s.volumeId}, ${s.device || 'unknown device'})`;

export const BackupEntry = z.object({
  id: z.string(),
  kind: BackupKind,
  /** mariadb-dump, mysqldump, mydumper, mariabackup, xtrabackup, ebs. */
  tool: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  status: BackupStatus,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Bytes stored at the destination (compressed). */
  bytes: z.number(),
  /**
   * Taking and storing it: from pinning the consistent point (read lock, snapshot session, the
   * destination's file opened) through the tool's whole run and the stream to the stored file
   * committed. Not the preflight before, nor the row counts and verification after.
   */
  durationMs: z.number().int().optional(),
  /** Stored (compressed) bytes per second of durationMs. */
  throughput: z.number().optional(),
  compression: z.enum(['zstd', 'gzip', 'none']),
  coordinates: Coordinates,
  /** sha256 of the stored file, computed as it streamed. */
  checksum: z.string().optional(),
  destination: z.string(),
  /** The stored object: full URL of the file (or the snapshot set's id). */
  location: z.string(),
  runId: z.string().optional(),
  scheduleId: z.string().optional(),
  /** Row counts / checksums at the backup's consistent point (what restore tests compare). */
  tables: z.array(TableStat),
  snapshots: z.array(SnapshotMember).optional(),
  /** Read lock held by a snapshot set, in ms. */
  lockMs: z.number().int().optional(),
  error: ErrorShapeSchema.optional(),
  verify: BackupCheck.optional(),
  restoreTest: BackupCheck.optional(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

const hostRef = z.string().trim().min(1).max(128);

/** When a schedule runs: every day at a time, every week on a day, or every N hours. */
export const ScheduleWhen = z.discriminatedUnion('every', [
  z.object({ every: z.literal('day'), at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }),
  z.object({
    every: z.literal('week'),
    day: z.number().int().min(0).max(6),
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  }),
  z.object({ every: z.literal('hours'), hours: z.number().int().min(1).max(168) }),
]);
export type ScheduleWhen = z.infer<typeof ScheduleWhen>;

/** A schedule's time in words ("daily at 02:30"), the same in the CLI and the GUI. */
export function describeWhen(when: ScheduleWhen): string {
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  if (when.every === 'hours') return `every ${when.hours} h`;
  return when.every === 'day' ? `daily at ${when.at}` : `${days[when.day]}s at ${when.at}`;
}

export const ScheduleInput = z
  .object({
    name: z.string().trim().min(1).max(64),
    host: hostRef,
    kind: BackupKind.default('hot'),
    to: DestinationUrl.optional(),
    when: ScheduleWhen,
    retention: Retention.default({ daily: 7, weekly: 4, monthly: 6 }),
    /** After each backup, restore it here and verify (a restore test). */
    restoreTestOn: hostRef.optional(),
    /** Hot backups: the host each run's verify prepares the backup on (see backup-run verifyOn). */
    verifyOn: hostRef.optional(),
    /** The scratch host's name typed again: its databases are replaced by every restore test. */
    confirmScratch: z.string().max(128).optional(),
    /** `opsdeck`: run by Opsdeck while it is open; `cron`: a cron entry on `cronHost`. */
    runner: z.enum(['opsdeck', 'cron']).default('opsdeck'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type ScheduleInput = z.input<typeof ScheduleInput>;

export const Schedule = z.object({
  id: z.string(),
  name: z.string(),
  hostName: z.string(),
  kind: BackupKind,
  to: z.string().optional(),
  when: ScheduleWhen,
  retention: Retention,
  restoreTestOn: z.string().optional(),
  verifyOn: z.string().optional(),
  runner: z.enum(['opsdeck', 'cron']),
  enabled: z.boolean(),
  /** Cron runner: installed on the host (and the crontab backup kept there). */
  cronInstalled: z.boolean(),
  lastRunAt: z.string().optional(),
  lastRunId: z.string().optional(),
  nextRunAt: z.string().optional(),
  createdAt: z.string(),
});
export type Schedule = z.infer<typeof Schedule>;

export const CronPlan = z.object({
  host: z.string(),
  /** The script written to the host, shown before installing. */
  script: z.string(),
  scriptPath: z.string(),
  /** The crontab line. */
  line: z.string(),
  /** Where the current crontab is copied before it is changed. */
  crontabBackup: z.string(),
});
export type CronPlan = z.infer<typeof CronPlan>;

export const BackupsEvent = z.object({ ids: z.array(z.string()), reason: z.string() });

/** What importing the manifests of cron-made backups found (`backups.importCron`). */
export const CronImportResult = z.object({
  /** Catalog ids of the backups newly imported. */
  imported: z.array(z.string()),
  /** Catalog entries of cron backups whose file is gone from the host (cron's retention removed it). */
  removed: z.array(z.string()),
  /** Manifests that could not be read, and why. */
  skipped: z.array(z.object({ host: z.string(), file: z.string(), message: z.string() })),
  /**
   * Schedule folders that do not exist on their host (a disk not mounted, a host renamed in
   * Opsdeck): nothing of those schedules was forgotten.
   */
  missingFolders: z.array(z.object({ host: z.string(), folder: z.string() })).default([]),
});
export type CronImportResult = z.infer<typeof CronImportResult>;
