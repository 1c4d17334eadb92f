/**
 * The manifest the backup cron script writes beside each backup (`<file>.json`), as schedule sch1
 * on db1 writes it for a zstd mariadb-dump: what the catalog import reads. `over` changes fields.
 */
export function cronManifest(id = '20261207T030001Z-db1-cron', over: Record<string, unknown> = {}) {
  return {
    id,
    file: `${id}-mariadb-dump.sql.zst`,
    kind: 'dump',
    tool: 'mariadb-dump',
    host: 'db1',
    schedule: 'sch1',
    compression: 'zstd',
    startedAt: '2026-12-07T03:00:01Z',
    finishedAt: '2026-12-07T03:00:05Z',
    bytes: 4096,
    sha256: 'a'.repeat(64),
    coordinates: '',
    ...over,
  };
}
