import { OpsdeckError, formatBytes, type BackupEntry } from '../../../../contract';
import {
  loadDump,
  removeStaging,
  requireRestorable,
  requireRestoreTools,
  stageHot,
} from '../../../backups/restore/restore-backup';
import { serverInfo } from '../../../backups/server-info';
import type { BackupCatalog } from '../../../backups/catalog';
import { swapInDataDir } from '../../../mysql/physical-restore';
import { pair, type Ctx, type ReplicationDeps } from '../io';
import type { SeedOutput } from '../outputs';

/** The catalogued backup a `backup` seed names (the preflight checked it; a resume reads it again). */
export function seedBackup(
  ctx: Ctx,
  deps: ReplicationDeps,
): { entry: BackupEntry; catalog: BackupCatalog } {
  const id = ctx.params.backupId;
  if (!deps.backups || !id)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'A seed from a backup needs a backup id and the backup catalog.',
      'Name the backup (backupId) from `opsdeck backup list`.',
    );
  const entry = deps.backups.get(id);
  requireRestorable(entry);
  return { entry, catalog: deps.backups };
}

/**
 * Seed (c): a backup from the catalog — a dump or a hot backup already taken of the master by
 * the backups feature — read from its destination through Opsdeck (its sha256 checked on the
 * way) into the replica, with the same code as a restore: a dump loaded with sql_log_bin = 0, a
 * hot backup unpacked and prepared beside the data dir, then swapped in. The backup's own
 * coordinates are the seed's: the replica replays the master's binary logs from there, so
 * everything written since the backup arrives by replication (the preflight checked the master
 * still has those logs). The master is not touched.
 */
export async function seedFromBackup(ctx: Ctx, deps: ReplicationDeps): Promise<SeedOutput> {
  const { entry, catalog } = seedBackup(ctx, deps);
  const { replica } = pair(ctx);
  const info = await serverInfo(ctx, replica);
  requireRestoreTools(entry, info, replica);
  const { file, position, gtid } = entry.coordinates;
  const coords = {
    ...(file ? { file } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(gtid !== undefined ? { gtid } : {}),
  };
  let bytes: number;
  let previousData: string | undefined;
  if (entry.kind === 'dump') {
    ctx.changed(
      `databases of backup ${entry.id} are dropped and re-created on ${replica.name} by its load`,
    );
    bytes = (await loadDump(ctx, catalog, { entry, onto: replica, info })).bytes;
  } else if (entry.kind === 'hot') {
    const staged = await stageHot(ctx, catalog, { entry, onto: replica, info });
    previousData = `${info.datadir}.opsdeck-before-${ctx.runId.slice(0, 8)}`;
    await swapInDataDir(ctx, {
      host: replica,
      staging: staged.staging,
      datadir: info.datadir,
      aside: previousData,
      tool: info.dialect.hotBackup,
      holds: `backup ${entry.id} of ${entry.hostName}`,
      asideWhat: `${replica.name}'s data directory content before the seed`,
      closeMysql: (id) => deps.closeMysql(id),
    });
    await removeStaging(ctx, replica, staged.staging);
    bytes = staged.bytes;
    ctx.log(
      `${replica.name} now has ${entry.hostName}'s accounts as of the backup (mysql schema): Opsdeck's MySQL login for ${replica.name} must match them.`,
      'warn',
    );
  } else {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Backup ${entry.id} is a ${entry.kind}; a replica is seeded from a dump or a hot backup.`,
      'Pick a dump or hot backup of the master.',
    );
  }
  ctx.log(
    `${replica.name}: seeded from backup ${entry.id} (${entry.kind}, ${formatBytes(ctx.dryRun ? entry.bytes : bytes)}) at ${file}:${position}${gtid ? `, GTID ${gtid}` : ''}; replication replays what ${entry.hostName} wrote since.`,
  );
  return {
    method: 'backup',
    backupId: entry.id,
    bytes,
    ...coords,
    ...(previousData ? { previousData } : {}),
  };
}
