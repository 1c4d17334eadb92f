import { OpsdeckError } from '../../../contract';
import type { SettingValue } from '../../mysql/options/edit-plan';
import { bool } from '../../mysql/sql-row';
import type { OutputOf, Step } from '../engine/definition';
import { CONFIGURE_REPLICA, ENABLE_BINLOG } from './outputs';
import { preflightOf } from './steps-preflight';
import { pair, variables, type Ctx, type ReplicationDeps } from './io';
import { changeServerSettings, plannedFileChanges } from './server-config';

/**
 * Turn the binary log on at the master (only when allowed by enableBinlog). With fixBindAddress,
 * the master's new bind-address goes into the same edit: one restart for both.
 */
export function enableBinlogStep(
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof ENABLE_BINLOG>> {
  return {
    ...ENABLE_BINLOG,
    title: 'Binary log on the master',
    requested: (params) => params.enableBinlog,
    async check(ctx) {
      return bool((await variables(ctx, pair(ctx).master, ['log_bin'])).get('log_bin'));
    },
    async run(ctx) {
      const { master } = pair(ctx);
      if (!ctx.params.enableBinlog)
        throw new OpsdeckError(
          'MYSQL_PREFLIGHT_FAILED',
          `The binary log is off on ${master.name}.`,
          'Run again with enableBinlog to let Opsdeck enable it (config edit + restart).',
        );
      const v = await variables(ctx, master, ['server_id']);
      const bindAddress = ctx.params.fixBindAddress ? preflightOf(ctx).bindAddress : undefined;
      await changeServerSettings(
        ctx,
        deps,
        master,
        {
          skip_log_bin: null,
          disable_log_bin: null,
          log_bin: 'mysql-bin',
          binlog_format: 'ROW',
          ...(v.get('server_id') === '0' ? { server_id: '1' } : {}),
          ...(bindAddress ? { bind_address: bindAddress } : {}),
        },
        true,
      );
      return bindAddress ? { bindAddress } : {};
    },
    async verify(ctx) {
      if (ctx.dryRun) return;
      const { master } = pair(ctx);
      if (!bool((await variables(ctx, master, ['log_bin'])).get('log_bin')))
        throw new OpsdeckError(
          'MYSQL_PREFLIGHT_FAILED',
          `${master.name} restarted but its binary log is still off.`,
          `Another option file read by ${master.name} may disable it (skip-log-bin); check its includes.`,
        );
    },
  };
}

/**
 * Replica settings: binary log on, log_slave_updates only when asked, read_only, and the
 * replicate-wild-ignore-table filters, persisted in its config (restart only when needed).
 */
export function configureReplicaStep(
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof CONFIGURE_REPLICA>> {
  const desired = (ctx: Ctx): Record<string, SettingValue> => ({
    skip_log_bin: null,
    disable_log_bin: null,
    log_bin: 'mysql-bin',
    log_slave_updates: ctx.params.logReplicaUpdates ? 'ON' : 'OFF',
    read_only: 'ON',
    replicate_wild_ignore_table: ctx.params.ignoreTables,
  });
  const needsRestart = async (ctx: Ctx) => {
    const v = await variables(ctx, pair(ctx).replica, ['log_bin', 'log_slave_updates']);
    return (
      !bool(v.get('log_bin')) || bool(v.get('log_slave_updates')) !== ctx.params.logReplicaUpdates
    );
  };
  return {
    ...CONFIGURE_REPLICA,
    title: 'Replica settings (binary log, log_slave_updates, read_only, filters)',
    async check(ctx) {
      const { replica } = pair(ctx);
      const planned = await plannedFileChanges(ctx, replica, desired(ctx));
      return planned.files.length === 0 && !(await needsRestart(ctx));
    },
    async run(ctx) {
      const { replica } = pair(ctx);
      // A hot-backup seed stops and starts the replica anyway: one restart is enough.
      const deferred = ctx.params.seed === 'hot-backup';
      const restart = !deferred && (await needsRestart(ctx));
      const changes = await changeServerSettings(ctx, deps, replica, desired(ctx), restart);
      if (changes.length) ctx.changed(`config: ${changes.join(', ')}`);
      if (!restart)
        ctx.log(
          deferred
            ? `${replica.name}: the new settings apply when the seed restarts it`
            : `${replica.name}: no restart needed`,
        );
      return { configChanges: changes };
    },
    async verify(ctx) {
      if (ctx.dryRun || ctx.params.seed === 'hot-backup') return;
      if (await needsRestart(ctx))
        throw new OpsdeckError(
          'MYSQL_PREFLIGHT_FAILED',
          `${pair(ctx).replica.name} still runs with other log_bin / log_slave_updates values than its config now says.`,
          'Another option file may override them; check the config includes, then resume.',
        );
    },
  };
}
