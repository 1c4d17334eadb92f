import type { Command } from 'commander';
import type { ReplicationSetupParamsIn } from '../../contract';
import type { RunCommand } from '../run-command';
import { planOrRun } from './disk-options';
import { replicationPreflight } from './replicate-run';
import { csv } from './list-option';

/**
 * `opsdeck backup new-replica <id> --onto <host>`: a new replica of the backup's host, seeded
 * from the backup (the replication setup with seed `backup`; the master is the backup's host).
 */
export function registerBackupReplica(backup: Command, run: RunCommand): void {
  backup
    .command('new-replica <id>')
    .description(
      'Make --onto a replica of the backup’s host, seeded from this backup (the master must still have the binlogs since it)',
    )
    .requiredOption('--onto <host>', 'the new replica')
    .option(
      '--overwrite <list>',
      'the replica’s databases you agree to replace (typed, as the preflight lists them)',
      csv,
      [],
    )
    .option('--no-gtid', 'position by binlog file and offset instead of GTID')
    .option('--fix-server-id', 'give the replica a unique server_id if it clashes')
    .option('--user <name>', 'replication account name (default repl_<replica>)')
    .option('--preflight', 'only run the preflight checks (binary logs since the backup, …)')
    .option('--dry-run', 'print the plan; change nothing')
    .option('-y, --yes', 'do not ask before starting')
    .action(
      (
        id: string,
        o: {
          onto: string;
          overwrite: string[];
          gtid: boolean;
          fixServerId?: boolean;
          user?: string;
          preflight?: boolean;
          dryRun?: boolean;
          yes?: boolean;
        },
      ) =>
        run(async (ctx, confirm) => {
          const entry = await ctx.call('backups.get', { id });
          const params: ReplicationSetupParamsIn = {
            master: entry.hostId,
            replica: o.onto,
            seed: 'backup',
            backupId: entry.id,
            overwrite: o.overwrite,
            useGtid: o.gtid,
            fixServerId: Boolean(o.fixServerId),
            ...(o.user ? { replicationUser: o.user } : {}),
          };
          if (o.preflight) return replicationPreflight(ctx, params);
          await planOrRun(
            ctx,
            confirm,
            o,
            { workflow: 'mysql-replication-setup', params },
            `Make ${o.onto} a replica of ${entry.hostName}, seeded from backup ${entry.id} (${entry.kind}, ${entry.coordinates.file}:${entry.coordinates.position})?${o.overwrite.length ? ` This replaces ${o.overwrite.join(', ')} there.` : ''}`,
          );
        }),
    );
}
