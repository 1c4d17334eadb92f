import type { Host } from '../../../contract';
import type { BackupCatalog } from '../../backups/catalog';
import type { DetectedProfile } from '../replication-setup/io';

/** What the backup workflows need besides the step context. */
export interface BackupWorkflowDeps {
  catalog: BackupCatalog;
  /** Forget pooled MySQL connections of a host whose server was restarted. */
  closeMysql(hostId: string): void;
  /** A fresh random suffix for ids. */
  random(): string;
  now(): Date;
  /**
   * Keep a profile detected during a run (a restore target whose service commands were never
   * detected, e.g. a host just added); the user's own values stay.
   */
  saveDetectedProfile?(hostId: string, detected: DetectedProfile): Host;
  /** A scheduled backup succeeded: its schedule's restore test follows (never throws). */
  afterBackup?(scheduleId: string, backupId: string): Promise<unknown>;
}
