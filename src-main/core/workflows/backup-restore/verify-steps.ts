import { OpsdeckError, type BackupRestoreParams } from '../../../contract';
import { formatDuration } from '../../../contract/format';
import { statsNow } from '../../backups/consistency/table-stats';
import { compareTables } from '../../backups/restore/compare-tables';
import { replayBinlogs } from '../../backups/restore/pitr';
import type { OutputOf, Step } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { CHECK, ROLLED, TESTED, type Ctx } from './outputs';
import { judged, recordTest } from './restore-test';

type P = BackupRestoreParams;
type Deps = BackupWorkflowDeps;

/** Point in time: the source's binlogs from the backup's coordinates, up to a GTID or a time. */
export const rollForward = (deps: Deps): Step<P, OutputOf<typeof ROLLED>> => ({
  ...ROLLED,
  title: 'Replay binary logs to the chosen point (PITR)',
  async check(ctx) {
    return !ctx.params.until;
  },
  run: (ctx) =>
    judged(ctx, deps, 'the point-in-time replay', async (entry) => {
      const until = ctx.params.until as NonNullable<P['until']>;
      const r = await replayBinlogs(ctx, {
        entry,
        source: ctx.host(entry.hostId),
        onto: ctx.host(ctx.params.onto),
        until,
      });
      if (!ctx.dryRun) {
        ctx.changed(
          `${ctx.params.onto} rolled forward to ${'gtid' in until ? until.gtid : until.time}`,
        );
        ctx.log(
          `Rolled forward to ${'gtid' in until ? `GTID ${until.gtid}` : until.time}; ${ctx.params.onto} is at ${r.reached || '(no GTID)'}.`,
        );
      }
      return { reached: r.reached };
    }),
});

const USER_TABLES =
  "SELECT CONCAT(table_schema, '.', table_name) AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('mysql','sys','performance_schema','information_schema') ORDER BY 1";

/**
 * Rows and CHECKSUM TABLE of every table, in one snapshot, against the counts taken at the
 * backup's point: the restore test. A hot backup (its point is the tool's own) and a rolled
 * forward copy (newer than the backup) are checked table by table for being readable instead.
 */
export const verify = (deps: Deps): Step<P, OutputOf<typeof TESTED>> => ({
  ...TESTED,
  title: 'Count rows and compare with the backup',
  run: (ctx) =>
    judged(ctx, deps, 'the comparison', async (entry) => {
      const onto = ctx.host(ctx.params.onto);
      if (ctx.dryRun) {
        ctx.log(
          `Plan: count rows and CHECKSUM TABLE of ${entry.tables.length || 'every'} table(s) on ${onto.name} and compare.`,
        );
        return { tables: [] };
      }
      const tables = entry.tables.length
        ? entry.tables.map((t) => t.table)
        : (await ctx.mysql.read(onto, USER_TABLES, { quiet: true })).map((r) => String(r.t));
      const found = await statsNow(ctx, onto, tables);
      const durationMs = Math.round(deps.now().getTime() - Date.parse(ctx.get(CHECK).startedAt));
      if (!entry.tables.length || ctx.params.until)
        return readable(ctx, deps, tables, found, durationMs);
      const verdict = compareTables(entry.tables, found);
      ctx.log(
        verdict.tables
          .map(
            (t) =>
              `${t.table}: ${t.rows}/${t.expectedRows} rows${t.checksumMatch === undefined ? '' : t.checksumMatch ? ', checksum ok' : ', CHECKSUM DIFFERS'}`,
          )
          .join('; '),
      );
      if (!verdict.ok) {
        recordTest(
          deps,
          ctx,
          entry,
          'failed',
          `restored data differs: ${verdict.problems.join('; ')}`,
          {
            tables: verdict.tables,
            durationMs,
          },
        );
        throw new OpsdeckError(
          'BACKUP_CORRUPT',
          `Restore test of ${entry.id} on ${onto.name} failed: ${verdict.problems.join('; ')}.`,
          'Do not trust this backup. Take a new one and test it; look for writes to non-transactional tables or errors in the restore log.',
        );
      }
      recordTest(
        deps,
        ctx,
        entry,
        'passed',
        `restored in ${formatDuration(durationMs)}; ${verdict.tables.length} ${verdict.tables.length === 1 ? 'table matches' : 'tables match'} the backup's row counts${verdict.tables.some((t) => t.checksumMatch) ? ' and checksums' : ''}`,
        { tables: verdict.tables, durationMs },
      );
      return { tables: verdict.tables };
    }),
});

/** No counts to compare with: every table must read; the counts are reported. */
function readable(
  ctx: Ctx,
  deps: Deps,
  tables: readonly string[],
  found: Map<string, { rows: number } | undefined>,
  durationMs: number,
) {
  const entry = deps.catalog.get(ctx.params.backupId);
  const onto = ctx.params.onto;
  const unreadable = tables.filter((t) => !found.get(t));
  const report = tables.map((t) => ({
    table: t,
    expectedRows: -1,
    rows: found.get(t)?.rows ?? -1,
  }));
  if (unreadable.length) {
    recordTest(
      deps,
      ctx,
      entry,
      'failed',
      `unreadable after the restore: ${unreadable.join(', ')}`,
      {
        tables: report,
        durationMs,
      },
    );
    throw new OpsdeckError(
      'BACKUP_CORRUPT',
      `After the restore on ${onto}, ${unreadable.join(', ')} cannot be read.`,
      'Do not trust this backup; restore an earlier one.',
    );
  }
  // A rolled-forward copy is newer than the backup: it says nothing about the backup itself.
  if (!ctx.params.until)
    recordTest(
      deps,
      ctx,
      entry,
      'passed',
      `restored in ${formatDuration(durationMs)}; MySQL started; all ${tables.length} tables read (${report.reduce((n, t) => n + t.rows, 0)} rows)`,
      { tables: report, durationMs },
    );
  ctx.log(report.map((t) => `${t.table}: ${t.rows} rows`).join('; ') || 'No tables.');
  return { tables: report };
}
