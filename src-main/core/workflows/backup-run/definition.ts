import { BackupRunParams, type LockRequest } from '../../../contract';
import { parseDestination } from '../../backups/destinations/url';
import { hostLocks, type Lookup, type WorkflowDefinition } from '../engine/definition';
import type { BackupWorkflowDeps } from './deps';
import { CATALOGUE } from './outputs';
import { complete } from './snapshot-steps';
import { catalogue, preflight, retention, take, verify } from './steps';

/**
 * The source host is locked (a second backup of it waits, or is refused with who holds it), and
 * so is a backup host written over SSH (backups into one host's disk and link go one at a time).
 */
export function backupRunLocks(p: BackupRunParams, lookup: Lookup): LockRequest[] {
  const source = lookup.host(p.host);
  const dest = p.kind !== 'snapshot' && p.to ? parseDestination(p.to) : undefined;
  const backupHost = dest?.kind === 'ssh' ? lookup.host(dest.host) : undefined;
  return hostLocks(backupHost && backupHost.id !== source.id ? [source, backupHost] : [source]);
}

/**
 * `backup-run`: one backup of a host's MySQL — a logical dump (mariadb-dump / mysqldump, or
 * mydumper in parallel), a hot physical backup (mariabackup / xtrabackup), or an EBS snapshot
 * set — catalogued, read back and verified, then the retention policy applied to its series. A
 * failure or cancel rolls back (the stored file or the snapshots removed, the entry failed) up
 * to the retention step: from there on the new backup is kept whatever happens.
 */
export function backupRunWorkflow(
  deps: BackupWorkflowDeps,
): WorkflowDefinition<BackupRunParams, 'backup-run'> {
  return {
    id: 'backup-run',
    title: 'Back up MySQL',
    description:
      'Take a dump, hot backup or EBS snapshot set of a host’s MySQL; store it (local folder, backup host over SSH, S3), catalogue it with its coordinates, checksum and row counts, verify it, apply retention.',
    params: BackupRunParams,
    subject: (p) => `${p.host} (${p.kind})`,
    locks: backupRunLocks,
    rollback: 'automatic',
    steps: [
      preflight(deps),
      catalogue(deps),
      take(deps),
      complete(deps),
      verify(deps),
      retention(deps),
    ],
    async onSuccess(params, outputs) {
      if (params.scheduleId && deps.afterBackup)
        await deps.afterBackup(params.scheduleId, outputs.get(CATALOGUE).backupId);
    },
  };
}
