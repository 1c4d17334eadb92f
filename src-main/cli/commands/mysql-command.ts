import type { Command } from 'commander';
import {
  OpsdeckError,
  type MysqlActionName,
  type ReplicationSetupParamsIn,
  watchFeed,
} from '../../contract';
import type { RunCommand } from '../run-command';
import { renderFacts, renderTopology } from './mysql-render';
import { registerFailover } from './failover-command';
import { registerMysqlLogin } from './mysql-login-command';
import { planOrRun } from './disk-options';
import { replicateQuestion, replicationPreflight } from './replicate-run';
import { csv } from './list-option';

const collect = (value: string, previous: string[]) => [...previous, value];

interface ReplicateOptions {
  master: string;
  replica: string;
  seed: 'dump' | 'hot-backup' | 'backup';
  backup?: string;
  dryRun?: boolean;
  databases?: string[];
  overwrite: string[];
  enableBinlog?: boolean;
  fixServerId?: boolean;
  fixBindAddress?: boolean;
  gtid: boolean;
  ignoreTable: string[];
  logReplicaUpdates?: boolean;
  user?: string;
  throttle?: number;
  preflight?: boolean;
}

/** `opsdeck mysql …`: facts, topology, replication setup and actions, over the same router. */
export function registerMysql(program: Command, run: RunCommand): void {
  const mysql = program.command('mysql').description('MySQL / MariaDB servers of the inventory');
  registerFailover(mysql, run);
  registerMysqlLogin(mysql, run);

  mysql
    .command('facts <host>')
    .description(
      'Flavor, version, server_id, binlog and GTID settings, read_only, datadir, replication accounts',
    )
    .action((host: string) =>
      run(async ({ call, out }) => {
        const facts = await call('mysql.facts', { host });
        out.result(facts, () => renderFacts(facts));
      }),
    );

  mysql
    .command('topology <host>')
    .description('The replication tree around a server (masters up to the root, every replica)')
    .option('-w, --watch [seconds]', 'refresh until interrupted')
    .action((host: string, opts: { watch?: boolean | string }) =>
      run(async (ctx) => {
        const { call, out } = ctx;
        if (!opts.watch) {
          const topo = await call('mysql.topology', { host });
          out.result(topo, () => renderTopology(topo));
          return;
        }
        // Live: the mysql.topology feed, for this CLI's connection only, until Ctrl+C.
        const seconds = typeof opts.watch === 'string' ? Number(opts.watch) || 5 : 5;
        let ended: (() => void) | undefined;
        const done = new Promise<void>((resolve) => (ended = resolve));
        const watch = watchFeed(
          ctx,
          'mysql.topology',
          { host, intervalMs: seconds * 1000 },
          {
            data: (topology, { at }) => {
              if (out.json) process.stdout.write(`${JSON.stringify({ at, topology })}\n`);
              else out.info(`\n${new Date(at).toLocaleTimeString()}\n${renderTopology(topology)}`);
            },
            error: (error, retryInMs) => {
              if (out.json) process.stdout.write(`${JSON.stringify({ error, retryInMs })}\n`);
              else out.info(`error: ${error.message} (again in ${Math.round(retryInMs / 1000)} s)`);
            },
            ended: () => ended?.(),
          },
        );
        await watch.ready;
        process.once('SIGINT', () => ended?.());
        await done;
        await watch.stop();
      }),
    );

  mysql
    .command('replicate')
    .description('Make --replica a replica of --master (preflight, account, seed, start, verify)')
    .requiredOption('--master <host>', 'the master')
    .requiredOption('--replica <host>', 'the new replica')
    .option('--seed <method>', 'dump | hot-backup | backup (with --backup <id>)', 'dump')
    .option(
      '--backup <id>',
      'seed from this catalogued backup of the master (`opsdeck backup list`)',
    )
    .option('--dry-run', 'print the plan (every command and statement); change nothing')
    .option('--preflight', 'only run the preflight checks')
    .option('-y, --yes', 'do not ask before starting')
    .option(
      '--databases <list>',
      'dump seed: databases to copy (default: all of the master’s)',
      csv,
    )
    .option('--overwrite <list>', 'replica databases you agree to overwrite', csv, [])
    .option(
      '--enable-binlog',
      'turn the master’s binary log on if it is off (config edit + restart)',
    )
    .option(
      '--fix-server-id',
      'give the replica a unique server_id if it clashes (config edit with a backup + SET GLOBAL)',
    )
    .option(
      '--fix-bind-address',
      'make a master that listens only on loopback listen where the replica reaches it (config edit with a backup + restart)',
    )
    .option('--no-gtid', 'position by binlog file and offset instead of GTID')
    .option(
      '--ignore-table <pattern>',
      'replicate-wild-ignore-table pattern (repeatable)',
      collect,
      [],
    )
    .option('--log-replica-updates', 'the replica logs replicated changes in its binary log too')
    .option('--user <name>', 'replication account name (default repl_<replica>)')
    .option('--throttle <KiBps>', 'limit the seed transfer rate', (v) => Number.parseInt(v, 10))
    .action((opts: ReplicateOptions) =>
      run(async (ctx, confirm) => {
        const params: ReplicationSetupParamsIn = {
          master: opts.master,
          replica: opts.replica,
          // --backup <id> alone means a seed from that backup.
          seed: opts.backup ? 'backup' : opts.seed,
          overwrite: opts.overwrite,
          enableBinlog: Boolean(opts.enableBinlog),
          fixServerId: Boolean(opts.fixServerId),
          fixBindAddress: Boolean(opts.fixBindAddress),
          useGtid: opts.gtid,
          ignoreTables: opts.ignoreTable,
          logReplicaUpdates: Boolean(opts.logReplicaUpdates),
          ...(opts.databases ? { databases: opts.databases } : {}),
          ...(opts.backup ? { backupId: opts.backup } : {}),
          ...(opts.user ? { replicationUser: opts.user } : {}),
          ...(opts.throttle ? { throttleKiBps: opts.throttle } : {}),
        };
        if (opts.preflight) return replicationPreflight(ctx, params);
        await planOrRun(
          ctx,
          confirm,
          opts,
          { workflow: 'mysql-replication-setup', params },
          replicateQuestion(params),
        );
      }),
    );

  const action = (name: string, act: MysqlActionName, description: string) =>
    mysql
      .command(`${name} <host>`)
      .description(`${description} (asks first; --yes to skip)`)
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--errno <n>', 'skip: only if the replica stops on this error', (v) =>
        Number.parseInt(v, 10),
      )
      .action((host: string, opts: { yes?: boolean; errno?: number }) =>
        run(async ({ call, out }, confirm) => {
          const h = await call('hosts.get', { id: host });
          if (act === 'skip-event') {
            const report = await call('mysql.replicaError', { host: h.name });
            if (!report.error)
              throw new OpsdeckError(
                'CONFLICT',
                `${h.name} is not stopped by a replication error.`,
                'There is nothing to skip.',
              );
            out.info(`${h.name} stopped on error ${report.error.errno}: ${report.error.message}`);
            for (const e of report.events)
              out.info(`  ${e.logName}:${e.pos} ${e.eventType} ${e.info}`);
          }
          if (!opts.yes && !(await confirm(`${description} on ${h.name}?`))) return;
          const result = await call('mysql.action', {
            host: h.name,
            action: act,
            confirm: h.name,
            ...(opts.errno !== undefined ? { expectErrno: opts.errno } : {}),
          });
          out.result(
            result,
            () =>
              `${result.statements.join('; ')}\n${h.name}: IO ${result.status?.ioThread ?? '-'} / SQL ${result.status?.sqlThread ?? '-'}`,
          );
        }),
      );
  action('start-replication', 'start-replication', 'Start replication');
  action('stop-replication', 'stop-replication', 'Stop replication');
  action('skip-event', 'skip-event', 'Skip the one event the replica stopped on');

  mysql
    .command('read-only <host> <on|off>')
    .description('Set read_only (asks first; --yes to skip)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((host: string, value: string, opts: { yes?: boolean }) =>
      run(async ({ call, out }, confirm) => {
        const h = await call('hosts.get', { id: host });
        const readOnly = /^(on|1|true|yes)$/i.test(value);
        if (!opts.yes && !(await confirm(`Set read_only=${readOnly ? 'ON' : 'OFF'} on ${h.name}?`)))
          return;
        const result = await call('mysql.action', {
          host: h.name,
          action: 'set-read-only',
          readOnly,
          confirm: h.name,
        });
        out.result(result, () => `${h.name}: read_only=${result.readOnly ? 'ON' : 'OFF'}`);
      }),
    );
}
