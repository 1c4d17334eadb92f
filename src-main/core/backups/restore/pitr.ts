import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { ABORT_SQL } from '../../mysql/dump-stream';
import { num, text } from '../../mysql/sql-row';
import { formatBytes } from '../../../contract/format';
import { serverInfo } from '../server-info';
import type { BackupCtx } from '../types';
import { replayCommand } from './restore-commands';
import { asRoot } from '../../ssh/privilege';

/**
 * Point-in-time recovery after a restore: the source's binary logs from the backup's coordinates
 * are replayed into the restored host, up to a GTID (inclusive) or a time, streamed through
 * Opsdeck (`mariadb-binlog` on the source | `mariadb` on the target; no file, no SSH trust).
 */
export async function replayBinlogs(
  ctx: BackupCtx,
  i: { entry: BackupEntry; source: Host; onto: Host; until: { gtid: string } | { time: string } },
): Promise<{ bytes: number; reached: string }> {
  const { file, position } = i.entry.coordinates;
  if (!file || position === undefined)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `Backup ${i.entry.id} has no binlog coordinates (the binary log was off when it was taken); it cannot be rolled forward.`,
      'Turn the binary log on at the source, take a new backup, and use that one for point-in-time recovery.',
    );
  const info = await serverInfo(ctx, i.source);
  if (!info.binlogBase)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${i.source.name} has no binary log now; there is nothing to replay.`,
      'Point-in-time recovery needs the source’s binary logs since the backup.',
    );
  const listed = await ctx.mysql.read(i.source, 'SHOW BINARY LOGS', { quiet: true });
  const logs = listed.map((r) => text(r.Log_name));
  const from = logs.indexOf(file);
  if (from < 0)
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `${i.source.name} no longer has ${file} (its oldest binary log is ${logs[0] ?? 'none'}): the logs since the backup were purged.`,
      'Restore a newer backup, or raise binlog_expire_logs_seconds / expire_logs_days so the logs outlive the backups.',
    );
  const dir = info.binlogBase.replace(/\/[^/]+$/, '') || '/';
  const command = replayCommand(info.dialect, {
    dir,
    files: logs.slice(from),
    startPosition: position,
    until: i.until,
  });
  // What is replayed at most (up to a GTID or a time it stops earlier): the total of the progress.
  const total = listed.slice(from).reduce((n, r) => n + (num(r.File_size) ?? 0), 0) - position;
  const label = `binlogs ${i.source.name} → ${i.onto.name}`;
  const target = await serverInfo(ctx, i.onto);
  const result = await ctx.ssh.pipe({
    from: i.source,
    // The binlogs are root's files; the target's client logs in by unix_socket.
    command: asRoot(i.source, command),
    to: i.onto,
    into: asRoot(i.onto, target.dialect.client),
    purpose: `replay ${i.source.name}'s binary logs onto ${i.onto.name}`,
    abortTrailer: ABORT_SQL,
    timeoutMs: 24 * 3600_000,
    onProgress: (b) => ctx.progress({ unit: 'bytes', done: b, total: Math.max(total, b), label }),
  });
  ctx.log(`${formatBytes(result.bytes)} of binary log replayed.`);
  const [g] = ctx.dryRun
    ? [undefined]
    : await ctx.mysql.read(
        i.onto,
        target.dialect.flavor === 'mariadb'
          ? 'SELECT @@gtid_binlog_pos AS g'
          : 'SELECT @@gtid_executed AS g',
        { quiet: true },
      );
  return { bytes: result.bytes, reached: text(g?.g) };
}
