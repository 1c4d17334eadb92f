import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';
import { FILE_KINDS } from './config-text/file-kind';

/** Payload schemas of config diff, save-back, snapshots and fleet drift (docs/diff.md). */

export const FileKindSchema = z.enum(FILE_KINDS);

const hostId = z.string().min(1).max(128);
const remotePath = z.string().min(1).max(4096);
const localPath = z.string().min(1).max(4096);
const snapshotId = z.number().int().positive();
/** The default size limit of a compared file (the editor's too). */
export const DIFF_MAX_BYTES = 5 * 1024 * 1024;

/** Where one side of a comparison comes from. */
export const DiffSource = z.discriminatedUnion('kind', [
  /** A file on an inventory host over SFTP; `sudo`: read with `sudo -n` (default: the profile's choice). */
  z
    .object({ kind: z.literal('host'), hostId, path: remotePath, sudo: z.boolean().optional() })
    .strict(),
  /** A file on the machine running Opsdeck. */
  z.object({ kind: z.literal('local'), path: localPath }).strict(),
  /** A stored snapshot. */
  z.object({ kind: z.literal('snapshot'), snapshotId }).strict(),
  /** The newest snapshot of that host's file taken at or before `at` (ISO time): "yesterday". */
  z
    .object({ kind: z.literal('snapshot-at'), hostId, path: remotePath, at: z.iso.datetime() })
    .strict(),
  /** A local template file rendered with the host's inventory variables ({{ name }}, {{ tag.x }}). */
  z.object({ kind: z.literal('template'), path: localPath, hostId }).strict(),
]);
export type DiffSource = z.infer<typeof DiffSource>;

export const LineEndingsSchema = z.enum(['lf', 'crlf', 'mixed', 'none']);

/** One loaded side of a comparison. */
export const DiffSide = z.object({
  source: DiffSource,
  /** What to call it: `db1:/etc/mysql/my.cnf`, `snapshot #12 of db1:… (2024-05-01 10:00)`. */
  label: z.string(),
  /** The resolved path (symlinks followed for host files). */
  path: z.string(),
  kind: FileKindSchema,
  content: z.string(),
  /** The file does not exist: the side is compared as empty and marked. */
  missing: z.boolean(),
  /** Can be saved back (host files). */
  editable: z.boolean(),
  /** Version read, for the save (host files); null for a missing file (saving creates it). */
  etag: z.string().nullable(),
  readVia: z.enum(['sftp', 'sudo', 'local', 'store', 'template']),
  size: z.number().int().nonnegative(),
  lineEndings: LineEndingsSchema,
  hostId: z.string().optional(),
  hostName: z.string().optional(),
  mode: z.number().int().optional(),
  uid: z.number().int().optional(),
  gid: z.number().int().optional(),
  mtimeMs: z.number().optional(),
  snapshotId: z.number().int().optional(),
  takenAt: z.string().optional(),
});
export type DiffSide = z.infer<typeof DiffSide>;

export const CompareOptionsSchema = z.object({
  ignoreWhitespace: z.boolean().default(false),
  ignoreComments: z.boolean().default(false),
});

export const DiffStats = z.object({
  hunks: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
});
export type DiffStats = z.infer<typeof DiffStats>;

export const DiffCompareResult = z.object({
  different: z.boolean(),
  /** `diff -u` style text (empty when the files are the same under the options). */
  unified: z.string(),
  stats: DiffStats,
  /** The two sides without their content. */
  sides: z.array(DiffSide.omit({ content: true })),
});
export type DiffCompareResult = z.infer<typeof DiffCompareResult>;

/** A command run on the host around a save: validation before, reload after. */
export const ConfigCommand = z.object({
  command: z.string(),
  /** From the host profile's rule, or Opsdeck's default for the file kind. */
  from: z.enum(['profile', 'default']),
  /** What it does, for the confirmation ("haproxy -c checks the new file"). */
  description: z.string(),
});
export type ConfigCommand = z.infer<typeof ConfigCommand>;

export const ConfigChecks = z.object({
  kind: FileKindSchema,
  validate: ConfigCommand.optional(),
  reload: ConfigCommand.optional(),
  /** Why there is no validation (so the dialog can say it). */
  note: z.string().optional(),
});
export type ConfigChecks = z.infer<typeof ConfigChecks>;

export const CommandOutcome = z.object({
  command: z.string(),
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  /** stdout + stderr, trimmed to the last 8 KiB, redacted. */
  output: z.string(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

export const SaveBackParams = z
  .object({
    hostId,
    path: remotePath,
    content: z.string().max(50 * 1024 * 1024),
    /** etag from the read; null when the file did not exist. */
    expectedEtag: z.string().max(256).nullable(),
    /**
     * How the file is read again and written. true: always through `sudo -n`; false: never (a
     * denied write is PERMISSION_DENIED); omitted: over SFTP, and through `sudo -n` when SFTP is
     * denied and the login needs it (not root, or **sudo** in the host profile). A side read over
     * SFTP is saved with it omitted (`saveSudoFor`), so a world-readable file in a root-owned
     * folder still saves through sudo.
     */
    sudo: z.boolean().optional(),
    /** Run the validation on the new file before it replaces the old one (when one is known). */
    validate: z.boolean().default(true),
    /** Run the reload command after the write (when one is known). */
    reload: z.boolean().default(false),
  })
  .strict();
export type SaveBackParams = z.input<typeof SaveBackParams>;

/**
 * The `sudo` a save of a side sends: true when the side was read through sudo (it will need it
 * again), otherwise omitted so the host decides (SFTP, then sudo when denied and allowed).
 */
export const saveSudoFor = (readVia: DiffSide['readVia']): true | undefined =>
  readVia === 'sudo' ? true : undefined;

/**
 * The words a PERMISSION_DENIED read error's hint starts its offer with when the login may use
 * `sudo -n` (the profile does not say to read through sudo): the window then offers "Read with
 * sudo", which loads the denied host sources again with `sudo: true`.
 */
export const READ_WITH_SUDO_OFFER = 'Read it with sudo';

/** Whether an error is a denied read that sudo could do (see READ_WITH_SUDO_OFFER). */
export const offersReadWithSudo = (e: { code: string; hint: string } | null | undefined) =>
  e?.code === 'PERMISSION_DENIED' && e.hint.startsWith(READ_WITH_SUDO_OFFER);

export const SaveBackResult = z.object({
  path: z.string(),
  backupPath: z.string().nullable(),
  etag: z.string(),
  /** The snapshot of the replaced content (none when the file was created). */
  snapshotId: z.number().int().nullable(),
  /**
   * Set when the file was written in place, not atomically, and why (it is a mount point, e.g. a
   * container's bind-mounted /etc/hosts, which rename(2) cannot replace). The backup is still left.
   */
  inPlace: z.string().optional(),
  validation: CommandOutcome.optional(),
  reload: CommandOutcome.optional(),
  stats: DiffStats,
});
export type SaveBackResult = z.infer<typeof SaveBackResult>;

export const SnapshotReason = z.enum(['manual', 'before-save', 'drift', 'before-restore', 'push']);
export const SnapshotInfo = z.object({
  id: z.number().int(),
  hostId: z.string(),
  hostName: z.string(),
  path: z.string(),
  takenAt: z.string(),
  reason: SnapshotReason,
  size: z.number().int(),
  note: z.string(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** Which content the drift view compares everyone with. */
export const DriftBaseline = z.discriminatedUnion('kind', [
  /** The largest cluster (ties: the one holding the first host by name). */
  z.object({ kind: z.literal('majority') }).strict(),
  /** A chosen golden host's file. */
  z.object({ kind: z.literal('host'), hostId }).strict(),
  /** A local template, rendered for each host with its own variables. */
  z.object({ kind: z.literal('template'), path: localPath }).strict(),
]);
export type DriftBaseline = z.infer<typeof DriftBaseline>;

export const DriftParams = z
  .object({
    group: z.string().min(1).max(64).optional(),
    hostIds: z.array(hostId).min(1).max(5000).optional(),
    path: remotePath,
    ...CompareOptionsSchema.shape,
    baseline: DriftBaseline.default({ kind: 'majority' }),
    parallel: z.number().int().min(1).max(256).default(32),
    timeoutSec: z.number().min(1).max(600).default(20),
    /** Keep each host's content as a snapshot when it changed since the last one (for "yesterday"). */
    snapshot: z.boolean().default(true),
  })
  .strict()
  .refine((p) => !p.group !== !p.hostIds, { message: 'Give exactly one of group or hostIds' });
export type DriftParams = z.input<typeof DriftParams>;

export const DriftHostStatus = z.enum([
  'ok',
  'missing',
  'unreachable',
  'denied',
  'binary',
  'too-large',
  'error',
]);
export type DriftHostStatus = z.infer<typeof DriftHostStatus>;

export const DriftHost = z.object({
  hostId: z.string(),
  hostName: z.string(),
  status: DriftHostStatus,
  /** Cluster of hosts with the same content (ok and missing hosts). */
  clusterId: z.number().int().optional(),
  matchesBaseline: z.boolean(),
  size: z.number().int().optional(),
  error: ErrorShapeSchema.optional(),
  ms: z.number(),
});
export type DriftHost = z.infer<typeof DriftHost>;

export const DriftCluster = z.object({
  id: z.number().int(),
  /** Hash of the compared content (under the options), or of the deviation from the template. */
  hash: z.string(),
  hostIds: z.array(z.string()),
  /** The host whose file stands for the cluster (first by name). */
  representative: z.string(),
  baseline: z.boolean(),
  /** Everyone here lacks the file. */
  missing: z.boolean(),
  /** Lines added/removed relative to the baseline (representative vs baseline). */
  added: z.number().int(),
  removed: z.number().int(),
});
export type DriftCluster = z.infer<typeof DriftCluster>;

export const DriftReport = z.object({
  path: z.string(),
  kind: FileKindSchema,
  at: z.string(),
  options: CompareOptionsSchema,
  baseline: z.object({
    kind: z.enum(['majority', 'host', 'template']),
    label: z.string(),
    clusterId: z.number().int().nullable(),
    templatePath: z.string().optional(),
  }),
  hosts: z.array(DriftHost),
  clusters: z.array(DriftCluster),
  durationMs: z.number(),
});
export type DriftReport = z.infer<typeof DriftReport>;
