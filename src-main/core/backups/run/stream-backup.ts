import { pipeline } from 'node:stream/promises';
import {
  OpsdeckError,
  toErrorShape,
  type Coordinates,
  type Host,
  type TableStat,
} from '../../../contract';
import type { Dialect } from '../../mysql';
import type { BackupStore, StoreWriter } from '../destinations/store';
import type { TableInfo } from '../consistency/table-stats';
import type { Compression } from '../tools/compression';
import {
  DUMP_SNAPSHOT_TAKEN,
  dumpSource,
  hotSource,
  lastCopied,
  withoutCounts,
  mydumperSource,
  MYDUMPER_SNAPSHOT_TAKEN,
  parseHotBackupLog,
  parseMydumperMetadata,
} from '../tools/sources';
import type { BackupCtx } from '../types';
import { pinConsistentPoint, type ConsistentPoint } from './consistent-point';
import { HashingStream, STREAM_BUFFER } from './hashing';
import { asRootPipeline } from '../../ssh/privilege';
import { StoppedError } from '../../ssh/remote-stop';

export interface StreamBackupInput {
  backupId: string;
  host: Host;
  kind: 'dump' | 'hot';
  /** dump: mariadb-dump / mysqldump, or mydumper (parallel). */
  tool: string;
  dialect: Dialect;
  databases: readonly string[];
  tables: readonly TableInfo[];
  binlog: boolean;
  compression: Compression;
  threads: number;
  lockTimeoutMs: number;
  /** mydumper's staging folder on the host. */
  staging: string;
  store: BackupStore;
  /** The file's name in the store. */
  name: string;
  location: string;
  /** The host can count the compressor's input (/proc/<pid>/io): progress with a total then. */
  count: boolean;
  /** About how many bytes the tool writes before compression (the progress's total). */
  estimateBytes: number;
}

export interface StreamBackupResult {
  bytes: number;
  durationMs: number;
  checksum: string;
  coordinates: Coordinates;
  tables: TableStat[];
  lockMs?: number;
}

const LONG = 24 * 3600_000;

/** How much of the tool's log is kept (its end: where the coordinates are). */
const STDERR_KEPT = 256 * 1024;

/**
 * How long the read lock may be held waiting for the tool to report its snapshot: the lock wait
 * itself plus a margin for the tool to start and connect. Past it the tool is stopped and the lock
 * released — a marker that never shows (another version's wording, mysqldump's own FLUSH waiting
 * behind a long SELECT) must not block the master's writes for the whole dump.
 */
export const snapshotWaitLimit = (lockTimeoutMs: number) => lockTimeoutMs + 30_000;

/** What streamBackup pins its consistent point with (a fake in unit tests). */
export interface StreamBackupDeps {
  pin: typeof pinConsistentPoint;
}

/**
 * One logical or hot backup: the tool's compressed output streams from the database host
 * through Opsdeck (hashed and counted on the way) into the store's partial file, which becomes
 * the backup only when the tool exited 0 and the store committed it. Anything else — the tool
 * killed, the destination full, a cancel — removes the partial file and throws.
 */
export async function streamBackup(
  ctx: BackupCtx,
  i: StreamBackupInput,
  deps: StreamBackupDeps = { pin: pinConsistentPoint },
): Promise<StreamBackupResult> {
  const started = performance.now();
  const count = i.count;
  // Progress in the data's own bytes (before compression) against the data's size, so it has a
  // rate and a time left: counted by the host's kernel under a compressor, by Opsdeck without one.
  const remoteCount = count && i.compression !== 'none';
  const command =
    i.kind === 'hot'
      ? hotSource(i.dialect, { backupId: i.backupId, compression: i.compression, count })
      : i.tool === 'mydumper'
        ? mydumperSource({
            backupId: i.backupId,
            staging: i.staging,
            databases: i.databases,
            threads: i.threads,
            compression: i.compression,
            count,
          })
        : dumpSource(i.dialect, {
            backupId: i.backupId,
            databases: i.databases,
            binlog: i.binlog,
            compression: i.compression,
            count,
          });
  // The fixed costs overlap: the store opens its file (an S3 upload, a channel to a backup host)
  // while the lock and snapshot sessions connect; the lock is taken only when all three are
  // ready, and the tool starts while our snapshot opens.
  const opening = ctx.dryRun ? Promise.resolve(undefined) : i.store.write(i.name);
  const [opened, pinned] = await Promise.allSettled([
    opening,
    // A logical dump's row counts are read in our own snapshot, pinned to the dump's by a brief lock.
    i.kind === 'dump'
      ? deps.pin(ctx, i.host, {
          dialect: i.dialect,
          binlog: i.binlog,
          lockTimeoutMs: i.lockTimeoutMs,
          tables: i.tables,
          // The lock is taken only once the destination is open: writes are not blocked meanwhile.
          ready: opening,
        })
      : Promise.resolve(undefined),
  ]);
  if (opened.status === 'rejected' || pinned.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value?.abort();
    if (pinned.status === 'fulfilled') await pinned.value?.abandon();
    // The destination's error is the one reported; the pin's is not lost.
    if (opened.status === 'rejected' && pinned.status === 'rejected')
      ctx.log(
        `Pinning the consistent point failed as well: ${toErrorShape(pinned.reason).message}`,
        'warn',
      );
    throw opened.status === 'rejected' ? opened.reason : (pinned as PromiseRejectedResult).reason;
  }
  const writer = opened.value;
  const point: ConsistentPoint | undefined = pinned.value;
  let lockMs: number | undefined;
  let releasing = false;
  // Batched: the store gets few large writes (a file store: one thread-pool write per 32 KiB
  // packet cost more CPU than the hash itself).
  const hasher = new HashingStream({ batchBytes: STREAM_BUFFER });
  // The watchdog: no snapshot marker in time stops the stream (and with it the tool: the stream
  // settles only after the tool was told to stop); the catch below unlocks after that.
  let lockTimedOut: OpsdeckError | undefined;
  const waitLimit = snapshotWaitLimit(i.lockTimeoutMs);
  const watchdog =
    point && writer
      ? setTimeout(() => {
          const s = (waitLimit / 1000).toFixed(0);
          lockTimedOut = new OpsdeckError(
            'BACKUP_LOCK_TIMEOUT',
            `${i.tool} on ${i.host.name} did not open its snapshot within ${s} s of the read lock; writes on ${i.host.name} were blocked ${s} s.`,
            `Look on ${i.host.name} for a long query or LOCK TABLES (SHOW PROCESSLIST; mysqldump's own FLUSH TABLES waits behind them) and run the backup again when it has finished. If nothing was running, this ${i.tool} version may word its progress differently: report it.`,
          );
          hasher.destroy(lockTimedOut);
        }, waitLimit)
      : undefined;
  const releaseLock = () => {
    clearTimeout(watchdog);
    if (point && !releasing && (releasing = true))
      void point.release().then(
        (ms) => {
          lockMs = ms;
          ctx.log(`Read lock released after ${ms} ms (the dump holds its consistent snapshot).`);
        },
        () => undefined,
      );
  };
  // Our snapshot failing (while the tool starts) stops the stream; its error is the one reported.
  let pinFailed: unknown;
  point?.coordinates.catch((err: unknown) => {
    if (committed) return;
    pinFailed = err;
    hasher.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  let stderr = '';
  const streamCoords: Coordinates = {};
  const onLine = (line: string) => {
    if (/^-- (Current Database:|CHANGE MASTER TO|CHANGE REPLICATION SOURCE TO)/.test(line))
      releaseLock();
    Object.assign(streamCoords, i.dialect.parseDumpLine(line) ?? {});
  };
  // Without a count (no /proc/<pid>/io), the stored bytes with no total.
  const label = `${i.tool}: ${i.host.name} → ${i.location}`;
  const progress = (done: number, total?: number) =>
    ctx.progress({
      unit: 'bytes',
      done,
      ...(total ? { total: Math.max(total, done) } : {}),
      label,
    });
  let tail = '';
  let counted: number | undefined;
  const onStderr = (t: string) => {
    // The tool's log, for the coordinates it prints at its end (mariabackup's binlog position
    // after a line per file, mydumper's metadata after its log): the last 256 KiB or more.
    stderr += t;
    if (stderr.length > 2 * STDERR_KEPT) stderr = stderr.slice(-STDERR_KEPT);
    // A progress line may be split between two chunks: look at the end of the last one too.
    tail = (tail + t).slice(-1024);
    if (MYDUMPER_SNAPSHOT_TAKEN.test(tail) || DUMP_SNAPSHOT_TAKEN.test(tail)) releaseLock();
    const copied = remoteCount ? lastCopied(tail) : undefined;
    if (copied !== undefined && copied > (counted ?? -1))
      progress((counted = copied), i.estimateBytes);
  };
  let committing = false;
  let committed = false;
  const piped = writer ? pipeline(hasher, writer.stream) : undefined;
  piped?.catch(() => undefined);
  try {
    await ctx.ssh.streamOut({
      host: i.host,
      // The tools read the data dir / log in by unix_socket: as root (sudo for other logins).
      command: asRootPipeline(i.host, command),
      intoLabel: i.location,
      into: hasher,
      purpose: `back up ${i.host.name} with ${i.tool}`,
      display: `${i.tool}${i.compression === 'none' ? '' : ` | ${i.compression}`}`,
      timeoutMs: LONG,
      onStderr,
      // A compressed stream has no lines to read (its coordinates come from the tool's log or
      // our pinned point): scanning it for newlines would only burn CPU.
      ...(i.compression === 'none' ? { onLine } : {}),
      // The stored bytes (without a total) until the host's first count arrives, if ever: a
      // /proc that cannot be read after all must not leave the bar at 0 for the whole run.
      onProgress: (bytes: number) => {
        if (counted === undefined)
          progress(bytes, i.compression === 'none' ? i.estimateBytes : undefined);
      },
    });
    clearTimeout(watchdog);
    hasher.end();
    if (ctx.dryRun || !writer) {
      await point?.abandon();
      return { bytes: 0, durationMs: 0, checksum: '', coordinates: {}, tables: [] };
    }
    await piped;
    if (point && lockMs === undefined) lockMs = await point.release();
    // Everything that can fail the backup's identity is checked before the file becomes final.
    const at = await point?.coordinates;
    // Count lines are stripped from the whole text (one may be split between two chunks).
    const log = remoteCount ? withoutCounts(stderr) : stderr;
    const coordinates =
      i.kind === 'hot'
        ? parseHotBackupLog(log)
        : i.tool === 'mydumper'
          ? parseMydumperMetadata(log)
          : { ...at, ...streamCoords };
    if (
      at?.file &&
      coordinates.file &&
      (at.file !== coordinates.file || at.position !== coordinates.position)
    )
      throw new OpsdeckError(
        'BACKUP_CORRUPT',
        `The dump's coordinates (${coordinates.file}:${coordinates.position}) differ from the pinned point's (${at.file}:${at.position}); its row counts would not match.`,
        'Run the backup again; if it repeats, report it.',
      );
    committing = true;
    await writer.commit();
    committed = true;
    // The compressor's final count arrives last; uncompressed, the stream is the data.
    const dataBytes = i.compression === 'none' ? hasher.bytes : counted;
    if (dataBytes !== undefined) progress(dataBytes, dataBytes);
    // The backup's time is taking and storing it; the row counts below read our snapshot after.
    const durationMs = Math.round(performance.now() - started);
    const tables = point ? await point.stats() : [];
    if (i.binlog && !coordinates.file)
      ctx.log(
        `The backup carried no binlog coordinates: point-in-time recovery from it is not possible.`,
        'warn',
      );
    return {
      bytes: hasher.bytes,
      durationMs,
      checksum: hasher.digest(),
      coordinates,
      tables,
      ...(lockMs !== undefined ? { lockMs } : {}),
    };
  } catch (caught) {
    clearTimeout(watchdog);
    const err = lockTimedOut ? afterStop(lockTimedOut, i, caught) : (pinFailed ?? caught);
    hasher.destroy();
    // The stream has settled, so the tool was stopped (or the stop gave up, and the error says
    // so): only now may the lock go.
    await point?.abandon();
    if (!writer) throw err;
    if (committed) throw await removeCommitted(ctx, i, err);
    if (committing) throw await removeUncertain(ctx, i, writer, err);
    const explained =
      ctx.signal.aborted || pinFailed || lockTimedOut ? err : await writer.explain(err);
    await writer.abort();
    const e = toErrorShape(explained);
    throw new OpsdeckError(
      e.code,
      `${e.message} The partial file ${i.location}.partial was removed.`,
      e.hint,
      { cause: err },
    );
  }
}

/** The watchdog's error, saying whether the tool was seen to stop before the lock went. */
function afterStop(e: OpsdeckError, i: StreamBackupInput, caught: unknown): OpsdeckError {
  const stopped = caught instanceof StoppedError;
  const stop = stopped ? caught.stop : undefined;
  // Another failure may have won the race (the stream failed on its own first): then whether the
  // tool stopped is unknown, not a stop that got no answer.
  const why =
    stop && !stop.stopped
      ? stop.why
      : stopped
        ? 'the stop got no answer within 15 s'
        : `unknown: the stream had failed first — ${toErrorShape(caught).message}`;
  const what = stop?.stopped
    ? stop.already
      ? `${i.tool} was already gone (${stop.already === 'rebooted' ? 'the host restarted' : 'it had exited'}); Opsdeck released the lock.`
      : `Opsdeck stopped ${i.tool}, then released the lock.`
    : `Opsdeck released the lock, but could not confirm that ${i.tool} stopped (${why}): look for it with ps on ${i.host.name} and stop it by hand.`;
  return new OpsdeckError(e.code, `${e.message} ${what}`, e.hint, { cause: caught });
}

/** Remove the stored file (logged when that fails): whether it is gone. */
function removeStored(ctx: BackupCtx, i: StreamBackupInput): Promise<boolean> {
  return i.store.remove(i.name).then(
    () => true,
    (e: unknown) => {
      ctx.log(
        `Removing ${i.location} failed: ${e instanceof Error ? e.message : String(e)}`,
        'warn',
      );
      return false;
    },
  );
}

/** A failure after the commit (the row counts): the stored file goes too, and the error says so. */
async function removeCommitted(
  ctx: BackupCtx,
  i: StreamBackupInput,
  err: unknown,
): Promise<OpsdeckError> {
  const removed = await removeStored(ctx, i);
  const e = toErrorShape(err);
  return new OpsdeckError(
    e.code,
    `${e.message} ${removed ? `The stored file ${i.location} was removed.` : `The stored file ${i.location} could not be removed: it is incomplete as a backup (no row counts); remove it by hand.`}`,
    e.hint,
    { cause: err },
  );
}

/**
 * The commit itself failed: the file may have become final even so (S3's
 * CompleteMultipartUpload timing out after it completed, a rename done but the folder's fsync
 * failing). The partial and the final file are both removed; the error says what is known.
 */
async function removeUncertain(
  ctx: BackupCtx,
  i: StreamBackupInput,
  writer: StoreWriter,
  err: unknown,
): Promise<OpsdeckError> {
  const explained = await writer.explain(err);
  await writer.abort();
  const removed = await removeStored(ctx, i);
  const e = toErrorShape(explained);
  return new OpsdeckError(
    e.code,
    `${e.message} Making ${i.location} final failed, so it may exist even so: ${
      removed
        ? `Opsdeck removed it and its partial file; nothing of this backup is kept.`
        : `Opsdeck removed the partial file, but could not remove ${i.location} (see the run log). If it is there, it is not a catalogued backup: remove it by hand.`
    }`,
    e.hint,
    { cause: err },
  );
}
