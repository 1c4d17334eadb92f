import {
  OpsdeckError,
  type BackupEntry,
  type PreflightReport,
  type ReplicationSetupParamsIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { startRun, useBackups } from './backups-store';

/** Whether a backup can seed a new replica: a whole dump or hot backup with binlog coordinates. */
export function canSeedReplica(e: BackupEntry): boolean {
  return (
    e.status === 'succeeded' &&
    e.verify?.status !== 'failed' &&
    (e.kind === 'dump' || e.kind === 'hot') &&
    Boolean(e.coordinates.file)
  );
}

/** "a, b  c" → ['a', 'b', 'c']: the databases typed to overwrite. */
export const typedList = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The replication setup of a new replica seeded from `e` (the master is the backup's host). */
export const replicaParams = (
  e: BackupEntry,
  replica: string,
  overwrite: readonly string[],
): ReplicationSetupParamsIn => ({
  master: e.hostId,
  replica,
  seed: 'backup',
  backupId: e.id,
  overwrite: [...overwrite],
});

export const preflightReplica = (params: ReplicationSetupParamsIn): Promise<PreflightReport> =>
  client.call('mysql.preflight', params);

/** The refusal a failed preflight shows in the dialog: every failed check, and what to do. */
export function preflightRefusal(report: PreflightReport): OpsdeckError {
  const failed = report.checks.filter((c) => c.level === 'error');
  return new OpsdeckError(
    'MYSQL_PREFLIGHT_FAILED',
    failed.map((c) => `${c.title}: ${c.message}`).join(' | '),
    failed
      .map((c) => c.hint)
      .filter(Boolean)
      .join(' ') || 'Fix the failed checks and try again.',
  );
}

/** The plan (every command and statement), shown in the Backups area's plan panel. */
export async function planReplica(params: ReplicationSetupParamsIn): Promise<void> {
  const plan = await client.call('workflows.plan', {
    workflow: 'mysql-replication-setup',
    params,
  });
  useBackups.setState({ plan, action: null });
}

export const startReplica = (e: BackupEntry, params: ReplicationSetupParamsIn) =>
  startRun(`New replica ${params.replica} of ${e.hostName} from ${e.id}`, {
    workflow: 'mysql-replication-setup',
    params,
  });
