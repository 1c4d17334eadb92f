import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { ABORT_SQL } from '../../mysql/dump-stream';
import { swapInDataDir } from '../../mysql/physical-restore';
import { formatBytes } from '../../ssh/pipe';
import { shq } from '../../workflows/replication-setup/io';
import type { BackupCatalog } from '../catalog';
import { HashingStream } from '../run/hashing';
import { requireProgram, serverInfo } from '../server-info';
import type { BackupCtx } from '../types';
import { databasesReplaced, requireOverwrite } from './overwrite';
import { loadCommand } from './restore-commands';

export interface RestoreInput {
  entry: BackupEntry;
  onto: Host;
  overwrite: readonly string[];
  closeMysql(hostId: string): void;
}

export interface RestoreResult {
  durationMs: number;
  bytes: number;
  /** Files left on the target (the previous data dir of a physical restore). */
  leftFiles: { host: string; path: string; what: string }[];
}

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

/**
 * Restore a dump, mydumper or hot backup onto a host: the stored file is read from its destination
 * through Opsdeck (hashed on the way: a mismatch fails the restore) into the loader on the target.
 * A hot backup is unpacked into a staging folder beside the data dir and prepared there while the
 * target's server still runs; only then is the data swapped in (old content kept aside).
 */
export async function restoreBackup(
  ctx: BackupCtx,
  catalog: BackupCatalog,
  i: RestoreInput,
): Promise<RestoreResult> {
  const started = performance.now();
  const { entry, onto } = i;
  requireRestorable(entry);
  const info = await serverInfo(ctx, onto);
  requireOverwrite(onto, databasesReplaced(entry, info.userDatabases), i.overwrite);
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
  const id = entry.id.slice(-8);
  const parent = info.datadir.replace(/\/[^/]+$/, '') || '/';
  const staging = `${parent}/.opsdeck-restore-${id}`;
  const store = catalog.store(entry.destination);
  const command = loadCommand(entry, info.dialect, { staging, threads: 4 });
  const hasher = new HashingStream();
  let bytes = 0;
  if (ctx.dryRun) {
    await ctx.ssh.streamIn({
      host: onto,
      command,
      fromLabel: entry.location,
      from: new PassThrough(),
      purpose: 'load the backup',
    });
  } else {
    const reader = await store.read(catalog.fileOf(entry), ctx.signal);
    const piped = pipeline(reader.stream, hasher);
    piped.catch(() => undefined);
    const r = await ctx.ssh.streamIn({
      host: onto,
      command,
      fromLabel: entry.location,
      from: hasher,
      purpose: `load backup ${entry.id} on ${onto.name}`,
      timeoutMs: LONG,
      // A cut stream must fail the load: raw SQL makes the client fail, a compressed one the decompressor.
      ...(entry.kind === 'dump' && entry.tool !== 'mydumper' ? { abortTrailer: ABORT_SQL } : {}),
      onProgress: (b) =>
        ctx.log(`${formatBytes(b)} of ${formatBytes(entry.bytes)} loaded on ${onto.name}`),
    });
    await piped;
    bytes = r.bytes;
    const digest = hasher.digest();
    if (digest !== entry.checksum)
      throw new OpsdeckError(
        'BACKUP_CORRUPT',
        `The stored backup ${entry.location} does not match its checksum (sha256 ${digest}, catalog ${entry.checksum}); ${onto.name} may hold part of it.`,
        'Do not use this restore. Restore an earlier backup, and verify this one (opsdeck backup verify).',
      );
  }
  const leftFiles: RestoreResult['leftFiles'] = [];
  if (entry.kind === 'hot') {
    await ctx.ssh.write(onto, info.dialect.hotBackup.prepare(staging), {
      purpose: 'prepare the backup (away from the production host)',
      timeoutMs: LONG,
    });
    const aside = `${info.datadir}.opsdeck-before-${id}`;
    await swapInDataDir(ctx, {
      host: onto,
      staging,
      datadir: info.datadir,
      aside,
      tool: info.dialect.hotBackup,
      closeMysql: i.closeMysql,
      movedAside: () =>
        leftFiles.push({
          host: onto.name,
          path: aside,
          what: `${onto.name}'s data directory content before the restore`,
        }),
      note: (c) => ctx.log(`${onto.name}: ${c}`),
    });
    await ctx.ssh.write(onto, `rm -rf ${shq(staging)}`, { purpose: 'remove the staging folder' });
  }
  return { durationMs: Math.round(performance.now() - started), bytes, leftFiles };
}
