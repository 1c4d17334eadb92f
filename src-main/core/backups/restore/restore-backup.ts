import { PassThrough } from 'node:stream';
import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import { ABORT_SQL } from '../../mysql/dump-stream';
import type { BackupCatalog } from '../catalog';
import { readStored, saidOf } from '../destinations/stored-read';
import { requireProgram, type ServerInfo } from '../server-info';
import type { BackupCtx } from '../types';
import { loadCommand } from './restore-commands';
import { asRootPipeline } from '../../ssh/privilege';
import { rootWrite } from '../../workflows/as-root';

const LONG = 24 * 3600_000;

/** Refuse backups that cannot be trusted before anything on the target changes. */
export function requireRestorable(entry: BackupEntry): void {
  if (entry.status !== 'succeeded')
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `Backup ${entry.id} is ${entry.status}: it never completed, so it is not a backup.`,
      'Pick a backup whose status is succeeded.',
    );
  if (entry.verify?.status === 'failed')
    throw new OpsdeckError(
      'BACKUP_CORRUPT',
      `Backup ${entry.id} failed verification (${entry.verify.message}); Opsdeck will not restore it.`,
      'Restore an earlier backup that verifies, and take a new one.',
    );
}

/** The programs the target needs to restore this backup (checked before anything changes). */
export function requireRestoreTools(entry: BackupEntry, info: ServerInfo, onto: Host): void {
  if (entry.kind === 'snapshot') return;
  if (entry.compression !== 'none')
    requireProgram(info, onto, entry.compression, 'decompress the backup');
  if (entry.kind === 'hot') {
    requireProgram(
      info,
      onto,
      entry.tool === 'xtrabackup' ? 'xbstream' : 'mbstream',
      'unpack the backup',
    );
    requireProgram(info, onto, info.dialect.hotBackup.name, 'prepare the backup');
  }
  if (entry.tool === 'mydumper') requireProgram(info, onto, 'myloader', 'load a mydumper backup');
}

/** Where a restore unpacks a physical or mydumper backup: beside the target's data dir. */
export const stagingOf = (entry: BackupEntry, datadir: string) =>
  `${datadir.replace(/\/[^/]+$/, '') || ''}/.opsdeck-restore-${entry.id.slice(-8)}`;

/**
 * The stored file read from its destination through Opsdeck (hashed on the way) into `command`
 * on the target, with byte progress against the file's size. A checksum that differs from the
 * catalog's fails loudly (BACKUP_CORRUPT) — `afterwards` says what that leaves on the target.
 */
export async function feedStored(
  ctx: BackupCtx,
  catalog: BackupCatalog,
  i: { entry: BackupEntry; onto: Host; command: string; purpose: string; afterwards: string },
): Promise<{ bytes: number }> {
  const { entry, onto } = i;
  if (ctx.dryRun) {
    await ctx.ssh.streamIn({
      host: onto,
      command: asRootPipeline(onto, i.command),
      fromLabel: entry.location,
      from: new PassThrough(),
      purpose: i.purpose,
    });
    return { bytes: 0 };
  }
  const store = await catalog.store(entry.destination);
  const read = await readStored(store, catalog.fileOf(entry), ctx.signal);
  const { hasher } = read;
  // A failed read is the destination's failure, not the backup's: said with its own code and
  // hint, never judged by the checksum of what arrived (the load was aborted, or if the store
  // could only tell afterwards, `afterwards` says what the target holds).
  const readFailed = async (loadErr?: unknown) => {
    const err = await read.failure();
    if (err)
      throw new OpsdeckError(
        err.code,
        `${saidOf(err, loadErr)} The backup could not be read to its end; ${i.afterwards}`,
        err.hint,
        { cause: err },
      );
  };
  const label = `${entry.id} → ${onto.name}`;
  let r: Awaited<ReturnType<typeof ctx.ssh.streamIn>>;
  try {
    r = await ctx.ssh.streamIn({
      host: onto,
      command: asRootPipeline(onto, i.command),
      fromLabel: entry.location,
      from: hasher,
      purpose: i.purpose,
      timeoutMs: LONG,
      // A cut stream must fail the load: raw SQL makes the client fail, a compressed one the decompressor.
      ...(entry.kind === 'dump' && entry.tool !== 'mydumper' ? { abortTrailer: ABORT_SQL } : {}),
      onProgress: (done) =>
        ctx.progress({ unit: 'bytes', done, total: Math.max(entry.bytes, done), label }),
    });
  } catch (err) {
    hasher.destroy();
    if (!ctx.signal.aborted) await readFailed(err);
    throw err;
  }
  await readFailed();
  if (!hasher.readableEnded)
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      `The restore command on ${onto.name} exited before it read all of ${entry.location}; ${i.afterwards}`,
      `Look at the command's output in the run log on ${onto.name}, then run the restore again.`,
    );
  ctx.progress({ unit: 'bytes', done: r.bytes, total: r.bytes, label });
  const digest = hasher.digest();
  if (digest !== entry.checksum)
    throw new OpsdeckError(
      'BACKUP_CORRUPT',
      `The stored backup ${entry.location} does not match its checksum (sha256 ${digest}, catalog ${entry.checksum}); ${i.afterwards}`,
      'Do not use this restore. Restore an earlier backup, and verify this one (opsdeck backup verify).',
    );
  return { bytes: r.bytes };
}

/** A dump (mariadb-dump / mysqldump, or mydumper's archive) loaded into the target's server. */
export function loadDump(
  ctx: BackupCtx,
  catalog: BackupCatalog,
  i: { entry: BackupEntry; onto: Host; info: ServerInfo },
) {
  const staging = stagingOf(i.entry, i.info.datadir);
  return feedStored(ctx, catalog, {
    entry: i.entry,
    onto: i.onto,
    command: loadCommand(i.entry, i.info.dialect, { staging, threads: 4 }),
    purpose: `load backup ${i.entry.id} on ${i.onto.name}`,
    afterwards: `${i.onto.name} holds what was loaded of it.`,
  });
}

/**
 * A hot backup unpacked into a staging folder beside the target's data dir and prepared there
 * while the target's server still runs: nothing of the target's data changes yet.
 */
export async function stageHot(
  ctx: BackupCtx,
  catalog: BackupCatalog,
  i: { entry: BackupEntry; onto: Host; info: ServerInfo },
): Promise<{ staging: string; bytes: number }> {
  const staging = stagingOf(i.entry, i.info.datadir);
  ctx.leftFile(
    i.onto,
    staging,
    `staging folder of restore ${i.entry.id} (removed when it finishes)`,
  );
  const { bytes } = await feedStored(ctx, catalog, {
    entry: i.entry,
    onto: i.onto,
    command: loadCommand(i.entry, i.info.dialect, { staging, threads: 4 }),
    purpose: `unpack backup ${i.entry.id} on ${i.onto.name}`,
    afterwards: `the staging folder ${staging} on ${i.onto.name} holds it; its data is untouched.`,
  });
  await rootWrite(ctx, i.onto, i.info.dialect.hotBackup.prepare(staging), {
    purpose: 'prepare the backup (away from the production host)',
    timeoutMs: LONG,
  });
  ctx.changed(`backup ${i.entry.id} unpacked and prepared in ${staging} on ${i.onto.name}`);
  return { staging, bytes };
}

/** The staging folder removed (undo of stageHot, and the end of a hot restore). */
export async function removeStaging(ctx: BackupCtx, onto: Host, staging: string) {
  await rootWrite(ctx, onto, `rm -rf ${q(staging)}`, { purpose: 'remove the staging folder' });
  ctx.removedFile(onto, staging);
}
