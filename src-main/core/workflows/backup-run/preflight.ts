import { OpsdeckError, type BackupRunParams, type Host } from '../../../contract';
import { parseDestination } from '../../backups/destinations/url';
import { requireProgram, serverInfo, type ServerInfo } from '../../backups/server-info';
import { pickCompression, type Compression } from '../../backups/tools/compression';
import { formatBytes } from '../../ssh/pipe';
import type { StepContext } from '../engine/definition';
import { listTables, type TableInfo } from '../../backups/consistency/table-stats';
import type { BackupWorkflowDeps } from './deps';

export interface BackupPlan {
  tool: string;
  compression: Compression;
  databases: string[];
  tables: TableInfo[];
  binlog: boolean;
  datadir: string;
  estimateBytes: number;
}

export type Ctx = StepContext<BackupRunParams>;

/** Which tool backs up this kind on this host (mydumper for parallel dumps where it is installed). */
export function chooseTool(
  kind: BackupRunParams['kind'],
  parallel: number,
  info: ServerInfo,
  tables: number,
): string {
  if (kind === 'snapshot') return 'ebs';
  if (kind === 'hot') return info.dialect.hotBackup.name;
  if (parallel > 1 && tables > 1 && info.programs.has('mydumper') && info.programs.has('tar'))
    return 'mydumper';
  return info.dialect.flavor === 'mariadb' ? 'mariadb-dump' : 'mysqldump';
}

/** Everything a backup needs, checked before anything is written; the result goes to the output. */
export async function backupPreflight(
  ctx: Ctx,
  deps: BackupWorkflowDeps,
  host: Host,
): Promise<BackupPlan> {
  const p = ctx.params;
  const info = await serverInfo(ctx, host);
  const databases = p.databases ?? info.userDatabases;
  const unknown = databases.filter((d) => !info.userDatabases.includes(d));
  if (unknown.length)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${host.name} has no database ${unknown.join(', ')}.`,
      `Its databases: ${info.userDatabases.join(', ') || 'none'}.`,
    );
  const tables = await listTables(ctx, host, databases);
  const tool = chooseTool(p.kind, p.parallel, info, tables.length);
  if (p.kind !== 'snapshot') {
    if (!p.to)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `A ${p.kind} backup needs a destination.`,
        'Give --to file:///path, ssh://host/path or s3://bucket/prefix?account=NAME.',
      );
    parseDestination(p.to);
    requireProgram(info, host, tool, `take a ${p.kind} backup`);
  }
  if (p.kind === 'dump' && !databases.length)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${host.name} has no user databases to dump.`,
      'Create one, or take a hot backup.',
    );
  const compression =
    p.kind === 'snapshot' ? 'none' : pickCompression(p.compression, info.programs, host.name);
  const estimateBytes = tables.reduce((n, t) => n + t.bytes, 0);
  if (!info.binlog)
    ctx.log(
      `${host.name} has the binary log off: the backup is consistent but has no coordinates, so it cannot be rolled forward (point-in-time) or seed a replica.`,
      'warn',
    );
  if (p.to && p.kind !== 'snapshot' && !ctx.dryRun) {
    const free = await deps.catalog
      .store(p.to)
      .freeBytes()
      .catch(() => undefined);
    if (free !== undefined)
      ctx.log(
        `${p.to}: ${formatBytes(free)} free; the data is ${formatBytes(estimateBytes)} before compression.`,
      );
    if (free !== undefined && free < estimateBytes / 10)
      throw new OpsdeckError(
        'BACKUP_DESTINATION_FULL',
        `${p.to} has ${formatBytes(free)} free, too little for a backup of ${formatBytes(estimateBytes)} of data.`,
        'Free space at the destination (or lower the retention), then run again.',
      );
  }
  ctx.log(
    `${host.name}: ${info.dialect.label}, ${tables.length} tables in ${databases.length} databases, ${tool}, ${compression}.`,
  );
  return {
    tool,
    compression,
    databases,
    tables,
    binlog: info.binlog,
    datadir: info.datadir,
    estimateBytes,
  };
}
