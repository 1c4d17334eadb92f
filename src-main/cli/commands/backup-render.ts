import type { BackupCheck, BackupEntry } from '../../contract';
import { formatBytes, formatSnapshotMember } from '../../contract';
import { formatTable } from '../output';

const check = (c: BackupCheck | undefined) => (c ? c.status : '-');
const coords = (e: BackupEntry) =>
  e.coordinates.gtid ??
  (e.coordinates.file ? `${e.coordinates.file}:${e.coordinates.position}` : '-');

/** `opsdeck backup list`: one line per backup, newest first. */
export function renderBackups(list: readonly BackupEntry[]): string {
  return formatTable(
    [
      'ID',
      'HOST',
      'KIND',
      'TOOL',
      'STATUS',
      'STARTED',
      'SIZE',
      'TIME',
      'RATE',
      'COORDINATES',
      'VERIFY',
      'RESTORE TEST',
      'LOCATION',
    ],
    list.map((e) => [
      e.id,
      e.hostName,
      e.kind,
      e.tool,
      e.status,
      e.startedAt.replace('T', ' ').slice(0, 19),
      e.status === 'succeeded' ? formatBytes(e.bytes) : '-',
      e.durationMs !== undefined ? `${(e.durationMs / 1000).toFixed(1)}s` : '-',
      e.throughput ? `${formatBytes(e.throughput)}/s` : '-',
      coords(e),
      check(e.verify),
      check(e.restoreTest),
      e.location,
    ]),
  );
}

/** One backup in full. */
export function renderBackup(e: BackupEntry): string {
  const lines = [
    `${e.id}  ${e.kind} of ${e.hostName} with ${e.tool} — ${e.status}`,
    `  stored     ${e.location} (${formatBytes(e.bytes)}, ${e.compression})`,
    `  taken      ${e.startedAt} → ${e.finishedAt ?? '…'}${e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(1)} s)` : ''}${e.lockMs !== undefined ? `, read lock ${e.lockMs} ms` : ''}`,
    `  binlog     ${e.coordinates.file ? `${e.coordinates.file}:${e.coordinates.position}` : '-'}   GTID ${e.coordinates.gtid ?? '-'}`,
    `  sha256     ${e.checksum ?? '-'}`,
    ...(e.snapshots?.length
      ? [`  snapshots  ${e.snapshots.map(formatSnapshotMember).join(', ')}`]
      : []),
    `  verify     ${e.verify ? `${e.verify.status}: ${e.verify.message}` : 'not yet'}`,
    `  restore    ${e.restoreTest ? `${e.restoreTest.status} on ${e.restoreTest.host ?? '?'}: ${e.restoreTest.message}` : 'not tested yet'}`,
    ...(e.error ? [`  error      ${e.error.code}: ${e.error.message}`] : []),
    `  tables     ${e.tables.map((t) => `${t.table}=${t.rows}`).join(', ') || '-'}`,
  ];
  return lines.join('\n');
}
