import type { BackupEntry } from '../../../contract';

/**
 * The target's databases a restore replaces: all of them for a physical backup (the data dir is
 * swapped), those the dump also holds for a logical one (it drops and re-creates them). Each must
 * be typed by the user (`overwrite`) at the restore's confirm gate, as the replication wizard asks;
 * otherwise nothing happens.
 */
export function databasesReplaced(
  entry: Pick<BackupEntry, 'kind' | 'tables'>,
  targetDbs: readonly string[],
): string[] {
  if (entry.kind !== 'dump' || !entry.tables.length) return [...targetDbs];
  const inBackup = new Set(entry.tables.map((t) => t.table.split('.')[0]));
  return targetDbs.filter((d) => inBackup.has(d));
}
