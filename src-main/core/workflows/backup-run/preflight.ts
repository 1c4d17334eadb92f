import { OpsdeckError, type BackupRunParams, type Host } from '../../../contract';
import { formatBytes } from '../../../contract/format';
import { shellQuote as q } from '../../common/shell';
import { listTables } from '../../backups/consistency/table-stats';
import { parseDestination } from '../../backups/destinations/url';
import { requireProgram, serverInfo, type ServerInfo } from '../../backups/server-info';
import { ec2TargetOf } from '../../backups/snapshot/ec2-target';
import { surveyDataVolumes } from '../../backups/snapshot/snapshot-set';
import { pickCompression } from '../../backups/tools/compression';
import type { BackupWorkflowDeps } from './deps';
import type { BackupPlan, Ctx } from './outputs';
import { rootRead } from '../as-root';

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

/** The data dir's size on disk: what a hot backup streams before compression. */
async function datadirBytes(ctx: Ctx, host: Host, datadir: string): Promise<number> {
  const r = await rootRead(ctx, host, `du -sb ${q(datadir)} 2>/dev/null | cut -f1`, {
    okCodes: [0, 1],
    purpose: 'size the data directory for the progress bar',
  });
  return Number(r.stdout.trim()) || 0;
}

/**
 * Everything a backup needs, checked before anything is written (read-only: it also runs in the
 * plan): the databases, the tool, the compression, the destination and its free space, and for
 * a snapshot set the EC2 instance and the volumes under the data dir.
 */
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
  const estimateBytes =
    p.kind === 'hot'
      ? await datadirBytes(ctx, host, info.datadir)
      : tables.reduce((n, t) => n + t.bytes, 0);
  if (!info.binlog)
    ctx.log(
      `${host.name} has the binary log off: the backup is consistent but has no coordinates, so it cannot be rolled forward (point-in-time) or seed a replica.`,
      'warn',
    );
  if (p.to && p.kind !== 'snapshot' && !ctx.dryRun) {
    const store = await deps.catalog.store(p.to);
    const free = await store.freeBytes().catch(() => undefined);
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
  let ec2: BackupPlan['ec2'];
  if (p.kind === 'snapshot') {
    requireProgram(info, host, 'fsfreeze', 'freeze the data dir’s filesystem');
    const target = ec2TargetOf(host, p);
    const { fs, exclude } = await surveyDataVolumes(ctx, {
      host,
      datadir: info.datadir,
      ...target,
    });
    ctx.log(
      `${host.name}: ${info.datadir} is on ${fs.mountpoint} (${fs.fstype}, ${fs.layout}) over ${fs.members.map((m) => `${m.volumeId} (${m.device})`).join(', ')}.`,
    );
    ec2 = { ...target, mountpoint: fs.mountpoint, members: fs.members, exclude };
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
    count: info.programs.has('proc-io'),
    ...(ec2 ? { ec2 } : {}),
  };
}
