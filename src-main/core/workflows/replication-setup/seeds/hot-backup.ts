import { OpsdeckError } from '../../../../contract';
import { parseBinlogInfo } from '../../../mysql/dialects/dialect';
import { formatBytes } from '../../../../contract';
import { shellQuote as shq } from '../../../common/shell';
import { asRoot } from '../../../ssh/privilege';
import { seedSourceCommand } from './source-command';
import { rootRead, rootWrite } from '../../as-root';
import { serviceCommands, swapInDataDir } from '../../../mysql/physical-restore';
import { ctxIo, dialectOfHost, pair, type Ctx, type ReplicationDeps } from '../io';
import { preflightOf } from '../steps-preflight';
import type { SeedOutput } from '../outputs';
import { safeAbsolutePath } from '../../../command-args';

const LONG = 6 * 3600_000;
const DATA_ONLY = ["'ibtmp*'", "'ib_logfile*'", "'*-bin.[0-9]*'", "'*relay-bin*'", "'*.err'"]
  .map((p) => `--exclude=${p}`)
  .join(' ');

/**
 * Seed (b): a hot physical backup (mariabackup / xtrabackup) streamed as xbstream from the master
 * into a staging folder on the replica and prepared there while the replica's server still runs;
 * only then is the server stopped, its data kept aside, the backup copied back, ownership fixed
 * and the server started. So a failed transfer or prepare (the master unreachable mid-seed) leaves
 * the replica as it was, apart from the staging folder; and the server is down only for the
 * copy-back. Coordinates and GTID come from the backup's binlog info file. Every phase is
 * idempotent, for resumes.
 */
export async function seedByHotBackup(ctx: Ctx, deps: ReplicationDeps): Promise<SeedOutput> {
  const { master, replica } = pair(ctx);
  const io = ctxIo(ctx);
  const tool = (await dialectOfHost(io, master)).hotBackup;
  const replicaTool = (await dialectOfHost(io, replica)).hotBackup;
  const datadir = preflightOf(ctx).replicaDatadir;
  if (datadir && datadir !== '/') safeAbsolutePath(datadir, `data directory of ${replica.name}`);
  if (!datadir || datadir === '/' || !datadir.startsWith('/'))
    throw new OpsdeckError(
      'MYSQL_PREFLIGHT_FAILED',
      `${replica.name}'s data directory is unknown (${datadir || 'empty'}).`,
      `Set mysqlDataDir in ${replica.name}'s profile.`,
    );
  // The profile's service commands: missing ones fail here, before anything changes.
  serviceCommands(replica);
  const id = ctx.runId.slice(0, 8);
  const staging = `${datadir.replace(/\/[^/]+$/, '') || ''}/.opsdeck-seed-${id}`;
  const aside = `${datadir}.opsdeck-before-${id}`;
  const s = shq(staging);

  ctx.leftFile(replica, staging, 'staging folder of the hot backup (removed by a finished seed)');
  await rootWrite(ctx, replica, `rm -rf ${s} && mkdir -p ${s}`, {
    purpose: 'create the staging folder',
  });
  ctx.changed(`the backup is unpacked in a staging folder, ${staging}`);
  // The stream is about the size of the data files (not the redo and temporary tablespaces or
  // the binary logs, which the backup does not copy): an estimate of the total for the progress.
  const size = Number(
    (
      await rootRead(
        ctx,
        master,
        `du -sb ${DATA_ONLY} ${shq(preflightOf(ctx).masterDatadir)} 2>/dev/null | cut -f1`,
        { okCodes: [0, 1], purpose: 'estimate the size of the backup for the progress bar' },
      )
    ).stdout.trim(),
  );
  // pipefail through sudo too: a backup that dies under pv must fail here, not at --prepare.
  const command = seedSourceCommand(master, tool.backup, ctx.params.throttleKiBps);
  const result = await ctx.ssh.pipe({
    from: master,
    command,
    to: replica,
    into: asRoot(replica, replicaTool.extract(staging)),
    purpose: `stream a hot backup of ${master.name} into ${replica.name}`,
    timeoutMs: LONG,
    onProgress: (bytes) =>
      ctx.progress({
        unit: 'bytes',
        done: bytes,
        ...(size > 0 ? { total: Math.max(size, bytes) } : {}),
        label: `hot backup ${master.name} → ${replica.name}`,
      }),
  });
  // The estimate was an estimate: the finished stream is all of it.
  ctx.progress({
    unit: 'bytes',
    done: result.bytes,
    total: result.bytes,
    label: `hot backup ${master.name} → ${replica.name}`,
  });
  const info = await rootRead(
    ctx,
    replica,
    tool.infoFiles.map((f) => `cat ${shq(`${staging}/${f}`)} 2>/dev/null`).join(' || '),
    { okCodes: [0, 1] },
  );
  const coords = parseBinlogInfo(info.stdout);
  if (!ctx.dryRun && (!coords.file || coords.position === undefined))
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `The backup of ${master.name} has no binlog info (${tool.infoFiles.join(' / ')}).`,
      'Check the binary log is on at the master and resume.',
    );
  await rootWrite(ctx, replica, replicaTool.prepare(staging), {
    purpose: 'prepare the backup',
    timeoutMs: LONG,
  });

  await swapInDataDir(ctx, {
    host: replica,
    staging,
    datadir,
    aside,
    tool: replicaTool,
    holds: `${master.name}'s backup`,
    asideWhat: `${replica.name}'s data directory content before the seed`,
    closeMysql: (id) => deps.closeMysql(id),
  });
  await rootWrite(ctx, replica, `rm -rf ${s}`, { purpose: 'remove the staging folder' });
  ctx.removedFile(replica, staging);
  ctx.log(
    `${replica.name}: seeded from ${master.name} (${formatBytes(result.bytes)}) at ${coords.file}:${coords.position}${coords.gtid ? `, GTID ${coords.gtid}` : ''}; old data kept in ${aside} (remove it when satisfied).`,
  );
  ctx.log(
    `${replica.name} now has ${master.name}'s accounts (mysql schema): Opsdeck's MySQL login for ${replica.name} must match ${master.name}'s.`,
    'warn',
  );
  return { method: 'hot-backup', bytes: result.bytes, ...coords, previousData: aside };
}
