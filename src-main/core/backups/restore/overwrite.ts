import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';

/**
 * The target's databases a restore replaces: all of them for a physical backup (the data dir is
 * swapped), those the dump also holds for a logical one (it drops and re-creates them). Each must
 * be typed by the user (`overwrite`), as the replication wizard asks; otherwise nothing happens.
 */
export function databasesReplaced(
  entry: Pick<BackupEntry, 'kind' | 'tables'>,
  targetDbs: readonly string[],
): string[] {
  if (entry.kind !== 'dump' || !entry.tables.length) return [...targetDbs];
  const inBackup = new Set(entry.tables.map((t) => t.table.split('.')[0]));
  return targetDbs.filter((d) => inBackup.has(d));
}

export function requireOverwrite(
  host: Host,
  replaced: readonly string[],
  typed: readonly string[],
): void {
  const missing = replaced.filter((d) => !typed.includes(d));
  if (!missing.length) return;
  throw new OpsdeckError(
    'CONFIRMATION_REQUIRED',
    `${host.name} holds data this restore replaces: ${missing.join(', ')}${replaced.length > missing.length ? ` (confirmed so far: ${replaced.filter((d) => typed.includes(d)).join(', ')})` : ''}.`,
    `Type each database to confirm it may be overwritten (--overwrite ${replaced.join(',')}), or restore onto an empty scratch host.`,
  );
}
