import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';

/** Payload schemas of the SSH areas: terminals, cluster exec, SFTP files and transfers. */

const id = z.string().min(1).max(128);

// ---------------------------------------------------------------------------------------- terminals

export const TerminalState = z.enum(['connecting', 'open', 'closed', 'failed']);
export type TerminalState = z.infer<typeof TerminalState>;

/** Why a terminal is closed: the shell ended, the connection dropped, or a door closed it. */
export const TerminalCloseReason = z.enum(['exited', 'disconnected', 'closed']);

export const TerminalInfo = z.object({
  terminalId: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  state: TerminalState,
  cols: z.number().int(),
  rows: z.number().int(),
  openedAt: z.string(),
  /** Local file receiving the raw session output, when opened with logToFile. */
  logPath: z.string().optional(),
  /** True while the core holds the SSH stream because the renderer is behind on acks. */
  paused: z.boolean(),
  error: ErrorShapeSchema.optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

/**
 * A terminal's output while it streams comes at most once per this frame (one display frame at
 * 60 Hz); the core process's frame batch for a window uses the same frame, telling a stream from
 * a fresh echo by a terminal emitting at least once per frame.
 */
export const TERMINAL_FRAME_MS = 16;

/**
 * Output of a terminal, coalesced (at once after a quiet frame, then once per TERMINAL_FRAME_MS
 * or 64 KB per event). `seq` counts events per terminal from 0, going on across reconnects (an
 * old connection's late ack is then below what the new one sent). Flow control: a renderer acks the `seq` of the last event
 * it has drawn (terminals.ack, cumulative: everything up to it); the core pauses the SSH stream
 * while more than ~1 MB is unacknowledged and resumes below ~256 KB. A lost ack is covered by
 * the next one, so a terminal never stays paused because an ack or some output went missing.
 */
export const TerminalDataEvent = z.object({
  terminalId: z.string(),
  data: z.string(),
  seq: z.number().int(),
});
export type TerminalDataEvent = z.infer<typeof TerminalDataEvent>;

export const TerminalStateEvent = z.object({
  terminalId: z.string(),
  state: TerminalState,
  reason: TerminalCloseReason.optional(),
  /** Exit status of the remote shell when reason is `exited`. */
  exitCode: z.number().int().optional(),
  /** Set for failed (could not open) and disconnected terminals; say so and offer reconnect. */
  error: ErrorShapeSchema.optional(),
});
export type TerminalStateEvent = z.infer<typeof TerminalStateEvent>;

export const TerminalOpenParams = z
  .object({
    hostId: id,
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(500),
    logToFile: z.boolean().default(false),
  })
  .strict();

export const BroadcastResult = z.object({
  written: z.array(z.string()),
  skipped: z.array(z.object({ terminalId: z.string(), reason: z.string() })),
});

// ------------------------------------------------------------------------------------ cluster exec

/**
 * ok: exit 0; failed: ran and exited non-zero (or died from a signal); unreachable: never ran
 * (DNS, refused, timeout, auth, host key, channel); timeout: exceeded the per-host timeout and was
 * killed; cancelled: the run was cancelled before the host finished.
 */
export const ExecHostStatus = z.enum([
  'pending',
  'running',
  'ok',
  'failed',
  'unreachable',
  'timeout',
  'cancelled',
]);
export type ExecHostStatus = z.infer<typeof ExecHostStatus>;

export const ExecSummary = z.object({
  total: z.number().int(),
  ok: z.number().int(),
  failed: z.number().int(),
  unreachable: z.number().int(),
  timeout: z.number().int(),
  cancelled: z.number().int(),
});
export type ExecSummary = z.infer<typeof ExecSummary>;

export const ExecRunStatus = z.enum(['running', 'finished', 'cancelled', 'interrupted']);

export const ExecHostResult = z.object({
  hostId: z.string(),
  hostName: z.string(),
  status: ExecHostStatus,
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  durationMs: z.number().int().nullable(),
  /** Captured output (redacted), at most 64 KiB per stream; `truncated` says more was produced. */
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean(),
  error: ErrorShapeSchema.optional(),
});
export type ExecHostResult = z.infer<typeof ExecHostResult>;

export const ExecRunSummary = z.object({
  execId: z.string(),
  /** The command as stored: redacted. */
  command: z.string(),
  door: z.string(),
  parallel: z.number().int(),
  timeoutSec: z.number(),
  status: ExecRunStatus,
  summary: ExecSummary,
  rerunOf: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type ExecRunSummary = z.infer<typeof ExecRunSummary>;

export const ExecRunDetail = ExecRunSummary.extend({ hosts: z.array(ExecHostResult) });
export type ExecRunDetail = z.infer<typeof ExecRunDetail>;

const hostRef = z.object({ hostId: z.string(), hostName: z.string() });

/** Live progress of a cluster exec (topic `exec.event`). */
export const ExecEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    execId: z.string(),
    command: z.string(),
    hosts: z.array(hostRef),
  }),
  hostRef.extend({ type: z.literal('host-started'), execId: z.string() }),
  hostRef.extend({
    type: z.literal('output'),
    execId: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    data: z.string(),
  }),
  hostRef.extend({
    type: z.literal('host-done'),
    execId: z.string(),
    status: ExecHostStatus,
    exitCode: z.number().int().nullable(),
    signal: z.string().optional(),
    durationMs: z.number().int(),
    error: ErrorShapeSchema.optional(),
  }),
  z.object({
    type: z.literal('finished'),
    execId: z.string(),
    status: ExecRunStatus,
    summary: ExecSummary,
    durationMs: z.number().int(),
  }),
]);
export type ExecEvent = z.infer<typeof ExecEvent>;

export const ExecRunParams = z
  .object({
    hostIds: z.array(id).min(1).max(10000).optional(),
    group: z.string().min(1).max(64).optional(),
    command: z.string().min(1).max(65536),
    /** Hosts at once (default 32, like pssh/pdsh: a 20–30 host fan-out runs in one wave). */
    parallel: z.number().int().min(1).max(500).default(32),
    timeoutSec: z.number().min(1).max(86400).default(30),
  })
  .strict()
  .refine((p) => (p.hostIds ? 1 : 0) + (p.group ? 1 : 0) === 1, {
    message: 'Give either hostIds or group (exactly one)',
  });

// ------------------------------------------------------------------------------------------ files

export const FileContent = z.object({
  path: z.string(),
  /** UTF-8 text; empty when `binary` is true (binary files are not sent). */
  content: z.string(),
  mtimeMs: z.number(),
  size: z.number().int(),
  mode: z.number().int(),
  uid: z.number().int(),
  gid: z.number().int(),
  binary: z.boolean(),
  /** Pass back to files.write; it changes when mtime, size or content change. */
  etag: z.string(),
});
export type FileContent = z.infer<typeof FileContent>;

export const FileWriteResult = z.object({
  path: z.string(),
  /** Timestamped copy of the previous content beside the file; null when the file was new. */
  backupPath: z.string().nullable(),
  etag: z.string(),
});
export type FileWriteResult = z.infer<typeof FileWriteResult>;

/** What a directory entry is; a symlink also says what it points to (`targetType`). */
export const FileEntryType = z.enum(['file', 'dir', 'symlink', 'other']);
export type FileEntryType = z.infer<typeof FileEntryType>;

export const FileEntry = z.object({
  name: z.string(),
  type: FileEntryType,
  size: z.number(),
  /** Permission bits (incl. setuid/setgid/sticky), e.g. 0o644. */
  mode: z.number().int(),
  /** `ls -l` style: type character + rwx triplets, e.g. `drwxr-xr-x`, `-rwsr-x---`. */
  permissions: z.string(),
  uid: z.number().int(),
  gid: z.number().int(),
  /** Owner and group names when the server's listing gives them (OpenSSH does). */
  owner: z.string().optional(),
  group: z.string().optional(),
  mtimeMs: z.number(),
  /** Symlinks: where it points (as written) and what that is (`missing` when dangling). */
  target: z.string().optional(),
  targetType: z.enum(['file', 'dir', 'other', 'missing']).optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const FileListing = z.object({
  /** The directory listed, resolved (`.` is the login user's home). */
  path: z.string(),
  /** Directories (and links to directories) first, then by name. */
  entries: z.array(FileEntry),
  /** More entries than `limit` existed; the first `limit` (in that order) are returned. */
  truncated: z.boolean(),
});
export type FileListing = z.infer<typeof FileListing>;

/** Local folders of the machine running the core (where downloads land by default). */
export const LocalFolders = z.object({ home: z.string(), downloads: z.string() });
export type LocalFolders = z.infer<typeof LocalFolders>;

export const TransferState = z.enum(['running', 'done', 'failed', 'cancelled']);

export const TransferProgress = z.object({
  transferId: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  direction: z.enum(['download', 'upload']),
  remotePath: z.string(),
  localPath: z.string(),
  transferred: z.number(),
  total: z.number(),
  state: TransferState,
  /** Upload over an existing remote file: the timestamped backup left beside it. */
  backupPath: z.string().optional(),
  error: ErrorShapeSchema.optional(),
});
export type TransferProgress = z.infer<typeof TransferProgress>;

export const TransferParams = z
  .object({
    hostId: id,
    remotePath: z.string().min(1).max(4096),
    localPath: z.string().min(1).max(4096),
  })
  .strict();

// ---------------------------------------------------------------------------------------- host keys

export const HostKeyReplaceResult = z.object({
  hostId: z.string(),
  keyType: z.string(),
  /** The fingerprint the server presents now (compare it out of band before confirming). */
  fingerprint: z.string(),
  /** What Opsdeck had recorded for that key type — or, if none, for another type — if anything. */
  previousFingerprint: z.string().optional(),
  /** The type of the recorded key (differs from keyType when the server now presents another type). */
  previousKeyType: z.string().optional(),
  /** False = preview only: call again with confirmFingerprint equal to `fingerprint`. */
  replaced: z.boolean(),
});
export type HostKeyReplaceResult = z.infer<typeof HostKeyReplaceResult>;
