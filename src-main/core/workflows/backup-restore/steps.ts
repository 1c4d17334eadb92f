import {
  OpsdeckError,
  toErrorShape,
  type BackupCheck,
  type BackupEntry,
  type BackupRestoreParams,
} from '../../../contract';
import { statsNow } from '../../backups/consistency/table-stats';
import { compareTables } from '../../backups/restore/compare-tables';
import { replayBinlogs } from '../../backups/restore/pitr';
import { requireRestorable, restoreBackup } from '../../backups/restore/restore-backup';
import { restoreSnapshotSet } from '../../backups/snapshot/restore-set';
import type { Step, StepContext } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';

type Ctx = StepContext<BackupRestoreParams>;
const entryOf = (ctx: Ctx, deps: BackupWorkflowDeps): BackupEntry =>
  deps.catalog.get(ctx.params.backupId);

export function backupRestoreSteps(deps: BackupWorkflowDeps): Step<BackupRestoreParams>[] {
  const record = (
    status: 'passed' | 'failed',
    ctx: Ctx,
    entry: BackupEntry,
    message: string,
    extra: Partial<BackupCheck> = {},
  ) => {
    if (!ctx.params.test || ctx.dryRun) return;
    deps.catalog.setCheck(entry.id, 'restoreTest', {
      status,
      at: (ctx.output.startedAt as string | undefined) ?? deps.now().toISOString(),
      host: ctx.params.onto,
      runId: ctx.runId,
      message,
      ...extra,
    });
  };
  type Record = (
    ctx: Ctx,
    entry: BackupEntry,
    message: string,
    extra?: Partial<BackupCheck>,
  ) => void;
  const failTest: Record = (...a) => record('failed', ...a);
  const passTest: Record = (...a) => record('passed', ...a);
  return [
    {
      id: 'check',
      title: 'Check the backup and the target',
      async run(ctx) {
        const entry = entryOf(ctx, deps);
        requireRestorable(entry);
        if (ctx.params.until && entry.kind !== 'snapshot' && !entry.coordinates.file)
          throw new OpsdeckError(
            'BACKUP_NOT_RESTORABLE',
            `Backup ${entry.id} has no binlog coordinates; it cannot be rolled forward to a point in time.`,
            'Pick a backup taken with the binary log on.',
          );
        if (ctx.params.onto === entry.hostName || ctx.host(ctx.params.onto).id === entry.hostId)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `Backup ${entry.id} was taken on ${entry.hostName}; restoring onto the same host would replace its live data.`,
            'Restore onto a scratch host (a spare lab host or a new instance), then move data as you decide.',
          );
        ctx.output.startedAt = deps.now().toISOString();
        if (ctx.params.test && !ctx.dryRun)
          deps.catalog.setCheck(entry.id, 'restoreTest', {
            status: 'running',
            at: ctx.output.startedAt as string,
            host: ctx.params.onto,
            runId: ctx.runId,
            message: `restoring onto ${ctx.params.onto}`,
          });
      },
    },
    {
      id: 'restore',
      title: 'Restore the backup onto the target',
      async check(ctx) {
        return ctx.output.restored === true;
      },
      async run(ctx) {
        const entry = entryOf(ctx, deps);
        const onto = ctx.host(ctx.params.onto);
        try {
          const r =
            entry.kind === 'snapshot'
              ? await restoreSnapshotSet(ctx, {
                  entry,
                  onto,
                  overwrite: ctx.params.overwrite,
                  closeMysql: deps.closeMysql,
                  ...(ctx.params.instanceId ? { instanceId: ctx.params.instanceId } : {}),
                  ...(ctx.params.zone ? { zone: ctx.params.zone } : {}),
                })
              : await restoreBackup(ctx, deps.catalog, {
                  entry,
                  onto,
                  overwrite: ctx.params.overwrite,
                  closeMysql: deps.closeMysql,
                });
          if (ctx.dryRun) return;
          ctx.output.restored = true;
          ctx.output.restoreMs = r.durationMs;
          if (r.leftFiles.length) ctx.output.leftFiles = r.leftFiles;
          ctx.log(
            `Restored ${entry.id} onto ${onto.name} in ${(r.durationMs / 1000).toFixed(1)} s.`,
          );
        } catch (err) {
          if (
            !ctx.signal.aborted &&
            !(err instanceof OpsdeckError && err.code === 'CONFIRMATION_REQUIRED')
          )
            failTest(ctx, entry, `restore failed: ${toErrorShape(err).message}`);
          throw err;
        }
      },
    },
    {
      id: 'roll-forward',
      title: 'Replay binary logs to the chosen point (PITR)',
      async check(ctx) {
        return !ctx.params.until || ctx.output.rolledForward === true;
      },
      async run(ctx) {
        const entry = entryOf(ctx, deps);
        const until = ctx.params.until;
        if (!until) return;
        const r = await replayBinlogs(ctx, {
          entry,
          source: ctx.host(entry.hostId),
          onto: ctx.host(ctx.params.onto),
          until,
        });
        if (ctx.dryRun) return;
        ctx.output.rolledForward = true;
        ctx.output.reached = r.reached;
        ctx.log(
          `Rolled forward to ${'gtid' in until ? `GTID ${until.gtid}` : until.time}; ${ctx.params.onto} is at ${r.reached || '(no GTID)'}.`,
        );
      },
    },
    {
      id: 'verify',
      title: 'Count rows and compare with the backup',
      async run(ctx) {
        const entry = entryOf(ctx, deps);
        const onto = ctx.host(ctx.params.onto);
        if (ctx.dryRun) {
          ctx.log(
            `Plan: count rows and CHECKSUM TABLE of ${entry.tables.length} tables on ${onto.name} and compare.`,
          );
          return;
        }
        const tables = entry.tables.length
          ? entry.tables.map((t) => t.table)
          : await (async () => {
              const rows = await ctx.mysql.read(
                onto,
                "SELECT CONCAT(table_schema, '.', table_name) AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('mysql','sys','performance_schema','information_schema') ORDER BY 1",
                { quiet: true },
              );
              return rows.map((r) => String(r.t));
            })();
        const found = await statsNow(ctx, onto, tables);
        const durationMs = Math.round(
          deps.now().getTime() - new Date(ctx.output.startedAt as string).getTime(),
        );
        const rolled = Boolean(ctx.params.until);
        if (!entry.tables.length || rolled) {
          // No counts to compare (a hot backup's point is the tool's own; after a roll-forward the
          // data is newer): every table must read, and the counts are reported.
          const unreadable = tables.filter((t) => !found.get(t));
          const report = tables.map((t) => ({
            table: t,
            expectedRows: -1,
            rows: found.get(t)?.rows ?? -1,
          }));
          ctx.output.tables = report;
          if (unreadable.length) {
            failTest(ctx, entry, `unreadable after the restore: ${unreadable.join(', ')}`, {
              tables: report,
              durationMs,
            });
            throw new OpsdeckError(
              'BACKUP_CORRUPT',
              `After the restore on ${onto.name}, ${unreadable.join(', ')} cannot be read.`,
              'Do not trust this backup; restore an earlier one.',
            );
          }
          if (!rolled)
            passTest(
              ctx,
              entry,
              `restored in ${(durationMs / 1000).toFixed(1)} s; MySQL started; all ${tables.length} tables read (${report.reduce((n, t) => n + t.rows, 0)} rows)`,
              { tables: report, durationMs },
            );
          ctx.log(report.map((t) => `${t.table}: ${t.rows} rows`).join('; ') || 'No tables.');
          return;
        }
        const verdict = compareTables(entry.tables, found);
        ctx.output.tables = verdict.tables;
        ctx.log(
          verdict.tables
            .map(
              (t) =>
                `${t.table}: ${t.rows}/${t.expectedRows} rows${t.checksumMatch === undefined ? '' : t.checksumMatch ? ', checksum ok' : ', CHECKSUM DIFFERS'}`,
            )
            .join('; '),
        );
        if (!verdict.ok) {
          failTest(ctx, entry, `restored data differs: ${verdict.problems.join('; ')}`, {
            tables: verdict.tables,
            durationMs,
          });
          throw new OpsdeckError(
            'BACKUP_CORRUPT',
            `Restore test of ${entry.id} on ${onto.name} failed: ${verdict.problems.join('; ')}.`,
            'Do not trust this backup. Take a new one and test it; look for writes to non-transactional tables or errors in the restore log.',
          );
        }
        passTest(
          ctx,
          entry,
          `restored in ${(durationMs / 1000).toFixed(1)} s; ${verdict.tables.length} ${verdict.tables.length === 1 ? 'table matches' : 'tables match'} the backup's row counts${verdict.tables.some((t) => t.checksumMatch) ? ' and checksums' : ''}`,
          { tables: verdict.tables, durationMs },
        );
      },
    },
  ];
}
