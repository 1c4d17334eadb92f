import type { ReplicationSetupParamsIn } from '../../contract';
import type { CliContext } from '../cli-context';

/**
 * `--preflight` of the replication setup from the CLI (`mysql replicate`, `backup new-replica`):
 * every check, changing nothing; exit code 1 when one fails.
 */
export async function replicationPreflight(
  ctx: CliContext,
  params: ReplicationSetupParamsIn,
): Promise<void> {
  const report = await ctx.call('mysql.preflight', params);
  ctx.out.result(report, () =>
    report.checks
      .map(
        (c) =>
          `${c.level.toUpperCase().padEnd(7)} ${c.title}: ${c.message}${c.hint ? `\n        hint: ${c.hint}` : ''}`,
      )
      .join('\n'),
  );
  if (!report.ok) process.exitCode = 1;
}

/**
 * What `mysql replicate` asks before it starts (unless --yes): the replica's data the seed
 * replaces, and the master's restart when a fix needs one.
 */
export function replicateQuestion(p: ReplicationSetupParamsIn): string {
  const seed =
    p.seed === 'hot-backup'
      ? `a hot backup of ${p.master} (its data directory is swapped; the old one is kept beside it)`
      : p.seed === 'backup'
        ? `backup ${p.backupId ?? ''}`.trim()
        : `a dump of ${p.master}`;
  const overwrite = p.overwrite?.length ? ` This replaces ${p.overwrite.join(', ')} there.` : '';
  const fixes = [
    p.enableBinlog ? 'binary log on' : '',
    p.fixBindAddress ? 'bind_address' : '',
  ].filter(Boolean);
  const restart = fixes.length ? ` ${p.master} restarts (${fixes.join(', ')}).` : '';
  return `Make ${p.replica} a replica of ${p.master}, seeded from ${seed}?${overwrite}${restart}`;
}
